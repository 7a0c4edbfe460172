"""The page cache (pokja/kernel/pagecache.py): a page is kept under its whole URL, so one
region's page never reaches another region's viewer; every bulk writer (which sends no model
signals) makes the cached pages obsolete; a transaction replaces the data generation at its
commit once, however many writes it holds."""

import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kampungkb import excel as kampungkb_excel
from kampungkb.services.classify import classify
from pokja.effectiveness import engine, runs
from pokja.kernel import pagecache
from pokja.kernel.registry import registry
from pokja.models import AssessmentRun, User
from pokja.services.regions import load_regions
from stunting.services import compute_overdue_reports
from targets import excel as targets_excel
from tests.factories import (
    DecreeFactory,
    IndicatorFactory,
    KabupatenKotaFactory,
    PokjaFactory,
    RateIndicatorFactory,
    UserFactory,
)
from tests.kampungkb_factories import KampungKBFactory, village
from tests.test_kampungkb_excel import PROFILE_HEADERS, REGISTRY_HEADERS, registry_row, workbook
from tests.test_speed_lists import CACHED_LIST_QUERIES
from tests.test_targets_excel import COUNT, GOOD_ROWS, RATE, workbook_bytes

TODAY = datetime.date(2026, 11, 22)


# --- The key: the whole URL ----------------------------------------------------------------


@pytest.mark.urls("tests.pagecache_urls")
def test_a_list_with_a_path_parameter_shows_each_region_its_own_rows(
    client_for, pusat, banjarmasin, banjarbaru
):
    DecreeFactory(pokja=PokjaFactory(region=banjarmasin), number="SK-BANJARMASIN")
    DecreeFactory(pokja=PokjaFactory(region=banjarbaru), number="SK-BANJARBARU")
    client = client_for(pusat)
    first = client.get(reverse("region_decree_list", args=["63.71"])).content.decode()
    assert "SK-BANJARMASIN" in first

    # Same view, same (empty) query string, another region in the path.
    content = client.get(reverse("region_decree_list", args=["63.72"])).content.decode()

    assert "SK-BANJARBARU" in content
    assert "SK-BANJARMASIN" not in content


# --- Every bulk writer makes the cached pages obsolete ----------------------------------------

LIST = "pokja:decree_list"


