"""The navbar's "Perlu tindakan" link and count: one small indexed query per request
(remembered on the request, since panels rendered inside a page run the context processors
again), for the roles that can have items only."""

from pokja.kernel import policy
from pokja.reminders.services import due_count


def due_items(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not policy.may_have_due_items(user):
        return {}  # no "Perlu tindakan" in the navbar: the role never has an item
    if not hasattr(request, "_due_count"):
        request._due_count = due_count(user)
    return {"due_menu": True, "due_count": request._due_count}
