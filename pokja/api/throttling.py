"""Throttling per personal token (each token its own budget), or per user for the browser, and
per user across all their tokens: a user may hold ten tokens (REST_KNOX TOKEN_LIMIT_PER_USER),
which alone would give them ten budgets."""

from knox.models import AuthToken
from rest_framework.throttling import SimpleRateThrottle


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, AuthToken):
            ident = f"token-{request.auth.token_key}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"anon-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PerUserThrottle(SimpleRateThrottle):
    """One budget per user, whatever token or session the request came with (an anonymous
    request is the per-token throttle's, by address)."""

    scope = "api_user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
