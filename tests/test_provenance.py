"""'Asal angka': every figure's page says what it is computed from, within the viewer's scope."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from rest_framework.test import APIClient

from kampungkb.models import Profile
from kampungkb.services.classify import classify
from pokja.kernel.provenance import provenance_url
from pokja.models import User
from targets.models import RegionTarget
from tests.factories import (
    AchievementFactory,
    BudgetAllocationFactory,
    IndicatorFactory,
    ProvinceTargetFactory,
    UserFactory,
)
from tests.factories_stunting import PrevalenceFigureFactory
from tests.kampungkb_factories import ProfileFactory, strong_output_figures
from tests.kernel.api_contract import api_client
from tests.test_dashboard import YEAR, complete_pokja, compute, region_url


@pytest.fixture
def verifier(kalsel):
    return UserFactory(
        username="verifikator",
        first_name="Siti",
        last_name="Rahma",
        role=User.Role.STAF_PROVINSI,
        region=kalsel,
    )


@pytest.fixture
def kalsel_assessed(banjarmasin, banjarbaru, verifier):
    """63.71 complete but with a budget waiting for verification; 63.72 effective."""
    complete_pokja(banjarmasin).budgetallocation_set.update(status="diajukan")
    pokja = complete_pokja(banjarbaru)
    pokja.decree_set.update(verified_by=verifier, verified_at=timezone.now())
    compute()


def page(client, kind, *parts):
    return client.get(provenance_url(kind, *parts))


# --- Scope ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "kind", "parts", "status"),
    [
        ("koord_6371", "efektivitas", ("63.71", YEAR), 200),
        ("koord_6371", "efektivitas", ("63.72", YEAR), 404),
        ("koord_6371", "efektivitas", ("63", YEAR), 404),
        ("koord_6371", "efektif-jumlah", ("63", YEAR), 404),
        ("staf_kalsel", "efektivitas", ("63.72", YEAR), 200),
        ("staf_kalsel", "efektif-jumlah", ("63", YEAR), 200),
        ("staf_sulsel", "efektivitas", ("63.71", YEAR), 404),
        ("staf_sulsel", "efektif-jumlah", ("63", YEAR), 404),
        ("pusat", "efektif-jumlah", ("63", YEAR), 200),
        ("admin", "efektivitas", ("63.71", "tahun"), 404),
        ("admin", "efektivitas", ("63.71",), 404),
        ("admin", "tidak-ada", ("63.71", YEAR), 404),
        ("admin", "efektif-jumlah", ("63.71", YEAR), 404),  # a count is a province's
    ],
)
def test_provenance_pages_are_scoped(
    request, client_for, kalsel_assessed, sulsel, persona, kind, parts, status
):
    user = request.getfixturevalue(persona)
    assert page(client_for(user), kind, *parts).status_code == status


def test_anonymous_is_sent_to_login(client, kalsel_assessed):
    response = page(client, "efektivitas", "63.71", YEAR)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- Effectiveness ----------------------------------------------------------------------------


def test_effectiveness_lists_the_evidence_behind_each_criterion(
    client_for, staf_kalsel, kalsel_assessed, django_assert_max_num_queries
):
    client = client_for(staf_kalsel)
    with django_assert_max_num_queries(14):
        response = page(client, "efektivitas", "63.72", YEAR)
    content = response.content.decode()
    assert "4/4" in content
    provenance = response.context["provenance"]
    assert "(BKKBN, 2023)" in provenance.rule
    assert escape(provenance.rule) in content  # the rule applied
    sk, plan, indicator, budget = provenance.sections
    assert [r.counts for r in sk.records] == [True]
    assert sk.records[0].verified_by == "Siti Rahma"
    assert sk.records[0].label.startswith("SK 188.45/")
    assert sk.records[0].url in content
    assert plan.records[0].counts and indicator.records[0].counts and budget.records[0].counts
    assert "Siti Rahma" in content


def test_effectiveness_shows_the_record_waiting_for_verification_as_not_counted(
    client_for, koord_6371, kalsel_assessed
):
    response = page(client_for(koord_6371), "efektivitas", "63.71", YEAR)
    budget = response.context["provenance"].sections[3]
    assert budget.result.startswith("Belum terpenuhi")
    [line] = budget.records
    assert not line.counts
    assert line.status == "diajukan"
    assert line.note == "Belum diverifikasi."


def test_province_count_lists_each_kabupaten_with_a_link_to_its_criteria(
    client_for, staf_kalsel, kalsel_assessed
):
    response = page(client_for(staf_kalsel), "efektif-jumlah", "63", YEAR)
    provenance = response.context["provenance"]
    assert provenance.figure == "1 dari 2"
    rows = {r.label: r for r in provenance.records}
    assert rows["Kota Banjarbaru"].counts and not rows["Kota Banjarmasin"].counts
    assert provenance_url("efektivitas", "63.72", YEAR) in response.content.decode()


def test_dashboards_link_each_figure_to_its_provenance(
    client_for, staf_kalsel, koord_6371, kalsel_assessed
):
    province = client_for(staf_kalsel).get(region_url("63", tahun=YEAR)).content.decode()
    assert provenance_url("efektif-jumlah", "63", YEAR) in province
    assert provenance_url("efektivitas", "63.72", YEAR) in province  # ranking row
    assert provenance_url("efektivitas", "63", YEAR) in province  # the province's own Pokja
    kabkota = client_for(koord_6371).get(region_url("63.71", tahun=YEAR)).content.decode()
    assert provenance_url("efektivitas", "63.71", YEAR) in kabkota


# --- Target achievements ----------------------------------------------------------------------


@pytest.fixture
def acceptors(kalsel, banjarmasin, banjarbaru, verifier):
    """A split target; Banjarmasin reports by month (June counts, a later month waits for
    verification), Banjarbaru a yearly figure (and a month, which does not count)."""
    indicator = IndicatorFactory()
    target = ProvinceTargetFactory(region=kalsel, indicator=indicator, year=YEAR, value=150)
    RegionTarget.objects.create(province_target=target, region=banjarmasin, value=100)
    RegionTarget.objects.create(province_target=target, region=banjarbaru, value=50)
    for period, value, status in [
        (3, 40, "terverifikasi"),
        (6, 70, "terverifikasi"),
        (9, 90, "diajukan"),
    ]:
        AchievementFactory(
            region=banjarmasin,
            indicator=indicator,
            year=YEAR,
            period=period,
            value=value,
            status=status,
            verified_by=verifier if status == "terverifikasi" else None,
        )
    AchievementFactory(region=banjarbaru, indicator=indicator, year=YEAR, value=30)
    # A month after the yearly figure: the yearly one still counts.
    AchievementFactory(region=banjarbaru, indicator=indicator, year=YEAR, period=11, value=25)
    return indicator


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("koord_6371", "63.71", 200),
        ("koord_6371", "63.72", 404),
        ("staf_kalsel", "63", 200),
        ("staf_sulsel", "63.71", 404),
        ("pusat", "63.72", 200),
    ],
)
def test_achievement_provenance_is_scoped(
    request, client_for, acceptors, sulsel, persona, code, status
):
    user = request.getfixturevalue(persona)
    response = page(client_for(user), "capaian", code, acceptors.code, YEAR)
    assert response.status_code == status


def test_unknown_indicator_is_404(client_for, admin, acceptors):
    assert page(client_for(admin), "capaian", "63.71", "tidak-ada", YEAR).status_code == 404


def test_achievement_shows_the_record_it_reads_and_who_verified_it(
    client_for, koord_6371, acceptors, django_assert_max_num_queries
):
    client = client_for(koord_6371)
    with django_assert_max_num_queries(12):
        response = page(client, "capaian", "63.71", acceptors.code, YEAR)
    target, achievement, evaluation = response.context["provenance"].sections
    assert target.result == "100"
    assert achievement.result == "70"
    assert [(r.value, r.counts) for r in achievement.records] == [
        ("40", False),
        ("70", True),
        ("90", False),
    ]
    assert achievement.records[1].verified_by == "Siti Rahma"
    assert achievement.records[2].status == "diajukan"
    assert evaluation.result.startswith("70.0%")
    assert "Siti Rahma" in response.content.decode()


def test_province_count_is_the_sum_of_the_kabupaten_records(client_for, staf_kalsel, acceptors):
    response = page(client_for(staf_kalsel), "capaian", "63", acceptors.code, YEAR)
    target, achievement, _evaluation = response.context["provenance"].sections
    assert target.result == "150"
    assert achievement.result == "100"  # 70 (June) + 30 (yearly, not November's 25)
    assert sum(r.counts for r in achievement.records) == 2
    november = next(r for r in achievement.records if r.value == "25")
    assert not november.counts


def test_computed_achievement_shows_the_figure_it_is_read_from(
    client_for, staf_kalsel, kalsel_assessed
):
    indicator = IndicatorFactory(code="pokja-efektif", name="Pokja efektif")
    response = page(client_for(staf_kalsel), "capaian", "63.72", indicator.code, YEAR)
    achievement = response.context["provenance"].sections[1]
    assert achievement.result == "1"
    assert achievement.link[1] == provenance_url("efektivitas", "63.72", YEAR)
    assert any(r.label.startswith("SK 188.45/") and r.counts for r in achievement.records)
    province = page(client_for(staf_kalsel), "capaian", "63", indicator.code, YEAR)
    assert province.context["provenance"].sections[1].result == "1"
    assert province.context["provenance"].sections[1].link[1] == provenance_url(
        "efektif-jumlah", "63", YEAR
    )


def test_rakerda_and_region_card_link_each_achievement(
    client_for, staf_kalsel, koord_6371, acceptors
):
    rakerda = reverse("targets:rakerda", args=["63", YEAR + 1])
    content = client_for(staf_kalsel).get(rakerda).content.decode()
    assert provenance_url("capaian", "63.71", acceptors.code, YEAR) in content
    assert provenance_url("capaian", "63", acceptors.code, YEAR) in content
    card = client_for(koord_6371).get(region_url("63.71", tahun=YEAR)).content.decode()
    assert provenance_url("capaian", "63.71", acceptors.code, YEAR) in card


# --- API --------------------------------------------------------------------------------------


def api_provenance(kind, *parts):
    return reverse("api:provenance", args=[kind, "/".join(str(p) for p in parts)])


def test_api_gives_the_provenance_within_the_callers_scope(
    koord_6371, kalsel_assessed, django_assert_max_num_queries
):
    client = api_client(koord_6371)
    with django_assert_max_num_queries(12):
        data = client.get(api_provenance("efektivitas", "63.71", YEAR)).json()
    assert data["region"] == "63.71" and data["year"] == YEAR
    budget = data["sections"][3]
    assert budget["records"][0]["status"] == "diajukan"
    assert budget["records"][0]["counts"] is False
    assert data["url"] == provenance_url("efektivitas", "63.71", YEAR)
    assert client.get(api_provenance("efektivitas", "63.72", YEAR)).status_code == 404


def test_api_figures_carry_their_provenance_link(staf_kalsel, kalsel_assessed, acceptors):
    client = api_client(staf_kalsel)
    [row] = client.get(reverse("api:assessment-list"), {"region": "63.72"}).json()["results"]
    assert row["asal_angka"].endswith(api_provenance("efektivitas", "63.72", YEAR))
    assert client.get(row["asal_angka"]).json()["figure"].startswith("4/4")
    bulk = client.get(reverse("api:effectiveness-bulk", args=[YEAR])).json()
    by_code = {r["code"]: r for r in bulk}
    assert by_code["63.71"]["asal_angka"].endswith(api_provenance("efektivitas", "63.71", YEAR))
    achievements = client.get(reverse("api:achievements-list"), {"region": "63.72"}).json()
    assert achievements["results"][0]["asal_angka"].endswith(
        api_provenance("capaian", "63.72", acceptors.code, YEAR)
    )


# --- Exports ----------------------------------------------------------------------------------


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_ranking_export_says_what_each_row_rests_on(client_for, staf_kalsel, kalsel_assessed):
    url = reverse("pokja:ranking_export", args=["63", "csv"]) + f"?tahun={YEAR}"
    header, *rows = csv_rows(client_for(staf_kalsel).get(url))
    assert header[-5:] == [
        "Sumber",
        "Status",
        "Diverifikasi oleh",
        "Diverifikasi pada",
        "Asal angka (tautan)",
    ]
    by_code = {row[1]: row for row in rows}
    source, status, verified_by, verified_at, link = by_code["63.72"][-5:]
    assert "SK: 188.45/" in source and "Rp" in source
    assert status == "Terverifikasi"
    assert verified_by == "Siti Rahma"
    assert verified_at.startswith(str(YEAR))
    assert link == "http://testserver" + provenance_url("efektivitas", "63.72", YEAR)


def test_achievement_exports_carry_who_entered_and_verified(client_for, staf_kalsel, acceptors):
    client = client_for(staf_kalsel)
    query = f"?tahun={YEAR}&provinsi=63"
    header, *rows = csv_rows(client.get(reverse("targets:export", args=["capaian", "csv"]) + query))
    assert header[-5:] == [
        "Dimasukkan oleh",
        "Dimasukkan pada",
        "Diverifikasi oleh",
        "Diverifikasi pada",
        "Asal angka (tautan)",
    ]
    june = next(row for row in rows if row[2] == "63.71" and row[7] == "70.00")
    assert june[-3] == "Siti Rahma"
    assert june[-1] == "http://testserver" + provenance_url(
        "capaian", "63.71", acceptors.code, YEAR
    )
    _header, *evaluations = csv_rows(
        client.get(reverse("targets:export", args=["evaluasi", "csv"]) + query)
    )
    banjarmasin = next(row for row in evaluations if row[1] == "63.71")
    assert banjarmasin[-3] == "Capaian terverifikasi"
    assert banjarmasin[-1].endswith(provenance_url("capaian", "63.71", acceptors.code, YEAR))


# --- Kampung KB -------------------------------------------------------------------------------

KKB_YEAR = 2025


@pytest.fixture
def classified(two_villages, verifier):
    """The first village's Kampung KB classified from a verified profile of March 2025."""
    kampung = two_villages[0]
    ProfileFactory(
        kampung=kampung,
        period=datetime.date(2025, 3, 1),
        status=Profile.Status.TERVERIFIKASI,
        verified_by=verifier,
        **strong_output_figures(),
    )
    classify(years=[KKB_YEAR], today=datetime.date(2025, 12, 31))
    return kampung


