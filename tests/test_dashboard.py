"""The effectiveness dashboards: kab/kota, province and national pages, the recompute button,
targets, the ranking export and the run log, each tried by someone who may not see it."""

import csv
import html
import io
import re
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from pokja.effectiveness import engine
from pokja.effectiveness.rules import describe
from pokja.models import Assessment, AssessmentRun, BudgetAllocation, EffectiveTarget
from pokja.tasks import recompute_effectiveness
from tests.factories import (
    DecreeFactory,
    KabupatenKotaFactory,
    ProvinceFactory,
    WorkingGroupFactory,
)
from tests.helpers import YEAR, complete_pokja, region_url, set_the_clock_to

TODAY = date(YEAR, 11, 22)


@pytest.fixture(autouse=True)
def _on_a_fixed_day(monkeypatch):
    """The pages open on this year and the engine judges as of this day, whenever this runs."""
    set_the_clock_to(monkeypatch, TODAY)


def compute(scope="63", years=(YEAR,)):
    return engine.recompute(years=list(years), scope_code=scope)


def export_url(code, export_format="csv"):
    url = reverse("pokja:ranking_export", kwargs={"code": code, "export_format": export_format})
    return f"{url}?tahun={YEAR}"


@pytest.fixture
def kalsel_assessed(banjarmasin, banjarbaru):
    """63.71 complete but with an unverified budget; 63.72 complete and effective."""
    complete_pokja(banjarmasin).budgetallocation_set.update(status="diajukan")
    complete_pokja(banjarbaru)
    compute()


# --- Who may open what ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        region_url("63"),
        region_url("63.71"),
        reverse("pokja:national"),
        reverse("pokja:run_log"),
        export_url("63"),
    ],
)
def test_anonymous_is_sent_to_login(client, banjarmasin, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("koord_6371", region_url("63.71"), 200),
        ("koord_6371", region_url("63.72"), 404),
        ("koord_6371", region_url("63"), 404),
        ("staf_kalsel", region_url("63"), 200),
        ("staf_kalsel", region_url("63.72"), 200),
        ("staf_sulsel", region_url("63"), 404),
        ("staf_sulsel", region_url("63.71"), 404),
        ("pusat", region_url("63"), 200),
        ("admin", region_url("63.71"), 200),
        ("pusat", reverse("pokja:national"), 200),
        ("admin", reverse("pokja:national"), 200),
        ("koord_6371", reverse("pokja:national"), 404),
        ("staf_kalsel", reverse("pokja:national"), 404),
        ("admin", reverse("pokja:run_log"), 200),
        ("staf_kalsel", reverse("pokja:run_log"), 200),
        ("koord_6371", reverse("pokja:run_log"), 404),
        ("pusat", reverse("pokja:run_log"), 404),
        ("staf_kalsel", export_url("63"), 200),
        ("pusat", export_url("63"), 200),
        ("staf_sulsel", export_url("63"), 404),
        ("koord_6371", export_url("63"), 404),
        ("staf_kalsel", export_url("63.71"), 404),  # a ranking exists for provinces only
        ("staf_kalsel", export_url("63", "pdf"), 404),
    ],
)
def test_pages_are_scoped(request, client_for, banjarmasin, banjarbaru, persona, url, status):
    user = request.getfixturevalue(persona)

    assert client_for(user).get(url).status_code == status


# --- The kab/kota page ----------------------------------------------------------------------


def test_coordinator_sees_the_unmet_budget_with_its_reason_and_what_to_do(
    client_for, koord_6371, kalsel_assessed
):
    reason = Assessment.objects.get(region="63.71", year=YEAR).reasons["budget"]

    content = client_for(koord_6371).get(region_url("63.71")).content.decode()

    with translation.override("id"):
        expected = describe(reason)
    assert expected == f"Anggaran operasional {YEAR} belum terverifikasi."
    assert expected in content
    assert "Belum efektif" in content
    assert "Skor 3/4" in content
    # The budget is submitted: the next step is the province's, not "enter a budget" (#10).
    budget = BudgetAllocation.objects.get(pokja__region="63.71", year=YEAR)
    assert "sedang menunggu verifikasi Provinsi" in content
    assert f'href="{budget.get_absolute_url()}"' in content