def _rendered_anew(client) -> bool:
    """Whether the SK list was rendered again (True) or served from the page cache."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(LIST)).status_code == 200
    return len(queries) > CACHED_LIST_QUERIES


@pytest.fixture
def cached_list(client_for, kalsel):
    """`cache()` puts the SK list in the page cache and gives back the client that reads it.
    Call it once the test's own data is written: the writer under test comes after. (A
    provincial staff member the demo accounts do not overwrite: seeding keeps it logged in.)"""
    reader = UserFactory(username="pembaca-sk", role=User.Role.STAF_PROVINSI, region=kalsel)

    def cache():
        client = client_for(reader)
        client.get(reverse(LIST))
        assert not _rendered_anew(client), "the list should now come from the cache"
        return client

    return cache


def test_the_effectiveness_engine_invalidates(cached_list, banjarmasin):
    PokjaFactory(region=banjarmasin)
    run = AssessmentRun.objects.create(
        trigger=AssessmentRun.Trigger.COMMAND,
        status=AssessmentRun.Status.QUEUED,
        scope_code="63.71",
        years=[2026],
    )
    client = cached_list()

    # Its assessments are bulk inserts; the run's closing save is what bumps.
    engine.recompute(years=[2026], scope_code="63.71", run=run, today=TODAY)

    assert _rendered_anew(client)


def test_marking_runs_failed_invalidates(cached_list):
    run = AssessmentRun.objects.create(
        trigger=AssessmentRun.Trigger.COMMAND, status=AssessmentRun.Status.QUEUED, years=[2026]
    )
    client = cached_list()

    runs.mark_failed(AssessmentRun.objects.filter(pk=run.pk), "gone")

    assert _rendered_anew(client)


def test_the_overdue_reports_job_invalidates(cached_list, banjarmasin):
    client = cached_list()

    compute_overdue_reports(today=TODAY)

    assert _rendered_anew(client)


def test_the_kampung_kb_classification_invalidates(cached_list, banjarmasin):
    KampungKBFactory(region=village(banjarmasin))
    client = cached_list()

    classify(years=[2026], today=TODAY)

    assert _rendered_anew(client)


def test_the_nightly_jobs_invalidate(cached_list, banjarmasin):
    KampungKBFactory(region=village(banjarmasin))
    client = cached_list()

    registry.run_nightly_jobs(run=None)

    assert _rendered_anew(client)


def test_the_kampung_kb_registry_import_invalidates(cached_list, koord_6371, banjarmasin):
    code = village(banjarmasin).code
    client = cached_list()

    result = kampungkb_excel.import_workbook(
        kind=kampungkb_excel.REGISTRY,
        user=koord_6371,
        kabkota=banjarmasin,
        fileobj=workbook(REGISTRY_HEADERS, [registry_row(code)]),
    )

    assert not result.errors
    assert _rendered_anew(client)


def test_the_kampung_kb_profile_import_invalidates(cached_list, koord_6371, banjarmasin):
    kampung = KampungKBFactory(region=village(banjarmasin))
    row = dict.fromkeys(PROFILE_HEADERS, 0)
    row.update(kode_desa=kampung.region_id, bulan="03/2025", pus=100, kb_pill=40)
    client = cached_list()

    result = kampungkb_excel.import_workbook(
        kind=kampungkb_excel.PROFILES,
        user=koord_6371,
        kabkota=banjarmasin,
        fileobj=workbook(PROFILE_HEADERS, [list(row.values())]),
    )

    assert not result.errors
    assert _rendered_anew(client)


def test_the_targets_import_invalidates(cached_list, staf_kalsel, kalsel, banjarmasin, banjarbaru):
    KabupatenKotaFactory(code="63.01", name="Kabupaten Tanah Laut", parent=kalsel)
    IndicatorFactory(code=COUNT)
    RateIndicatorFactory(code=RATE)
    client = cached_list()

    result = targets_excel.import_targets(
        user=staf_kalsel,
        province=kalsel,
        year=TODAY.year,
        fileobj=SimpleUploadedFile("target.xlsx", workbook_bytes(GOOD_ROWS)),
    )

    assert result.ok, result.errors
    assert _rendered_anew(client)


def test_loading_the_regions_invalidates(cached_list):
    client = cached_list()

    load_regions()

    assert _rendered_anew(client)


def test_the_national_data_generator_invalidates(cached_list):
    load_regions()
    client = cached_list()

    call_command("generate_national_data", province=["63"], stdout=StringIO())

    assert _rendered_anew(client)


def test_seeding_the_demo_invalidates(cached_list):
    client = cached_list()

    call_command("seed_demo", stdout=StringIO())

    assert _rendered_anew(client)


# --- One generation write at commit ---------------------------------------------------------


@pytest.fixture
def generation_writes(monkeypatch):
    writes = []
    replace = pagecache._replace_generation

    def counting():
        writes.append(1)
        replace()

    monkeypatch.setattr(pagecache, "_replace_generation", counting)
    return writes


def test_a_transaction_replaces_the_generation_once_at_its_commit(
    db, generation_writes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.bump()
        pagecache.bump()
        assert len(generation_writes) == 2  # at once, for the writer's own next read
        during = pagecache.generation()

    assert len(generation_writes) == 3
    assert pagecache.generation() != during  # what a reader cached meanwhile is obsolete


def test_a_rolled_back_write_does_not_keep_the_next_commit_from_replacing_it(
    db, generation_writes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            pagecache.bump()
            raise RuntimeError
        pagecache.bump()

    assert len(generation_writes) == 3  # two at once, one at the commit


def test_outside_a_transaction_one_bump_is_one_write(transactional_db, generation_writes):
    pagecache.bump()

    assert len(generation_writes) == 1


# --- What the apps registered ---------------------------------------------------------------


def test_each_app_registers_the_models_its_pages_show_in_its_ready():
    shown = set(registry.cached_models)

    assert {"pokja.decree", "targets.achievement", "kampungkb.kampungkb"} <= shown
    assert {"stunting.prevalencefigure", "pokja.region"} <= shown
    # Written every few minutes or every export chunk, or rewritten in bulk by a job that
    # bumps itself: registering them would empty the cache for nothing.
    assert not {"pokja.workerheartbeat", "pokja.exportjob", "stunting.overduereport"} & shown