@pytest.mark.parametrize(
    ("persona", "status"),
    [("operator", 200), ("other_operator", 404), ("koord_6371", 200), ("staf_sulsel", 404)],
)
def test_kampung_class_provenance_is_scoped(request, client_for, classified, persona, status):
    user = request.getfixturevalue(persona)
    response = page(client_for(user), "kampung-kb", classified.pk, KKB_YEAR)
    assert response.status_code == status


def test_kampung_class_shows_the_twelve_indicators_with_raw_counts_and_the_profile(
    client_for, koord_6371, classified, django_assert_max_num_queries
):
    client = client_for(koord_6371)
    with django_assert_max_num_queries(10):
        response = page(client, "kampung-kb", classified.pk, KKB_YEAR)
    indicators, profile = response.context["provenance"].sections
    rows = {row[1]: row for row in indicators.table.rows}
    assert len(indicators.table.rows) == 12 + 3  # the indicators and the three group averages
    assert rows["kesertaan ber-KB"][2].endswith("60/100 = 60%")
    assert rows["kesertaan ber-KB"][4] == "4"
    assert profile.result == "Maret 2025"
    [record] = profile.records
    assert record.status == "terverifikasi" and record.verified_by == "Siti Rahma"
    content = response.content.decode()
    assert "60/100 = 60%" in content and "Siti Rahma" in content


