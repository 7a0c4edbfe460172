"""The navbar: the links each app registered, as far as the policy lets this user see them;
and whether this user works offline (base.html then offers the installable app and its queue)."""

from pokja.kernel import policy
from pokja.kernel.registry import registry


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_items": registry.nav_for(user),
        "nav_lists": registry.nav_for(user, "lists"),
        "works_offline": "work_offline" in policy.ACTIONS and policy.allows(user, "work_offline"),
    }
