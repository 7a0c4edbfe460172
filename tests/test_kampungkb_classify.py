"""The nightly classification: set-based, idempotent, writes only changes, fixed query count;
the pages' query bounds; the Tanah Laut demo mix; the achievement source."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kampungkb.models import MaturityClass
from kampungkb.services.classify import classify, nightly
from pokja.kernel.registry import registry
from tests.kampungkb_factories import (
    ActivityFactory,
    KampungKBFactory,
    ProfileFactory,
    strong_output_figures,
    village,
)

TODAY = datetime.date(2025, 6, 15)
YEAR = 2025

INPUT_PROCESS = dict(
    pokja_formed=True,
    pokja_members=10,
    pokja_trained=True,
    funding_sources=["apbd", "dana_desa"],
    bkb_active=True,
    bkr_active=True,
    bkl_active=True,
    has_secretariat=True,
    has_rumah_dataku=True,
    guide="pkb",
    regulation_signer="kades",
    data_sources=["pk", "routine", "podes", "sectoral"],
    routine_planning="monthly",
    routine_coordination="monthly",
    routine_outreach="monthly",
    routine_monitoring="monthly",
    routine_reporting="monthly",
)


def many(banjarmasin, n, start=1):
    return [KampungKBFactory(region=village(banjarmasin, i)) for i in range(start, start + n)]


def count_queries(**kwargs):
    with CaptureQueriesContext(connection) as ctx:
        results = classify(today=TODAY, **kwargs)
    return len(ctx.captured_queries), results


def test_latest_verified_profile_counts_not_a_newer_draft(banjarmasin):
    kampung = KampungKBFactory(region=village(banjarmasin))
    ProfileFactory(
        kampung=kampung, period=datetime.date(2025, 4, 1), status="terverifikasi", **INPUT_PROCESS
    )
    ProfileFactory(
        kampung=kampung,
        period=datetime.date(2025, 5, 1),
        status="draf",
        **{**INPUT_PROCESS, **strong_output_figures()},
    )
    classify(years=[YEAR], today=TODAY)
    stored = MaturityClass.objects.get(kampung=kampung, year=YEAR)
    assert stored.level == "berkembang"
    assert stored.scores["pokja"] == 4
    # The lists of the profile are read as lists on every database, not as JSON text.
    assert stored.indicator_values["funding"] == "2"
    assert stored.indicator_values["data_sources"] == "4"
    assert stored.profile.period == datetime.date(2025, 4, 1)


def test_agencies_come_from_verified_activities_of_the_last_twelve_months(banjarmasin):
    kampung = KampungKBFactory(region=village(banjarmasin))
    ActivityFactory(
        kampung=kampung,
        held_on=datetime.date(2025, 3, 1),
        status="terverifikasi",
        agencies=["bkkbn", "health", "education", "social"],
    )
    ActivityFactory(
        kampung=kampung,
        held_on=datetime.date(2024, 3, 1),
        status="terverifikasi",
        agencies=["village", "religion", "agriculture"],
    )  # more than a year ago
    ActivityFactory(
        kampung=kampung, held_on=datetime.date(2025, 4, 1), agencies=["private"]
    )  # draft
    classify(years=[YEAR], today=TODAY)
    assert MaturityClass.objects.get(kampung=kampung).indicator_values["agencies"] == "4"


def test_a_second_run_writes_nothing_and_a_change_writes_one_row(banjarmasin):
    kampung = many(banjarmasin, 3)
    first = classify(years=[YEAR], today=TODAY)
    assert first[0].changed == 3
    stamp = MaturityClass.objects.get(kampung=kampung[0]).computed_at
    assert classify(years=[YEAR], today=TODAY)[0].changed == 0
    assert MaturityClass.objects.get(kampung=kampung[0]).computed_at == stamp
    ProfileFactory(
        kampung=kampung[1],
        period=datetime.date(2025, 5, 1),
        status="terverifikasi",
        **INPUT_PROCESS,
    )
    assert classify(years=[YEAR], today=TODAY)[0].changed == 1
    assert MaturityClass.objects.get(kampung=kampung[1]).level == "berkembang"


def test_query_count_does_not_grow_with_the_number_of_kampung(banjarmasin):
    for k in many(banjarmasin, 2):
        ProfileFactory(kampung=k, period=datetime.date(2025, 5, 1), status="terverifikasi")
    few, _ = count_queries(years=[YEAR])
    MaturityClass.objects.all().delete()
    for k in many(banjarmasin, 10, start=3):
        ProfileFactory(kampung=k, period=datetime.date(2025, 5, 1), status="terverifikasi")
    more, results = count_queries(years=[YEAR])
    assert results[0].kampung_count == 12
    assert few == more


def test_nightly_job_is_registered_and_logs_into_the_run(banjarmasin):
    from pokja.models import AssessmentRun

    many(banjarmasin, 2)
    assert "kampungkb.services.classify.nightly" in registry.nightly_jobs
    run = AssessmentRun.objects.create(trigger=AssessmentRun.Trigger.NIGHTLY, years=[YEAR])
    nightly(run=run)
    nightly(run=run)  # twice: the second changes nothing
    run.refresh_from_db()
    assert run.change_count == 2 * 2  # two Kampung KB, last year and this year, once
    assert MaturityClass.objects.count() == 4


def test_the_recompute_button_moves_the_village_up_on_the_kabkota_page(
    client_for, koord_6371, banjarmasin
):
    kampung = KampungKBFactory(region=village(banjarmasin))
    client = client_for(koord_6371)
    url = f"/kampung-kb/wilayah/63.71/?tahun={datetime.date.today().year}"
    client.post("/kampung-kb/wilayah/63.71/hitung-kelas/")
    assert (
        MaturityClass.objects.get(kampung=kampung, year=datetime.date.today().year).level == "dasar"
    )
    ProfileFactory(
        kampung=kampung,
        period=datetime.date.today().replace(day=1),
        status="terverifikasi",
        **INPUT_PROCESS,
    )
    client.post("/kampung-kb/wilayah/63.71/hitung-kelas/")
    page = client.get(url).content.decode()
    assert 'data-class="berkembang">1<' in page


def page_queries(client, path) -> int:
    client.get(path)  # warm the village count cache, as any running portal has it
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


# Session and user, then: kab/kota: the region, one aggregate, the list's count and page;
# province: the region, the kab/kota names, one grouped query; national: names, one query.
@pytest.mark.parametrize(
    ("path", "bound"),
    [
        ("/kampung-kb/wilayah/63.71/", 6),
        ("/kampung-kb/wilayah/63/", 5),
        ("/kampung-kb/nasional/", 4),
    ],
)
def test_pages_query_count_is_small_and_does_not_grow(
    client_for, admin, banjarmasin, banjarbaru, path, bound
):
    today = datetime.date.today()
    for k in many(banjarmasin, 3):
        ProfileFactory(kampung=k, period=today.replace(day=1), status="terverifikasi")
    classify(years=[today.year])
    client = client_for(admin)
    few = page_queries(client, path)
    for k in [*many(banjarmasin, 9, start=4), KampungKBFactory(region=village(banjarbaru, 1))]:
        ProfileFactory(kampung=k, period=today.replace(day=1), status="terverifikasi")
    classify(years=[today.year - 1, today.year])
    more = page_queries(client, path)
    assert few == more
    assert more <= bound


def test_achievement_source_counts_the_registry(banjarmasin):
    many(banjarmasin, 3)
    values = registry.computed_achievements("jumlah-kampung-kb", ["63.71", "63"], [2019, 2025])
    assert values[("63.71", 2025)] == 3
    assert values[("63", 2025)] == 3
    assert ("63.71", 2019) not in values  # launched in 2020


@pytest.mark.django_db
def test_demo_tanah_laut_comes_out_at_the_published_mix(settings):
    from django.db.models import Count

    from kampungkb.devdata.demo import seed_demo_kampung_kb
    from pokja.services.regions import load_regions

    load_regions(include_villages=True, village_prefixes=("63",))
    seed_demo_kampung_kb()
    year = datetime.date.today().year
    mix = dict(
        MaturityClass.objects.filter(year=year, kampung__region__code__startswith="63.01.")
        .values_list("level")
        .annotate(n=Count("pk"))
    )
    assert mix == {"dasar": 93, "berkembang": 25, "mandiri": 3, "berkelanjutan": 14}
