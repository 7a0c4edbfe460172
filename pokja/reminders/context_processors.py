"""The navbar's "Perlu tindakan" count (one small indexed query per page)."""

from pokja.reminders.services import due_count


def due_items(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"due_count": due_count(user)}
