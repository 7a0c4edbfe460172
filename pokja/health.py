"""Operators' health probes, written as django-health-check checks (its plugin API).

The library already checks the database and pings Celery workers; these add what only this
portal knows: the broker itself, beat's last tick, the age of the last nightly recompute, the
file storage (a write, read and delete, on disk or in the bucket; free space on disk) and the
database triggers the nightly recompute relies on.
Messages are for operators and stay short.
"""

from __future__ import annotations

import dataclasses
import datetime
import shutil
import uuid
from typing import ClassVar

from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from health_check import checks
from health_check.base import HealthCheck
from health_check.contrib import celery as celery_checks
from health_check.exceptions import ServiceUnavailable, ServiceWarning

from pokja.effectiveness import stamps
from pokja.models import AssessmentRun, WorkerHeartbeat

BEAT_TICK_TASK = "beat_tick"


class StableName:
    """The name a check is reported under (the JSON keys, the text and HTML lines). The library
    uses the check's repr, which for its Celery ping holds a memory address that changes with
    every process (`Ping(app=<Celery pokja at 0x7fba…>)`): a monitor could not follow it."""

    name: ClassVar[str]

    def __repr__(self) -> str:
        return self.name

    @property
    def labels(self) -> dict[str, str]:  # the OpenMetrics labels
        return {"check": self.name}


class Database(StableName, checks.Database):
    name = "database"


class WorkerPing(StableName, celery_checks.Ping):
    """A worker answers a Celery ping."""

    name = "celery_workers"


def deployed_at() -> datetime.datetime | None:
    """When this database was first migrated: the deployment's birth. "Never ran yet" is
    judged from it, not from the process start (gunicorn replaces its workers every thousand
    requests and every upgrade restarts them, which would keep a beat that never ran hidden)."""
    return (
        MigrationRecorder.Migration.objects.order_by("applied")
        .values_list("applied", flat=True)
        .first()
    )


def _last_or_deployed(last: datetime.datetime | None) -> datetime.datetime | None:
    """A job that never ran is judged as if it had run at the deployment: on a fresh portal it
    turns red or amber only once it is as late as a job that stopped running would be."""
    return last if last is not None else deployed_at()


@dataclasses.dataclass(repr=False)
class Broker(StableName, HealthCheck):
    """A connection to the message broker can be opened."""

    name = "broker"

    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=3), repr=False
    )

    def run(self) -> None:
        try:
            with current_app.connection_for_write() as conn:
                conn.ensure_connection(
                    max_retries=1,
                    interval_start=0,
                    interval_step=0,
                    timeout=self.timeout.total_seconds(),
                )
        except Exception as exc:  # kombu and redis raise several unrelated types
            raise ServiceUnavailable("broker unreachable") from exc


@dataclasses.dataclass(repr=False)
class BeatTick(StableName, HealthCheck):
    """Beat scheduled its heartbeat task recently and a worker ran it."""

    name = "beat_tick"

    max_age: datetime.timedelta = dataclasses.field(
        default_factory=lambda: datetime.timedelta(minutes=settings.HEALTH_BEAT_MAX_AGE_MINUTES)
    )

    def run(self) -> None:
        last = (
            WorkerHeartbeat.objects.filter(task_name=BEAT_TICK_TASK)
            .order_by("-ran_at")
            .values_list("ran_at", flat=True)
            .first()
        )
        since = _last_or_deployed(last)
        age = timezone.now() - since if since else self.max_age * 2
        if age > self.max_age:
            if last is None:
                raise ServiceUnavailable(f"never ticked, deployed {_minutes(age)} min ago")
            raise ServiceUnavailable(f"last beat tick {_minutes(age)} min ago")


@dataclasses.dataclass(repr=False)
class NightlyRun(StableName, HealthCheck):
    """The last successful nightly recompute is recent (a missed night is a warning)."""

    name = "nightly_run"

    max_age: datetime.timedelta = dataclasses.field(
        default_factory=lambda: datetime.timedelta(hours=settings.HEALTH_NIGHTLY_MAX_AGE_HOURS)
    )

    def run(self) -> None:
        last = (
            AssessmentRun.objects.filter(
                trigger=AssessmentRun.Trigger.NIGHTLY, status=AssessmentRun.Status.DONE
            )
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
        since = _last_or_deployed(last)
        age = timezone.now() - since if since else self.max_age * 2
        if age > self.max_age:
            if last is None:
                raise ServiceWarning(
                    f"no successful nightly run yet (deployed {_minutes(age) // 60} h ago)"
                )
            raise ServiceWarning(f"last successful nightly run {_minutes(age) // 60} h ago")


@dataclasses.dataclass(repr=False)
class MediaStorage(StableName, HealthCheck):
    """The portal's file storage (disk or bucket) takes a write, gives it back and deletes it;
    on disk, there is also enough free space left."""

    name = "media_storage"

    min_free_mb: int = dataclasses.field(
        default_factory=lambda: settings.HEALTH_MIN_FREE_DISK_MB, repr=False
    )

    def run(self) -> None:
        storage = storages["default"]
        payload = uuid.uuid4().bytes
        try:
            # A name of its own per probe: two hosts probing at once never read each other's.
            name = storage.save(f"health/{uuid.uuid4().hex}.probe", ContentFile(payload))
            try:
                with storage.open(name, "rb") as handle:
                    read_back = handle.read()
            finally:
                storage.delete(name)
        except Exception as exc:  # the filesystem and boto3 raise unrelated types
            raise ServiceUnavailable(f"file storage failed: {type(exc).__name__}") from exc
        if read_back != payload:
            raise ServiceUnavailable("file storage gave back other bytes")
        if isinstance(storage, FileSystemStorage):
            free_mb = shutil.disk_usage(storage.location).free // (1024 * 1024)
            if free_mb < self.min_free_mb:
                raise ServiceUnavailable(f"{free_mb} MB free for media")


@dataclasses.dataclass(repr=False)
class EvidenceStamps(StableName, HealthCheck):
    """Every evidence table's trigger that moves its Pokja's stamp is in place: without one, the
    nightly run would miss that table's changes (pokja/effectiveness/stamps.py)."""

    name = "evidence_stamps"

    def run(self) -> None:
        missing = stamps.expected(connection) - stamps.installed(connection)
        if missing:
            raise ServiceUnavailable(
                f"evidence triggers missing: {', '.join(sorted(missing))} (run manage.py migrate)"
            )


def _minutes(age: datetime.timedelta) -> int:
    return int(age.total_seconds() // 60)


def record_beat_tick(*, hostname: str = "") -> WorkerHeartbeat:
    """Record that beat's heartbeat task ran; older ticks beyond a day are dropped."""
    WorkerHeartbeat.objects.filter(
        task_name=BEAT_TICK_TASK, ran_at__lt=timezone.now() - datetime.timedelta(days=1)
    ).delete()
    return WorkerHeartbeat.objects.create(task_name=BEAT_TICK_TASK, hostname=hostname)