def test_kampung_pages_link_the_class_to_its_provenance(client_for, koord_6371, classified):
    client = client_for(koord_6371)
    url = provenance_url("kampung-kb", classified.pk, KKB_YEAR)
    detail = client.get(classified.get_absolute_url() + f"?tahun={KKB_YEAR}").content.decode()
    assert url in detail
    listing = reverse("kampungkb:region", args=["63.71"]) + f"?tahun={KKB_YEAR}"
    assert url in client.get(listing).content.decode()


# --- Stunting ---------------------------------------------------------------------------------


@pytest.fixture
def banjarmasin_figures(banjarmasin, verifier):
    """SSGI 2022 published and verified; an e-PPGBM month of 2022 waiting for verification."""
    ssgi = PrevalenceFigureFactory(
        region=banjarmasin,
        value=Decimal("27.80"),
        publication_title="Buku Saku SSGI 2022",
        publication_date=datetime.date(2023, 1, 25),
        publication_url="https://example.org/ssgi-2022.pdf",
        verified_by=verifier,
    )
    PrevalenceFigureFactory(
        region=banjarmasin, source="eppgbm", month=8, value=Decimal("6.10"), status="diajukan"
    )
    return ssgi


@pytest.mark.parametrize(
    ("persona", "status"), [("koord_6371", 200), ("koord_6372", 404), ("staf_sulsel", 404)]
)
def test_prevalence_provenance_is_scoped(
    request, client_for, banjarmasin_figures, banjarbaru, persona, status
):
    user = request.getfixturevalue(persona)
    response = page(client_for(user), "prevalensi", banjarmasin_figures.pk)
    assert response.status_code == status
    achievement = page(client_for(user), "stunting", "63.71", 2022)
    assert achievement.status_code == status