def test_met_criteria_link_to_their_evidence(client_for, koord_6371, kalsel_assessed):
    evidence = Assessment.objects.get(region="63.71", year=YEAR).evidence

    content = client_for(koord_6371).get(region_url("63.71")).content.decode()

    assert reverse("pokja:decree_detail", args=[evidence["sk"]["pk"]]) in content
    assert reverse("pokja:workplan_detail", args=[evidence["plan"]["pk"]]) in content
    assert reverse("pokja:indicatordocument_detail", args=[evidence["indicator"]["pk"]]) in content
    assert "budget" not in evidence


def test_effective_kabupaten_shows_efektif_and_last_computed(client_for, admin, kalsel_assessed):
    content = client_for(admin).get(region_url("63.72")).content.decode()

    assert ">Efektif<" in content
    assert "Skor 4/4" in content
    assert "Terakhir dihitung" in content


def test_pusat_reads_without_hints_linking_to_the_form(client_for, pusat, kalsel_assessed):
    content = client_for(pusat).get(region_url("63.71")).content.decode()

    assert "Anggaran operasional" in content
    assert "#anggaran" not in content
    assert "recompute-form" not in content


def test_kabupaten_without_assessment_says_not_computed_yet(client_for, koord_6371, banjarmasin):
    content = client_for(koord_6371).get(region_url("63.71")).content.decode()

    assert "Belum dihitung" in content
    assert "recompute-form" not in content  # coordinators cannot recompute


def test_kabupaten_page_breaks_down_working_groups_and_history(client_for, koord_6371, banjarmasin):
    pokja = complete_pokja(banjarmasin)
    group = WorkingGroupFactory(pokja=pokja, name="Pokja Advokasi Banjarmasin")
    DecreeFactory(pokja=pokja, working_group=group, status="terverifikasi")
    pokja.budgetallocation_set.update(status="diajukan")
    compute(years=(YEAR - 1, YEAR))
    pokja.budgetallocation_set.update(status="terverifikasi")
    compute()

    response = client_for(koord_6371).get(region_url("63.71"))

    content = response.content.decode()
    assert "Pokja Advokasi Banjarmasin" in content
    assert [other.year for other in response.context["other_years"]] == [YEAR - 1]
    # The first run created the row, the second turned the budget on: newest first.
    scores = [(c["change"].old_score, c["change"].new_score) for c in response.context["changes"]]
    assert (3, 4) in scores and scores[0] == (3, 4)


def test_coordinator_reads_no_all_red_working_groups_under_the_pokja_score(
    client_for, koord_6371, banjarmasin
):
    # Issue #24: groups without anything of their own read "0/4" under an effective Pokja.
    pokja = complete_pokja(banjarmasin)
    for kind in ("advokasi", "gdpk", "stunting"):
        WorkingGroupFactory(pokja=pokja, kind=kind, name=f"Pokja {kind}")
    compute()

    response = client_for(koord_6371).get(region_url("63.71"))

    content = response.content.decode()
    assert response.context["assessment"].score == 4
    assert response.context["groups"] == []
    assert 'id="working-groups"' not in content and "0/4" not in content


def test_a_group_with_its_own_sk_is_shown_with_what_its_row_measures(
    client_for, koord_6371, banjarmasin
):
    pokja = complete_pokja(banjarmasin)
    stunting = WorkingGroupFactory(pokja=pokja, kind="stunting", name="TPPS Kota Banjarmasin")
    WorkingGroupFactory(pokja=pokja, kind="gdpk", name="Pokja GDPK Banjarmasin")
    DecreeFactory(pokja=pokja, working_group=stunting, status="terverifikasi")
    compute()

    content = client_for(koord_6371).get(region_url("63.71")).content.decode()

    card = content.split('id="working-groups"')[1].split('id="other-years"')[0]
    assert "TPPS Kota Banjarmasin" in card and "GDPK" not in card
    assert "Kelompok kerja dengan bukti sendiri" in card
    assert "tidak bergantung pada baris ini" in card  # the Pokja's score is not theirs
    assert "text-danger" not in card  # what a group lacks is not a red failure
    assert "1/4" in card


def test_year_is_chosen_with_tahun(client_for, koord_6371, kalsel_assessed):
    response = client_for(koord_6371).get(region_url("63.71", tahun=YEAR - 1))

    assert response.context["year"] == YEAR - 1
    assert response.context["assessment"] is None
    assert "Belum dihitung" in response.content.decode()


# --- The province page ----------------------------------------------------------------------


