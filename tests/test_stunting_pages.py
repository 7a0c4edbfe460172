"""The stunting pages: sources never mixed, lower is better, who sees what, query bounds."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from stunting.models import AchievementSetting, OverdueReport
from stunting.selectors import SeriesKey, latest_two, ranking, target_path
from stunting.services import compute_overdue_reports
from targets.selectors import computed_values
from tests.factories import KabupatenKotaFactory
from tests.factories_stunting import (
    ConvergenceActionFactory,
    PrevalenceFigureFactory,
    SemesterReportFactory,
    TppsGroupFactory,
)

pytestmark = pytest.mark.django_db


def fig(region, source, year, value, month=0, **kw):
    return PrevalenceFigureFactory(
        region=region, source=source, year=year, month=month, value=Decimal(value), **kw
    )


# --- sources never mixed --------------------------------------------------------------------


def test_the_kabkota_chart_draws_one_line_per_source(client_for, banjarmasin, koord_6371):
    fig(banjarmasin, "ssgi", 2022, "27.8")
    fig(banjarmasin, "ssgi", 2024, "22.0")
    fig(banjarmasin, "ski", 2023, "25.0")
    fig(banjarmasin, "eppgbm", 2024, "6.1", month=3)

    response = client_for(koord_6371).get(reverse("stunting:region", args=["63.71"]))

    datasets = response.context["chart"]["datasets"]
    by_source = {d["source"]: [p["y"] for p in d["points"]] for d in datasets}
    assert by_source["ssgi"] == [27.8, 22.0]
    assert by_source["ski"] == [25.0]
    assert by_source["eppgbm"] == [6.1]
    assert "target" in by_source  # the path, dashed
    assert next(d for d in datasets if d["source"] == "target")["dashed"]


def test_the_ranking_never_takes_a_figure_of_another_source(
    client_for, kalsel, banjarmasin, banjarbaru, staf_kalsel
):
    fig(banjarmasin, "ssgi", 2022, "27.8")
    # A later, much lower e-PPGBM figure must not become Banjarmasin's "latest" SSGI figure,
    # nor its "previous" one.
    fig(banjarmasin, "eppgbm", 2024, "5.0", month=6)
    fig(banjarbaru, "ski", 2023, "20.0")

    response = client_for(staf_kalsel).get(
        reverse("stunting:province", args=["63"]), {"sumber": "ssgi"}
    )

    rows = {r.region.code: r for r in response.context["rows"]}
    assert rows["63.71"].latest.value == Decimal("27.80")
    assert rows["63.71"].previous is None
    assert rows["63.72"].latest is None  # its SKI figure is not an SSGI figure
    page = response.content.decode()
    assert "Sumber: hanya SSGI" in page


def test_the_province_figure_is_its_own_never_an_average(kalsel, banjarmasin, banjarbaru):
    fig(banjarmasin, "ssgi", 2022, "30.0")
    fig(banjarbaru, "ssgi", 2022, "10.0")
    assert latest_two(["63"], SeriesKey("ssgi")) == {}
    fig(kalsel, "ssgi", 2022, "24.6")
    assert latest_two(["63"], SeriesKey("ssgi"))["63"][0].value == Decimal("24.60")


def test_change_is_since_the_previous_figure_of_the_same_source(staf_kalsel, kalsel, banjarmasin):
    fig(banjarmasin, "ssgi", 2021, "27.8")
    fig(banjarmasin, "ski", 2023, "40.0")
    fig(banjarmasin, "ssgi", 2022, "24.0")
    [row] = ranking(staf_kalsel, [banjarmasin], SeriesKey("ssgi"), 2024)
    assert row.change == Decimal("-3.80")


def test_unverified_figures_are_not_counted(staf_kalsel, banjarmasin):
    fig(banjarmasin, "ssgi", 2022, "27.8", status="diajukan")
    [row] = ranking(staf_kalsel, [banjarmasin], SeriesKey("ssgi"), 2024)
    assert row.latest is None


# --- lower is better ------------------------------------------------------------------------


def test_ranking_puts_the_lowest_prevalence_first_and_distance_is_above_target(
    staf_kalsel, banjarmasin, banjarbaru
):
    fig(banjarmasin, "ssgi", 2024, "27.8")
    fig(banjarbaru, "ssgi", 2024, "12.0")
    rows = ranking(staf_kalsel, [banjarmasin, banjarbaru], SeriesKey("ssgi"), 2024)
    assert [r.region.code for r in rows] == ["63.72", "63.71"]
    path_2024 = target_path()[2024]
    assert path_2024.value == Decimal("14.00")
    assert rows[0].distance == Decimal("-2.00")  # below target: met
    assert rows[1].distance == Decimal("13.80")
    assert rows[1].band.code == "high"


def test_the_target_path_is_seeded_as_data():
    path = target_path()
    assert path[2024].value == Decimal("14.00")
    assert path[2025].value == Decimal("18.80")
    assert path[2029].value == Decimal("14.20")


def test_the_achievement_source_counts_the_survey_or_the_setting(kalsel, banjarmasin):
    fig(banjarmasin, "ssgi", 2024, "22.0")
    fig(banjarmasin, "eppgbm", 2024, "6.0", month=11)
    fig(banjarmasin, "eppgbm", 2024, "5.5", month=12)
    from targets.models import Indicator

    indicator = Indicator.objects.get(code="stunting")
    values = computed_values(["63.71"], [indicator.pk], [2024])
    assert values[("63.71", indicator.pk, 2024)] == Decimal("22.00")

    AchievementSetting.objects.create(indicator_code="stunting", counting="eppgbm")
    values = computed_values(["63.71"], [indicator.pk], [2024])
    assert values[("63.71", indicator.pk, 2024)] == Decimal("5.50")


# --- overdue --------------------------------------------------------------------------------


def tpps(*regions, formed_on=None):
    for region in regions:
        TppsGroupFactory(pokja__region=region, formed_on=formed_on)


def test_a_report_is_overdue_only_after_its_deadline(settings, kalsel, banjarmasin):
    settings.STUNTING_REPORT_DUE_DAYS = 30
    settings.STUNTING_FIRST_REPORT_YEAR = 2025
    tpps(kalsel, banjarmasin)
    due = datetime.date(2025, 7, 30)  # 30 June + 30 days

    compute_overdue_reports(due)
    assert not OverdueReport.objects.filter(region=banjarmasin).exists()

    compute_overdue_reports(due + datetime.timedelta(days=1))
    overdue = OverdueReport.objects.get(region=banjarmasin)
    assert (overdue.year, overdue.semester, overdue.due_on) == (2025, 1, due)
    assert OverdueReport.objects.filter(region=kalsel).exists()  # the province owes too


def test_a_submitted_report_is_not_overdue_a_returned_one_is(settings, banjarmasin, banjarbaru):
    settings.STUNTING_FIRST_REPORT_YEAR = 2025
    tpps(banjarmasin, banjarbaru)
    SemesterReportFactory(region=banjarmasin, year=2025, semester=1, status="diajukan")
    SemesterReportFactory(region=banjarbaru, year=2025, semester=1, status="ditolak")
    compute_overdue_reports(datetime.date(2025, 9, 1))
    compute_overdue_reports(datetime.date(2025, 9, 1))  # safe to run twice
    owing = set(OverdueReport.objects.values_list("region_id", flat=True))
    assert "63.71" not in owing
    assert "63.72" in owing


def test_the_old_overdue_list_goes_in_one_delete(settings, kalsel):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import KabupatenKotaFactory

    settings.STUNTING_FIRST_REPORT_YEAR = 2023
    tpps(*KabupatenKotaFactory.create_batch(60, parent=kalsel))
    today = datetime.date(2026, 9, 1)
    assert compute_overdue_reports(today) > 300

    with CaptureQueriesContext(connection) as captured:
        compute_overdue_reports(today)

    # Not row by row (a receiver of every model's deletes did that: 1.4 s nationally).
    touching = [q["sql"] for q in captured if "stunting_overduereport" in q["sql"]]
    assert [sql.split()[0] for sql in touching if not sql.startswith("INSERT")] == ["DELETE"]


def test_the_report_status_reads_as_every_records(client_for, banjarmasin, koord_6371):
    # One word per state everywhere (issue #19): not "Diterima" on the page and
    # `terverifikasi` in the API, nor "Dikembalikan" beside a "Ditolak:" banner.
    accepted = SemesterReportFactory(region=banjarmasin, status="terverifikasi")
    returned = SemesterReportFactory(
        region=banjarmasin, semester=2, status="ditolak", rejection_reason="Belum bertanda tangan"
    )
    client = client_for(koord_6371)
    page = client.get(accepted.get_absolute_url()).content.decode()
    assert ">Terverifikasi</span>" in page and "Diterima" not in page
    page = client.get(returned.get_absolute_url()).content.decode()
    assert ">Ditolak</span>" in page and "Belum bertanda tangan" in page
    assert "Dikembalikan" not in page


# --- who sees what --------------------------------------------------------------------------


def test_coordinator_sees_own_kabkota_only(client_for, banjarmasin, banjarbaru, koord_6371):
    client = client_for(koord_6371)
    assert client.get(reverse("stunting:region", args=["63.71"])).status_code == 200
    assert client.get(reverse("stunting:region", args=["63.72"])).status_code == 404
    assert client.get(reverse("stunting:province", args=["63"])).status_code == 404
    assert client.get(reverse("stunting:national")).status_code == 404
    assert client.get(reverse("stunting:province_export", args=["63", "csv"])).status_code == 404
    assert client.get(reverse("stunting:national_export", args=["csv"])).status_code == 404
    assert client.get(reverse("stunting:import", args=["63"])).status_code == 404


def test_staff_of_another_province_get_404(client_for, kalsel, banjarmasin, staf_sulsel):
    client = client_for(staf_sulsel)
    for url in (
        reverse("stunting:province", args=["63"]),
        reverse("stunting:province_print", args=["63"]),
        reverse("stunting:province_export", args=["63", "xlsx"]),
        reverse("stunting:region", args=["63.71"]),
        reverse("stunting:import", args=["63"]),
        reverse("stunting:template", args=["63"]),
        reverse("stunting:action_edit", args=["63.71", 2025, 1]),
    ):
        assert client.get(url).status_code == 404, url


def test_national_reader_reads_everything_and_changes_nothing(
    client_for, kalsel, banjarmasin, pusat
):
    fig(kalsel, "ssgi", 2022, "24.6")
    client = client_for(pusat)
    page = client.get(reverse("stunting:national"), {"sumber": "ssgi"})
    assert page.status_code == 200
    assert [r.region.code for r in page.context["rows"] if r.latest] == ["63"]
    assert client.get(reverse("stunting:province", args=["63"])).status_code == 200
    assert client.get(reverse("stunting:import", args=["63"])).status_code == 404
    assert client.get(reverse("stunting:action_edit", args=["63.71", 2025, 1])).status_code == 404


def test_province_export_names_its_source_and_stays_in_scope(
    client_for, kalsel, banjarmasin, makassar, staf_kalsel
):
    fig(banjarmasin, "ssgi", 2022, "27.8")
    fig(makassar, "ssgi", 2022, "30.0")
    response = client_for(staf_kalsel).get(
        reverse("stunting:province_export", args=["63", "csv"]), {"sumber": "ssgi"}
    )
    body = response.content.decode()
    assert "Kota Banjarmasin" in body and "SSGI" in body
    assert "Makassar" not in body


# --- the 8 actions --------------------------------------------------------------------------


def test_coordinator_updates_an_action_but_cannot_score_it(client_for, banjarmasin, koord_6371):
    client = client_for(koord_6371)
    url = reverse("stunting:action_edit", args=["63.71", 2025, 3])
    response = client.post(
        url, {"progress": "selesai", "done_on": "2025-03-10", "score": "90", "score_note": "x"}
    )
    assert response.status_code == 302
    from stunting.models import ConvergenceAction

    action = ConvergenceAction.objects.get(region=banjarmasin, year=2025, action=3)
    assert action.progress == "selesai"
    assert action.score is None


def test_staff_score_an_action_and_done_needs_a_date(client_for, banjarmasin, staf_kalsel):
    client = client_for(staf_kalsel)
    url = reverse("stunting:action_edit", args=["63.71", 2025, 2])
    response = client.post(url, {"progress": "selesai", "score": "75"})
    assert response.status_code == 200  # refused: no date
    response = client.post(url, {"progress": "selesai", "done_on": "2025-04-01", "score": "75"})
    assert response.status_code == 302
    page = client.get(reverse("stunting:region", args=["63.71"]), {"tahun": 2025})
    assert page.context["actions_done"] == 1


# --- query bounds ---------------------------------------------------------------------------


def _province_with_data(kalsel, n=12):
    regions = [
        KabupatenKotaFactory(code=f"63.{i:02d}", name=f"Kab {i}", parent=kalsel)
        for i in range(1, n + 1)
    ]
    for region in regions:
        for year, value in ((2021, "30"), (2022, "25"), (2024, "20")):
            fig(region, "ssgi", year, value)
        for month in range(1, 13):
            fig(region, "eppgbm", 2024, "6", month=month)
        ConvergenceActionFactory(region=region)
    return regions


def test_province_and_national_pages_use_a_bounded_number_of_queries(
    client_for, kalsel, staf_kalsel, pusat, django_assert_max_num_queries
):
    _province_with_data(kalsel)
    compute_overdue_reports(datetime.date(2025, 12, 1))
    client = client_for(staf_kalsel)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("stunting:province", args=["63"]), {"sumber": "eppgbm"})
    assert response.status_code == 200
    client = client_for(pusat)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("stunting:national")).status_code == 200


def test_kabkota_page_uses_a_bounded_number_of_queries(
    client_for, kalsel, koord_6371, banjarmasin, django_assert_max_num_queries
):
    for year in range(2019, 2025):
        fig(banjarmasin, "ssgi", year, "25")
    client = client_for(koord_6371)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("stunting:region", args=["63.71"]))
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('id="prevalence-chart-data"')
    data = json.loads(page[page.index(">", start) + 1 : page.index("</script>", start)])
    assert len(data["datasets"][0]["points"]) == 6


def test_a_returned_report_is_listed_with_its_reason_on_the_region_page(
    client_for, banjarmasin, koord_6371
):
    SemesterReportFactory(
        region=banjarmasin, status="ditolak", rejection_reason="Lampiran belum ditandatangani"
    )
    fig(banjarmasin, "ski", 2023, "20.0", status="ditolak", rejection_reason="Salah ketik")
    page = client_for(koord_6371).get(banjarmasin.get_absolute_url()).content.decode()
    assert "Lampiran belum ditandatangani" in page
    assert "Salah ketik" in page and "SKI 2023" in page


def test_the_nightly_task_recomputes_the_overdue_reports(settings, banjarmasin):
    from pokja.tasks import recompute_effectiveness

    settings.STUNTING_FIRST_REPORT_YEAR = 2024
    tpps(banjarmasin)
    recompute_effectiveness.apply()
    assert OverdueReport.objects.filter(region=banjarmasin, year=2024, semester=1).exists()


def test_a_report_page_names_its_buttons_after_the_states_they_lead_to(
    client_for, staf_kalsel, koord_6371, banjarmasin
):
    report = SemesterReportFactory(region=banjarmasin, status="diajukan")
    page = client_for(staf_kalsel).get(report.get_absolute_url()).content.decode()
    assert 'value="verify">Verifikasi</button>' in page  # -> Terverifikasi
    assert 'value="reject">Tolak</button>' in page  # -> Ditolak
    assert "Terima</button>" not in page
    draft = SemesterReportFactory(region=banjarmasin, semester=2, status="draf")
    page = client_for(koord_6371).get(draft.get_absolute_url()).content.decode()
    assert 'value="submit">Ajukan laporan</button>' in page
