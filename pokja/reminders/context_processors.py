"""The navbar's "Perlu tindakan" count: one small indexed query per request (remembered on the
request, since panels rendered inside a page run the context processors again)."""

from pokja.reminders.services import due_count


def due_items(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_due_count"):
        request._due_count = due_count(user)
    return {"due_count": request._due_count}