def test_province_page_counts_effective_kabupaten_against_total_and_target(
    client_for, staf_kalsel, kalsel, kalsel_assessed
):
    EffectiveTarget.objects.create(region=kalsel, year=YEAR, target_count=2)

    response = client_for(staf_kalsel).get(region_url("63"))

    content = response.content.decode()
    assert "1 dari 2" in content
    assert "Target" in content
    assert response.context["region"].target_count == 2
    counts = {c["key"]: c["count"] for c in response.context["criterion_counts"]}
    assert counts == {"sk": 2, "plan": 2, "indicator": 2, "budget": 1}
    assert 'id="criteria-chart-data"' in content
    assert "vendor/chartjs/chart.umd.min.js" in content


def test_province_page_counts_the_provinces_own_pokja_as_bkkbn_does(
    client_for, staf_kalsel, kalsel, banjarmasin, banjarbaru
):
    complete_pokja(kalsel)
    complete_pokja(banjarbaru)
    compute()

    response = client_for(staf_kalsel).get(region_url("63"))

    content = response.content.decode()
    assert "1 dari 2" in content  # kab/kota: Banjarbaru of two
    assert response.context["pokja_effective_count"] == 2  # the province's own + Banjarbaru
    assert "sebagaimana dihitung BKKBN): <strong>2</strong>" in content


def test_province_ranking_puts_the_best_first_and_shows_the_change(
    client_for, staf_kalsel, kalsel_assessed
):
    Assessment.objects.update(run=None)  # pretend a later run found nothing new

    ranking = client_for(staf_kalsel).get(region_url("63")).context["ranking"]

    assert [row.region.code for row in ranking] == ["63.72", "63.71"]
    assert [row.rank for row in ranking] == [1, 2]
    assert all(row.change is None for row in ranking)


def test_first_run_marks_rows_as_new(client_for, staf_kalsel, kalsel_assessed):
    ranking = client_for(staf_kalsel).get(region_url("63")).context["ranking"]

    assert all(row.is_new for row in ranking)


def test_province_page_keeps_the_regions_below_and_the_pokja_link(
    client_for, staf_kalsel, kalsel_assessed
):
    content = client_for(staf_kalsel).get(region_url("63")).content.decode()

    assert reverse("pokja:pokja_detail", args=["63"]) in content
    assert 'href="/wilayah/63.71/"' in content


def test_province_page_shows_its_own_pokja_status(client_for, staf_kalsel, kalsel):
    complete_pokja(kalsel)
    compute()

    response = client_for(staf_kalsel).get(region_url("63"))

    assert response.context["assessment"].region_id == "63"
    assert response.context["assessment"].is_effective


def test_print_view_hides_navigation_and_offers_a_print_button(
    client_for, staf_kalsel, kalsel_assessed
):
    content = client_for(staf_kalsel).get(region_url("63", cetak=1)).content.decode()

    assert "navbar" not in content
    assert "data-print" in content
    assert "ranking-table" in content
    assert "onclick" not in content


def test_staff_see_the_recompute_button_and_the_latest_run(client_for, staf_kalsel, kalsel):
    AssessmentRun.objects.create(trigger=AssessmentRun.Trigger.BUTTON, scope_code="63")

    content = client_for(staf_kalsel).get(region_url("63")).content.decode()

    assert "Hitung ulang sekarang" in content
    assert "Dalam antrean" in content


def test_pusat_sees_no_recompute_button_nor_target_form(client_for, pusat, kalsel):
    response = client_for(pusat).get(region_url("63"))

    assert "recompute-form" not in response.content.decode()
    assert response.context["target_form"] is None


# --- The recompute button -------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staf_kalsel", "admin"])
def test_recompute_button_queues_a_run_after_commit(
    request, client_for, kalsel, monkeypatch, django_capture_on_commit_callbacks, persona
):
    user = request.getfixturevalue(persona)
    queued = []
    monkeypatch.setattr(recompute_effectiveness, "delay", lambda **kw: queued.append(kw))
    url = reverse("pokja:recompute_now", args=["63"])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(user).post(url, {"tahun": YEAR - 1})
    assert queued == []  # nothing reaches the broker before the run row is committed
    for callback in callbacks:
        callback()

    run = AssessmentRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == region_url("63", tahun=YEAR - 1)
    assert (run.trigger, run.scope_code, run.years) == ("button", "63", [YEAR - 1])
    assert run.requested_by == user
    assert queued == [{"run_id": run.pk}]


