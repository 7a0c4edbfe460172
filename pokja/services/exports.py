"""List exports too big for one request: queued as an ExportJob, written by the worker.

A list (any view built on pokja.views.lists.ListPageMixin) counts its filtered rows; above
`EXPORT_INLINE_MAX_ROWS` it calls `export_job_enqueue` instead of answering with the file. The
worker (`pokja.tasks.export_list`) calls `run_export_job`, which opens the same list view as
the job's owner with the stored query string, so the owner's scope (`for_user`), the filter
and the sort are applied again by the very code that serves the page; the view hands its rows
to `write_job_file`. Nightly housekeeping calls `remove_old_export_jobs`.
"""

from __future__ import annotations

import io
import logging
import tempfile
from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from pokja import list_exports
from pokja.broker import WorkerUnreachable, broker_reachable, queued_run_timeout
from pokja.kernel import spreadsheets
from pokja.models import ExportJob, User

logger = logging.getLogger(__name__)

Status = ExportJob.Status
EXPORT_PARAM = "_export"  # ListPageMixin.export_trigger_param


def export_job_enqueue(
    *,
    owner: User,
    list_name: str,
    title: str,
    export_format: str,
    query: str,
    filename: str,
    rows_total: int,
) -> ExportJob:
    """Queue the export of a list for `owner`; the worker starts once the row is committed.

    The same export still waiting or running (a second click, a reload) is returned rather
    than queued twice. Refuses with WorkerUnreachable, writing nothing, when the broker is
    down.
    """
    existing = (
        ExportJob.objects.for_user(owner)
        .unfinished()
        .filter(
            list_name=list_name,
            export_format=export_format,
            query=query,
            created_at__gte=timezone.now() - queued_run_timeout(),
        )
        .first()
    )
    if existing is not None:
        return existing
    if not broker_reachable():
        raise WorkerUnreachable(
            _(
                "The background worker cannot be reached right now, so the export of "
                "%(rows)s rows was not started. Try again later, narrow the filter to at "
                "most %(max)s rows to download at once, or ask the administrator to check "
                "the worker."
            )
            % {"rows": rows_total, "max": settings.EXPORT_INLINE_MAX_ROWS},
            code="worker_unreachable",
        )
    job = ExportJob(
        owner=owner,
        list_name=list_name,
        title=title[:255],
        export_format=export_format,
        query=query,
        filename=filename,
        rows_total=rows_total,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: _send(job.pk))
    return job


def export_job_restart(*, job: ExportJob) -> ExportJob:
    """The same export again (after a failure, or for today's data)."""
    return export_job_enqueue(
        owner=job.owner,
        list_name=job.list_name,
        title=job.title,
        export_format=job.export_format,
        query=job.query,
        filename=job.filename,
        rows_total=job.rows_total,
    )


def _send(job_id: int) -> None:
    try:
        # By dotted path, at call time: the tasks module imports this one (a web process
        # has not imported the tasks, so Celery's registry would not know the name yet).
        import_string("pokja.tasks.export_list").delay(job_id)
    except (BrokerError, OSError) as exc:
        logger.exception("Could not queue export job %s", job_id)
        _finish(job_id, Status.QUEUED, Status.FAILED, error=_worker_error(exc))


def _worker_error(exc: Exception) -> str:
    return _("The background worker could not be reached (%(error)s). Start the export again.") % {
        "error": type(exc).__name__
    }


def _finish(job_id: int, from_status: str, to_status: str, **fields) -> bool:
    """Move a job on, only if it is still where we left it (safe when a message comes twice)."""
    return bool(
        ExportJob.objects.filter(pk=job_id, status=from_status).update(
            status=to_status, finished_at=timezone.now(), **fields
        )
    )


def run_export_job(job_id: int) -> ExportJob | None:
    """Write the job's file. Returns None when the job is not waiting (already run, or gone)."""
    claimed = ExportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    try:
        with translation.override(job.language):
            _open_list_as_owner(job)
    except Exception as exc:  # the user must see a failed job, whatever went wrong
        logger.exception("Export job %s failed", job_id)
        with translation.override(job.language):
            error = _(
                "The file could not be written (%(error)s). Start the export again; if it "
                "fails again, tell the administrator."
            ) % {"error": type(exc).__name__}
        _finish(job_id, Status.RUNNING, Status.FAILED, error=error)
    job.refresh_from_db()
    return job


def _open_list_as_owner(job: ExportJob) -> None:
    """Run the list view as the owner with the stored query and `export_job` set: its
    create_export passes the rows to write_job_file instead of answering with them."""
    path = reverse(job.list_name)
    match = resolve(path)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.resolver_match = match
    request.user = job.owner
    request.LANGUAGE_CODE = job.language
    query = QueryDict(job.query, mutable=True)
    query[EXPORT_PARAM] = job.export_format
    request.GET = query
    match.func.view_class.as_view(export_job=job)(request, *match.args, **match.kwargs)


def write_job_file(job: ExportJob, rows: Iterable[list], *, total: int, sheet_title: str) -> None:
    """Write the header and rows to the job's file, recording progress every chunk."""
    ExportJob.objects.filter(pk=job.pk).update(rows_total=total, rows_done=0)
    counted = _counting(job.pk, iter(rows))
    with tempfile.TemporaryFile() as target:
        if job.export_format == ExportJob.Format.CSV:
            text = io.TextIOWrapper(target, encoding="utf-8", newline="")
            spreadsheets.csv_writer(text).writerows(counted)
            text.flush()
            text.detach()  # the binary file stays open for the storage to read
        else:
            list_exports.write_xlsx(counted, sheet_title, target)
        target.seek(0)
        job.file.save(job.filename, File(target), save=False)
    if not _finish(job.pk, Status.RUNNING, Status.DONE, file=job.file.name):
        job.file.delete(save=False)  # the job was given up meanwhile: keep no stray file


def _counting(job_id: int, rows: Iterator[list]) -> Iterator[list]:
    """The rows, unchanged; after the header, the count written goes to the job every chunk."""
    header = next(rows, None)
    if header is None:
        return
    yield header
    done = 0
    for done, row in enumerate(rows, start=1):  # noqa: B007 (done is read after the loop)
        yield row
        if done % list_exports.CHUNK == 0:
            ExportJob.objects.filter(pk=job_id).update(rows_done=done)
    ExportJob.objects.filter(pk=job_id).update(rows_done=done)


def remove_old_export_jobs(*, now=None) -> tuple[int, int]:
    """Nightly: delete jobs older than EXPORT_KEEP_DAYS with their files, and mark failed the
    jobs a dead worker left unfinished. Returns (deleted, given up)."""
    now = now or timezone.now()
    # Longer than any job may wait and then run: the task's hard time limit kills it by then.
    stale = now - queued_run_timeout() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    given_up = 0
    for job_id in (
        ExportJob.objects.unfinished().filter(created_at__lt=stale).values_list("pk", flat=True)
    ):
        for status in (Status.QUEUED, Status.RUNNING):
            given_up += _finish(
                job_id,
                status,
                Status.FAILED,
                error=_("No worker finished this export; it was given up. Start it again."),
            )
    old = ExportJob.objects.filter(created_at__lt=now - timedelta(days=settings.EXPORT_KEEP_DAYS))
    for name in old.exclude(file="").values_list("file", flat=True):
        try:
            ExportJob.file.field.storage.delete(name)
        except OSError:
            logger.exception("Could not remove export file %s", name)
    deleted, _by_model = old.delete()
    return deleted, given_up
