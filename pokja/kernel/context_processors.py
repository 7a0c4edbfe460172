"""The navbar: the links each app registered, as far as the policy lets this user see them."""

from pokja.kernel.registry import registry


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_items": registry.nav_for(user), "nav_lists": registry.nav_for(user, "lists")}
