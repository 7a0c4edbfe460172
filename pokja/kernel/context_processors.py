"""The navbar: the links each app registered, as far as the policy lets this user see them;
and whether this user works offline (base.html then offers the installable app and its queue)."""

from django.utils import timezone

from pokja.kernel import policy
from pokja.kernel.registry import registry

# The links of each kind of account, worked out once per worker and day (a few kinds, a few
# entries). The policy reads nothing of an account but its role, region and whether it is
# active (the page cache keys its parts on the same), and the links name this year's pages:
# those, and the day, are the key. Labels stay lazy: each request shows them in its language.
_LINKS: dict[tuple, dict] = {}
_LINKS_MAX = 1000


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    key = (user.role, user.region_id or "", user.is_active, timezone.localdate())
    links = _LINKS.get(key)
    if links is None:
        links = {
            "nav_items": registry.nav_for(user),
            "nav_lists": registry.nav_for(user, "lists"),
            "works_offline": "work_offline" in policy.ACTIONS
            and policy.allows(user, "work_offline"),
        }
        if len(_LINKS) >= _LINKS_MAX:
            _LINKS.clear()
        _LINKS[key] = links
    return dict(links)