@pytest.mark.parametrize("persona", ["koord_6371", "pusat", "staf_sulsel"])
def test_only_staff_of_the_province_and_admin_may_recompute(
    request, client_for, kalsel, banjarmasin, monkeypatch, persona
):
    user = request.getfixturevalue(persona)
    monkeypatch.setattr(recompute_effectiveness, "delay", lambda **kw: pytest.fail("queued"))

    response = client_for(user).post(reverse("pokja:recompute_now", args=["63"]))

    assert response.status_code == 404
    assert not AssessmentRun.objects.exists()


def test_recompute_of_a_kabupaten_code_is_404(client_for, staf_kalsel, banjarmasin, monkeypatch):
    monkeypatch.setattr(recompute_effectiveness, "delay", lambda **kw: pytest.fail("queued"))

    response = client_for(staf_kalsel).post(reverse("pokja:recompute_now", args=["63.71"]))

    assert response.status_code == 404
    assert not AssessmentRun.objects.exists()


def test_recompute_needs_post(client_for, staf_kalsel, kalsel, monkeypatch):
    monkeypatch.setattr(recompute_effectiveness, "delay", lambda **kw: pytest.fail("queued"))

    response = client_for(staf_kalsel).get(reverse("pokja:recompute_now", args=["63"]))

    assert response.status_code == 405
    assert not AssessmentRun.objects.exists()


# --- The target form ------------------------------------------------------------------------


def target_url(code="63"):
    return reverse("pokja:effective_target", args=[code])


def test_staff_set_the_target_for_a_year(client_for, staf_kalsel, kalsel, banjarmasin, banjarbaru):
    client = client_for(staf_kalsel)

    response = client.post(target_url(), {"tahun": YEAR, "year": YEAR, "target_count": 1})
    assert response.status_code == 302
    client.post(target_url(), {"tahun": YEAR, "year": YEAR, "target_count": 2})

    assert EffectiveTarget.objects.get(region=kalsel, year=YEAR).target_count == 2


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "Target tidak boleh negatif."),
        (3, "Target tidak boleh melebihi 2 kab/kota di provinsi ini."),
        ("dua", "Masukkan bilangan bulat, misalnya 1.512."),
    ],
)
def test_target_must_lie_between_zero_and_the_number_of_kabupaten(
    client_for, staf_kalsel, banjarmasin, banjarbaru, value, message
):
    response = client_for(staf_kalsel).post(
        target_url(), {"tahun": YEAR, "year": YEAR, "target_count": value}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EffectiveTarget.objects.exists()


@pytest.mark.parametrize("persona", ["koord_6371", "pusat", "staf_sulsel"])
def test_only_staff_of_the_province_and_admin_may_manage_province(
    request, client_for, banjarmasin, persona
):
    user = request.getfixturevalue(persona)

    response = client_for(user).post(target_url(), {"tahun": YEAR, "year": YEAR, "target_count": 1})

    assert response.status_code == 404
    assert not EffectiveTarget.objects.exists()


# --- The ranking export ---------------------------------------------------------------------


def test_csv_export_holds_the_scoped_ranking(client_for, staf_kalsel, makassar, kalsel_assessed):
    response = client_for(staf_kalsel).get(export_url("63"))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Peringkat", "Kode", "Kab/kota"]
    assert [row[1] for row in rows[1:]] == ["63.72", "63.71"]
    assert rows[1][3:8] == ["Ya", "Ya", "Ya", "Ya", "4"]
    assert "73.71" not in response.content.decode()


def test_xlsx_export_holds_the_same_rows(client_for, pusat, kalsel_assessed):
    response = client_for(pusat).get(export_url("63", "xlsx"))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    codes = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["63.72", "63.71"]


# --- The run log ----------------------------------------------------------------------------


def test_staff_see_their_province_and_nightly_runs_only(client_for, staf_kalsel, kalsel):
    mine = AssessmentRun.objects.create(trigger="button", scope_code="63")
    nightly = AssessmentRun.objects.create(trigger="nightly", scope_code="")
    AssessmentRun.objects.create(trigger="button", scope_code="73")

    runs = client_for(staf_kalsel).get(reverse("pokja:run_log")).context["runs"]

    assert {run.pk for run in runs} == {mine.pk, nightly.pk}


def test_run_log_shows_counts_and_errors(client_for, admin, kalsel_assessed):
    run = AssessmentRun.objects.get()
    run.errors = [{"region": "63.05", "year": YEAR, "error": "ValueError('odd')"}]
    run.save()

    content = client_for(admin).get(reverse("pokja:run_log")).content.decode()

    row = re.search(r'<tr class="run-row">(.*?)</tr>', content, re.S)[1]
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    regions, changes, errors = cells[-3:]
    assert (regions, changes) == ("3", "3")  # the province and its two kab/kota, all new
    assert html.unescape(errors) == "1" + "63.05 2026: ValueError('odd')"  # the count, the list
    assert "Riwayat hitung efektivitas" in content


# --- The national page ----------------------------------------------------------------------


def test_national_page_lists_effective_count_total_and_percentage(
    client_for, pusat, makassar, kalsel_assessed
):
    response = client_for(pusat).get(reverse("pokja:national"))

    provinces = {p.code: p for p in response.context["provinces"]}
    assert (provinces["63"].effective_count, provinces["63"].kabkota_total) == (1, 2)
    assert provinces["63"].effective_percent == 50.0
    assert (provinces["73"].effective_count, provinces["73"].kabkota_total) == (0, 1)
    assert "50,0%" in response.content.decode()


def test_national_page_counts_each_provinces_own_pokja_too(
    client_for, pusat, kalsel, banjarmasin, banjarbaru, makassar
):
    complete_pokja(kalsel)
    complete_pokja(banjarbaru)
    compute()
    client = client_for(pusat)

    response = client.get(reverse("pokja:national"))

    provinces = {p.code: p for p in response.context["provinces"]}
    assert (provinces["63"].effective_count, provinces["63"].pokja_effective_count) == (1, 2)
    assert response.context["totals"]["pokja_effective_count"] == 2
    export = client.get(reverse("pokja:national") + "?ekspor=csv").content.decode("utf-8-sig")
    header, kalsel_row = list(csv.reader(io.StringIO(export)))[:2]
    assert kalsel_row[header.index("Pokja efektif, termasuk provinsi")] == "2"


# --- Query counts ---------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_province_page_queries_do_not_grow_with_kabupaten(
    client_for, staf_kalsel, kalsel, django_assert_max_num_queries
):
    client = client_for(staf_kalsel)
    EffectiveTarget.objects.create(region=kalsel, year=YEAR, target_count=1)
    for region in KabupatenKotaFactory.create_batch(3, parent=kalsel):
        complete_pokja(region)
    compute()
    with django_assert_max_num_queries(15):
        few = _queries(client, region_url("63"))

    for region in KabupatenKotaFactory.create_batch(27, parent=kalsel):
        complete_pokja(region)
    compute()
    with django_assert_max_num_queries(15):
        many = _queries(client, region_url("63"))

    assert few == many
    assert client.get(region_url("63")).content.decode().count('class="ranking-row"') == 30