def test_prevalence_figure_shows_its_publication_and_verifier(
    client_for, koord_6371, banjarmasin_figures
):
    response = page(client_for(koord_6371), "prevalensi", banjarmasin_figures.pk)
    provenance = response.context["provenance"]
    assert provenance.publication.title == "Buku Saku SSGI 2022"
    assert provenance.records[0].verified_by == "Siti Rahma"
    content = response.content.decode()
    assert "https://example.org/ssgi-2022.pdf" in content and "Siti Rahma" in content


def test_stunting_achievement_marks_the_survey_figure_and_not_the_register(
    client_for, staf_kalsel, banjarmasin_figures
):
    indicator = IndicatorFactory(code="stunting", direction="lower", kind="rate")
    response = page(client_for(staf_kalsel), "capaian", "63.71", indicator.code, 2022)
    achievement = response.context["provenance"].sections[1]
    assert achievement.result == "27.8"
    assert achievement.link[1] == provenance_url("stunting", "63.71", 2022)
    counted = [r for r in achievement.records if r.counts]
    assert [r.value for r in counted] == ["27.80%"]
    assert all(not r.counts for r in achievement.records if r.kind == "e-PPGBM")


def test_stunting_pages_link_each_prevalence_to_its_provenance(
    client_for, staf_kalsel, koord_6371, banjarmasin_figures
):
    url = provenance_url("prevalensi", banjarmasin_figures.pk)
    region = client_for(koord_6371).get(reverse("stunting:region", args=["63.71"]))
    assert url in region.content.decode()
    province = client_for(staf_kalsel).get(reverse("stunting:province", args=["63"]))
    assert url in province.content.decode()


