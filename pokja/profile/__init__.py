"""The user's profile page: personal API tokens and the digest choice."""