def test_national_page_queries_do_not_grow_with_kabupaten(
    client_for, pusat, kalsel, django_assert_max_num_queries
):
    client = client_for(pusat)
    KabupatenKotaFactory.create_batch(3, parent=kalsel)
    compute(scope=None)
    with django_assert_max_num_queries(15):
        few = _queries(client, reverse("pokja:national"))

    for code in ("71", "72", "73"):
        KabupatenKotaFactory.create_batch(9, parent=ProvinceFactory(code=code))
    compute(scope=None)
    with django_assert_max_num_queries(15):
        many = _queries(client, reverse("pokja:national"))

    assert few == many


def test_kabupaten_page_stays_under_the_query_budget(
    client_for, koord_6371, banjarmasin, django_assert_max_num_queries
):
    complete_pokja(banjarmasin)
    compute(years=(YEAR - 1, YEAR))
    client = client_for(koord_6371)

    # The core page (the session comes from the cache) and each app's panel and returned-records
    # source (stunting: its panel's figures, one union query for its returned records; targets:
    # its panel and its returned achievements; Kampung KB: its panel's one aggregate query).
    # tests/test_speed_pages.py holds the same page with data in every panel to 14.
    with django_assert_max_num_queries(14):
        client.get(region_url("63.71"))


def test_met_budget_shows_the_verified_total_in_rupiah(client_for, koord_6371, banjarmasin):
    complete_pokja(banjarmasin)
    engine.recompute(years=[YEAR])

    content = client_for(koord_6371).get(f"/wilayah/63.71/?tahun={YEAR}").content.decode()

    assert "Rp 150.000.000" in content