def test_stunting_ranking_export_names_publication_verifier_and_link(
    client_for, staf_kalsel, banjarmasin_figures
):
    url = reverse("stunting:province_export", args=["63", "csv"]) + "?tahun=2022&sumber=ssgi"
    header, *rows = csv_rows(client_for(staf_kalsel).get(url))
    assert header[-5:] == [
        "Publikasi",
        "Status",
        "Diverifikasi oleh",
        "Diverifikasi pada",
        "Asal angka (tautan)",
    ]
    row = next(r for r in rows if r[1] == "63.71")
    assert row[-5:-2] == ["Buku Saku SSGI 2022", "Terverifikasi", "Siti Rahma"]
    assert row[-1].endswith(provenance_url("prevalensi", banjarmasin_figures.pk))


def test_api_provenance_needs_credentials(kalsel_assessed):
    response = APIClient().get(api_provenance("efektivitas", "63.71", YEAR))
    assert response.status_code == 401


def test_a_verified_budget_not_for_operations_is_listed_but_not_counted(
    client_for, staf_kalsel, banjarmasin, banjarbaru
):
    pokja = complete_pokja(banjarbaru)
    BudgetAllocationFactory(pokja=pokja, year=YEAR, amount=800_000_000, is_operational=False)
    compute()
    response = page(client_for(staf_kalsel), "efektivitas", "63.72", YEAR)
    lines = response.context["provenance"].sections[3].records
    by_amount = {line.value: line for line in lines}
    assert by_amount["Rp 150.000.000"].counts
    assert not by_amount["Rp 800.000.000"].counts
    assert by_amount["Rp 800.000.000"].note.startswith("Bukan untuk operasional Pokja")
