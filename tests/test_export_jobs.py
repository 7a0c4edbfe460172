"""List exports over EXPORT_INLINE_MAX_ROWS are written by the worker, for their owner only, with
progress, and tidied away by the nightly housekeeping (issue #11, "Exports")."""

from datetime import timedelta

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from pokja import list_exports
from pokja.models import ExportJob, VerifiableRecord
from pokja.services import exports
from pokja.services.housekeeping import run_housekeeping
from pokja.tasks import export_list
from tests.factories import (
    BudgetAllocationFactory,
    DecreeFactory,
    IndicatorDocumentFactory,
    PokjaFactory,
    WorkPlanFactory,
)
from tests.helpers import csv_rows
from tests.list_pages import LIST_PAGES

Status = ExportJob.Status
DECREES = reverse("pokja:decree_list")


@pytest.fixture
def decrees(banjarmasin, banjarbaru):
    """Three SKs numbered KEEP and one SKIP in Banjarmasin; two KEEP in Banjarbaru."""
    own, other = PokjaFactory(region=banjarmasin), PokjaFactory(region=banjarbaru)
    for n in range(3):
        DecreeFactory(pokja=own, number=f"KEEP/{n}/6371")
    DecreeFactory(pokja=own, number="SKIP/6371")
    for n in range(2):
        DecreeFactory(pokja=other, number=f"KEEP/{n}/6372")


@pytest.fixture
def threshold(settings):
    settings.EXPORT_INLINE_MAX_ROWS = 2
    return settings


@pytest.fixture
def worker_reachable(monkeypatch):
    monkeypatch.setattr(exports, "broker_reachable", lambda: True)


@pytest.fixture
def eager(monkeypatch, worker_reachable):
    """The task runs in this process as soon as the job row is committed."""
    monkeypatch.setattr(export_list, "delay", lambda job_id: export_list.apply(args=[job_id]))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def export_through_a_job(client, django_capture_on_commit_callbacks, url=DECREES, **params):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url, params)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    return job


def test_an_export_at_the_threshold_is_streamed_as_before(
    client_for, koord_6371, decrees, threshold
):
    threshold.EXPORT_INLINE_MAX_ROWS = 3

    response = client_for(koord_6371).get(DECREES, {"number": "KEEP", "_export": "csv"})

    assert response.streaming
    assert len(csv_rows(body(response))) == 1 + 3
    assert not ExportJob.objects.exists()


