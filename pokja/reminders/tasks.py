"""The nightly reminders run: a thin wrapper around the services."""

from celery import shared_task

from pokja.reminders.digest import send_digests
from pokja.reminders.services import refresh


@shared_task(name="pokja.reminders.tasks.nightly_reminders")
def nightly_reminders() -> dict:
    counts = refresh()
    counts["digests"] = send_digests()
    return counts
