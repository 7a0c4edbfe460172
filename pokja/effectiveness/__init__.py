"""Effectiveness of the Pokja Bangga Kencana: the four-criteria rules and the recompute engine."""