def test_an_export_above_the_threshold_queues_a_job_after_commit_and_redirects(
    client_for, koord_6371, decrees, threshold, worker_reachable, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    sent = []
    monkeypatch.setattr(export_list, "delay", sent.append)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(koord_6371).get(
            DECREES, {"number": "KEEP", "sort": "number", "_export": "xlsx"}
        )
    assert sent == []  # the worker must not look for a row that is not committed yet
    for callback in callbacks:
        callback()

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pokja:export_job", args=[job.pk])
    assert sent == [job.pk]
    assert (job.owner, job.list_name) == (koord_6371, "pokja:decree_list")
    assert job.export_format == "xlsx"
    assert job.query == "number=KEEP&sort=number"
    assert (job.status, job.rows_total) == (Status.QUEUED, 3)
    assert job.filename.startswith("sk-") and job.filename.endswith(".xlsx")


def test_a_second_click_returns_the_job_already_waiting(
    client_for, koord_6371, decrees, threshold, worker_reachable, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    monkeypatch.setattr(export_list, "delay", lambda job_id: None)
    client = client_for(koord_6371)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(DECREES, {"_export": "csv"})
        second = client.get(DECREES, {"_export": "csv"})

    assert first["Location"] == second["Location"]
    assert ExportJob.objects.count() == 1


def test_the_job_file_holds_exactly_the_owners_scope_and_filter(
    client_for, koord_6371, decrees, threshold, eager, django_capture_on_commit_callbacks
):
    client = client_for(koord_6371)
    job = export_through_a_job(
        client, django_capture_on_commit_callbacks, number="KEEP", _export="csv"
    )
    job.refresh_from_db()
    threshold.EXPORT_INLINE_MAX_ROWS = 1000
    inline = body(client.get(DECREES, {"number": "KEEP", "_export": "csv"}))

    download = client.get(reverse("pokja:export_job_download", args=[job.pk]))
    content = body(download)

    assert job.status == Status.DONE
    rows = csv_rows(content)
    numbers = sorted(cell for row in rows[1:] for cell in row if cell.startswith("KEEP"))
    assert numbers == ["KEEP/0/6371", "KEEP/1/6371", "KEEP/2/6371"]  # not Banjarbaru's KEEPs
    assert content == inline  # the same file the page would have streamed
    assert download["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    assert download["Content-Type"].startswith("text/csv")


def test_the_job_reapplies_the_owners_scope_when_it_runs(
    koord_6371, banjarbaru, decrees, worker_reachable, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """A coordinator moved to another kab/kota before the worker ran gets the new scope's rows:
    the job stores the filter, never a list of ids."""
    monkeypatch.setattr(export_list, "delay", lambda job_id: None)
    job = exports.export_job_enqueue(
        owner=koord_6371,
        list_name="pokja:decree_list",
        title="SK",
        export_format="csv",
        query="number=KEEP",
        filename="sk.csv",
        rows_total=3,
    )
    koord_6371.region = banjarbaru
    koord_6371.save()

    exports.run_export_job(job.pk)

    job.refresh_from_db()
    with job.file.open("rb") as handle:
        text = handle.read().decode()
    assert "KEEP/0/6372" in text and "6371" not in text


def test_an_excel_job_writes_a_workbook_and_progress_reaches_the_total(
    client_for, staf_kalsel, decrees, threshold, eager, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    monkeypatch.setattr(list_exports, "CHUNK", 2)  # several progress updates for six rows
    progress = []
    real_update = ExportJob.objects.filter

    def spy(*args, **kwargs):
        queryset = real_update(*args, **kwargs)
        original = queryset.update

        def update(**fields):
            if "rows_done" in fields:
                progress.append(fields["rows_done"])
            return original(**fields)

        queryset.update = update
        return queryset

    monkeypatch.setattr(ExportJob.objects, "filter", spy)
    job = export_through_a_job(
        client_for(staf_kalsel), django_capture_on_commit_callbacks, _export="xlsx"
    )

    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total, job.percent) == (Status.DONE, 6, 6, 100)
    assert progress == [0, 2, 4, 6, 6]  # reset, every chunk, then the end
    assert job.file.name.startswith("exports/") and job.file.name.endswith(".xlsx")
    assert job.filename not in job.file.name  # stored under a random name
    with job.file.open("rb") as handle:
        rows = list(openpyxl.load_workbook(handle, read_only=True).active.values)
    assert len(rows) == 1 + 6


def test_a_list_exported_by_the_table_library_also_goes_to_a_job(
    client_for, staf_kalsel, banjarmasin, banjarbaru, threshold, eager,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """The regions without a work plan: Kalimantan Selatan and its two kab/kota, three rows."""
    client = client_for(staf_kalsel)
    url = reverse("pokja:workplan_gap_list")
    job = export_through_a_job(client, django_capture_on_commit_callbacks, url=url, _export="csv")
    threshold.EXPORT_INLINE_MAX_ROWS = 1000
    inline = csv_rows(body(client.get(url, {"_export": "csv"})))

    download = client.get(reverse("pokja:export_job_download", args=[job.pk]))

    assert csv_rows(body(download)) == inline
    assert len(inline) == 1 + 3


def test_the_job_page_shows_progress_and_the_status_endpoint_reports_it(client_for, koord_6371):
    job = ExportJob.objects.create(
        owner=koord_6371,
        list_name="pokja:decree_list",
        title="SK di Kota Banjarmasin",
        export_format="csv",
        filename="sk.csv",
        status=Status.RUNNING,
        rows_total=8000,
        rows_done=2000,
    )
    client = client_for(koord_6371)

    page = client.get(job.get_absolute_url()).content.decode()
    status = client.get(reverse("pokja:export_job_status", args=[job.pk])).json()

    assert 'aria-valuenow="25"' in page and "25%" in page
    assert "2.000 dari 8.000 baris ditulis" in page and "Sedang berjalan" in page
    assert "js/run_status.js" in page and "data-active" in page
    assert "export-download" not in page
    assert (status["finished"], status["percent"], status["status"]) == (False, 25, "running")
    assert "25%" in status["html"]


@pytest.mark.parametrize("outsider", ["koord_6372", "staf_kalsel", "admin"])
def test_nobody_but_the_owner_sees_or_downloads_a_job(request, client_for, koord_6371, outsider):
    job = ExportJob.objects.create(
        owner=koord_6371,
        list_name="pokja:decree_list",
        title="SK",
        export_format="csv",
        filename="sk.csv",
        status=Status.DONE,
        file=ContentFile(b"a,b\r\n", name="x.csv"),
    )
    client = client_for(request.getfixturevalue(outsider))

    for name in ("export_job", "export_job_status", "export_job_download"):
        assert client.get(reverse(f"pokja:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("pokja:export_job_again", args=[job.pk])).status_code == 404
    assert list(ExportJob.objects.values_list("pk", "status")) == [(job.pk, Status.DONE)]
    assert job.filename not in client.get(reverse("pokja:export_jobs")).content.decode()
    assert client_for(koord_6371).get(job.get_absolute_url()).status_code == 200


def test_my_downloads_lists_my_recent_jobs(client_for, koord_6371, koord_6372):
    for owner, name in ((koord_6371, "mine.csv"), (koord_6372, "theirs.csv")):
        ExportJob.objects.create(
            owner=owner, list_name="pokja:decree_list", title="SK", export_format="csv",
            filename=name,
        )  # fmt: skip

    page = client_for(koord_6371).get(reverse("pokja:export_jobs")).content.decode()

    assert "Unduhan saya" in page and "mine.csv" in page and "theirs.csv" not in page


def test_a_failed_job_says_why_in_indonesian_and_can_be_started_again(
    client_for, koord_6371, decrees, threshold, eager, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(list_exports, "export_rows", broken)
    client = client_for(koord_6371)
    job = export_through_a_job(client, django_capture_on_commit_callbacks, _export="csv")
    job.refresh_from_db()

    page = client.get(job.get_absolute_url()).content.decode()
    monkeypatch.undo()
    monkeypatch.setattr(exports, "broker_reachable", lambda: True)
    monkeypatch.setattr(export_list, "delay", lambda job_id: export_list.apply(args=[job_id]))
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("pokja:export_job_again", args=[job.pk]))

    assert job.status == Status.FAILED and not job.file
    assert "Berkas tidak dapat ditulis" in page and "Mulai ekspor lagi" in page
    new = ExportJob.objects.exclude(pk=job.pk).get()
    assert again["Location"] == new.get_absolute_url()
    assert new.status == Status.DONE and new.query == job.query


def test_with_the_broker_down_no_job_is_left_and_the_user_is_told(
    client_for, koord_6371, decrees, threshold, monkeypatch, django_capture_on_commit_callbacks
):
    from celery import current_app
    from kombu import Connection

    # A Redis port where nothing listens: the broker is unreachable.
    monkeypatch.setattr(
        current_app,
        "connection_for_write",
        lambda *args, **kwargs: Connection("redis://127.0.0.1:1/0", connect_timeout=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(koord_6371).get(
            DECREES, {"number": "KEEP", "_export": "csv"}, follow=True
        )

    assert not ExportJob.objects.exists()
    assert response.redirect_chain == [(f"{DECREES}?number=KEEP", 302)]
    text = " ".join(str(m) for m in response.context["messages"])
    assert "tidak dapat dihubungi" in text and "3 baris" in text


def test_a_send_that_fails_after_commit_leaves_a_failed_job_not_a_queued_one(
    koord_6371, worker_reachable, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    def refuse(job_id):
        raise OperationalError("connection refused")

    monkeypatch.setattr(export_list, "delay", refuse)

    with django_capture_on_commit_callbacks(execute=True):
        job = exports.export_job_enqueue(
            owner=koord_6371, list_name="pokja:decree_list", title="SK", export_format="csv",
            query="", filename="sk.csv", rows_total=9000,
        )  # fmt: skip

    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert "tidak dapat dihubungi" in job.error


def test_housekeeping_removes_old_jobs_with_their_files_and_gives_up_stuck_ones(koord_6371):
    def job(days_old, status, content=b"x"):
        made = ExportJob.objects.create(
            owner=koord_6371, list_name="pokja:decree_list", title="SK", export_format="csv",
            filename="sk.csv", status=status,
            file=ContentFile(content, name="x.csv") if status == Status.DONE else "",
        )  # fmt: skip
        ExportJob.objects.filter(pk=made.pk).update(
            created_at=timezone.now() - timedelta(days=days_old)
        )
        return made

    old, recent = job(8, Status.DONE), job(6, Status.DONE)
    stuck = job(2, Status.RUNNING)
    storage = ExportJob.file.field.storage

    heartbeat = run_housekeeping()

    assert not ExportJob.objects.filter(pk=old.pk).exists()
    assert not storage.exists(old.file.name)
    assert storage.exists(recent.file.name)
    stuck.refresh_from_db()
    assert stuck.status == Status.FAILED and "Mulai lagi" in stuck.error
    assert "old exports removed: 1; exports given up: 1" in heartbeat.detail


def test_an_export_job_runs_on_a_real_worker(celery_worker, koord_6371, decrees):
    """Through the configured broker (Redis in CI), as in production."""
    job = ExportJob.objects.create(
        owner=koord_6371, list_name="pokja:decree_list", title="SK", export_format="csv",
        query="number=KEEP", filename="sk.csv",
    )  # fmt: skip

    status = export_list.delay(job.pk).get(timeout=30)

    job.refresh_from_db()
    assert status == Status.DONE == job.status
    assert (job.rows_done, job.rows_total) == (3, 3)
    with job.file.open("rb") as handle:
        assert len(csv_rows(handle.read())) == 1 + 3


@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_list_sends_a_big_export_to_a_job_that_finishes(
    client_for, staf_kalsel, banjarmasin, threshold, eager, django_capture_on_commit_callbacks,
    name,
):  # fmt: skip
    pokja = PokjaFactory(region=banjarmasin)
    DecreeFactory(pokja=pokja, status=VerifiableRecord.Status.DIAJUKAN)
    WorkPlanFactory(pokja=pokja)
    IndicatorDocumentFactory(pokja=pokja)
    BudgetAllocationFactory(pokja=pokja)
    threshold.EXPORT_INLINE_MAX_ROWS = 0

    job = export_through_a_job(
        client_for(staf_kalsel), django_capture_on_commit_callbacks,
        url=reverse(f"pokja:{name}"), _export="xlsx",
    )  # fmt: skip

    job.refresh_from_db()
    assert (job.status, job.error) == (Status.DONE, "")
    assert job.rows_done == job.rows_total >= 1
    with job.file.open("rb") as handle:
        rows = list(openpyxl.load_workbook(handle, read_only=True).active.values)
    assert len(rows) == 1 + job.rows_total
