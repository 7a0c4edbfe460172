"""The core app's reminder sources; other apps register theirs the same way (by dotted path)."""

from pokja.kernel.registry import registry

for name in ("sk_expiring", "workplan_next_year", "verification_waiting", "rejected_records"):
    registry.add_reminder_source(f"pokja.reminders.sources.{name}")
