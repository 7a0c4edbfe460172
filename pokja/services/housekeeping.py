"""Nightly housekeeping: tidy what piles up and record that the worker is alive."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone

from pokja.models import WorkerHeartbeat


def run_housekeeping(*, hostname: str = "") -> WorkerHeartbeat:
    expired, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return WorkerHeartbeat.objects.create(
        task_name="nightly_housekeeping",
        hostname=hostname,
        detail=f"expired sessions removed: {expired}",
    )
