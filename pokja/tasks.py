"""Celery tasks of the core app. Each is a thin wrapper around a service."""

from celery import shared_task

from pokja.services.housekeeping import run_housekeeping


@shared_task(bind=True, name="pokja.tasks.nightly_housekeeping")
def nightly_housekeeping(self) -> int:
    heartbeat = run_housekeeping(hostname=self.request.hostname or "")
    return heartbeat.pk
