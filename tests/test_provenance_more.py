"""'Asal angka', continued: the stunting target a figure is judged against, the charts' points,
the API of prevalence figures and Kampung KB, and the Kampung KB counts."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from pokja.kernel.provenance import provenance_url
from tests import test_provenance
from tests.factories import IndicatorFactory, UserFactory
from tests.factories_stunting import (
    PrevalenceFigureFactory,
    RegionTargetFactory,
    StuntingTargetFactory,
)
from tests.kernel.api_contract import api_client
from tests.test_dashboard import YEAR, region_url
from tests.test_provenance import KKB_YEAR, api_provenance, page

# The fixtures of test_provenance.py, shared.
classified = test_provenance.classified
verifier = test_provenance.verifier
acceptors = test_provenance.acceptors
kalsel_assessed = test_provenance.kalsel_assessed

# --- Stunting: the target the figure is judged against ------------------------------------


def target_of(response):
    return next(s for s in response.context["provenance"].sections if s.title == "Target")


def test_a_survey_figure_shows_the_path_row_it_is_judged_against(
    client_for, koord_6371, banjarmasin
):
    ssgi = PrevalenceFigureFactory(region=banjarmasin, year=2024, value=Decimal("22.00"))
    response = page(client_for(koord_6371), "prevalensi", ssgi.pk)
    target = target_of(response)
    assert target.result == "14.00% (2024, SSGI): dinilai"
    [row] = target.records
    assert row.kind == "Lintasan target nasional" and "2024: dipublikasikan" in row.note
    assert row.counts
    assert row.label  # the source document
    assert "Hanya angka dari tahun target itu sendiri" in target.rule
    assert "14.00% (2024, SSGI): dinilai" in response.content.decode()


def test_an_interpolated_path_year_says_so(client_for, koord_6371, banjarmasin):
    ssgi = PrevalenceFigureFactory(region=banjarmasin, year=2022, value=Decimal("27.80"))
    target = target_of(page(client_for(koord_6371), "prevalensi", ssgi.pk))
    assert "interpolasi" in target.result
    assert "diinterpolasi di antara tahun yang dipublikasikan" in target.records[0].note


def test_a_register_figure_is_shown_with_why_it_is_not_judged(client_for, koord_6371, banjarmasin):
    register = PrevalenceFigureFactory(
        region=banjarmasin, source="eppgbm", year=2024, month=8, value=Decimal("4.29")
    )
    target = target_of(page(client_for(koord_6371), "prevalensi", register.pk))
    assert target.result.startswith("14.00% (2024, SSGI): tidak dinilai")
    assert not target.records[0].counts
    assert "e-PPGBM" in target.result


def test_the_regions_own_target_names_who_set_it(client_for, staf_kalsel, kalsel, banjarmasin):
    setter = UserFactory(username="penyusun", first_name="Rina", last_name="Wati")
    own = StuntingTargetFactory(region=kalsel, year=2024, updated_by=setter)
    RegionTargetFactory(province_target=own, region=banjarmasin, value=Decimal("16.50"))
    PrevalenceFigureFactory(region=banjarmasin, year=2024, value=Decimal("22.00"))
    response = page(client_for(staf_kalsel), "stunting", "63.71", 2024)
    target = target_of(response)
    assert target.result == "16.50% (2024, SSGI): dinilai"
    [row] = target.records
    assert row.kind == "Bagian kab/kota" and row.entered_by == "Rina Wati"
    assert row.status_label == "Final"


def test_no_target_for_the_year_is_said(client_for, koord_6371, banjarmasin):
    from targets.models import NationalTarget

    NationalTarget.objects.filter(indicator__code="stunting", year=2024).delete()
    ssgi = PrevalenceFigureFactory(region=banjarmasin, year=2024)
    target = target_of(page(client_for(koord_6371), "prevalensi", ssgi.pk))
    assert target.result == "tidak ada target untuk 2024: tidak dinilai"


@pytest.mark.parametrize(("persona", "status"), [("koord_6371", 200), ("koord_6372", 404)])
def test_the_target_is_within_the_figures_scope(
    request, client_for, banjarmasin, banjarbaru, persona, status
):
    ssgi = PrevalenceFigureFactory(region=banjarmasin, year=2024)
    user = request.getfixturevalue(persona)
    assert page(client_for(user), "prevalensi", ssgi.pk).status_code == status


# --- The API: asal_angka on prevalence figures, Kampung KB profiles and classes --------------


def test_api_prevalence_figures_carry_their_provenance(staf_kalsel, banjarmasin):
    figure = PrevalenceFigureFactory(region=banjarmasin, year=2024)
    client = api_client(staf_kalsel)
    [row] = client.get(reverse("api:prevalencefigure-list")).json()["results"]
    assert row["asal_angka"].endswith(api_provenance("prevalensi", figure.pk))
    assert client.get(row["asal_angka"]).json()["kind"] == "prevalensi"


def test_api_kampung_kb_profiles_and_classes_carry_their_provenance(koord_6371, classified):
    client = api_client(koord_6371)
    link = api_provenance("kampung-kb", classified.pk, KKB_YEAR)
    [profile] = client.get(reverse("api:profile-list")).json()["results"]
    assert profile["asal_angka"].endswith(link)
    [kelas] = client.get(
        reverse("api:kampungkbclass-list"), {"year": KKB_YEAR, "kampung": classified.pk}
    ).json()["results"]
    assert kelas["kampung"] == classified.pk and kelas["asal_angka"].endswith(link)
    assert client.get(kelas["asal_angka"]).json()["figure"] == kelas["level_label"]


def test_api_kampung_kb_classes_are_scoped(staf_sulsel, classified):
    response = api_client(staf_sulsel).get(reverse("api:kampungkbclass-list"))
    assert response.json()["results"] == []


def test_the_schema_documents_asal_angka(admin):
    schema = api_client(admin).get(reverse("api:schema"), {"format": "json"}).json()
    components = schema["components"]["schemas"]
    for name in ("PrevalenceFigure", "Profile", "MaturityClass"):
        assert components[name]["properties"]["asal_angka"]["format"] == "uri"


# --- Kampung KB: the count of a region and its classes ---------------------------------------


def test_kampung_kb_count_lists_each_kampung_with_its_class_and_the_list(
    client_for, koord_6371, classified, django_assert_max_num_queries
):
    client = client_for(koord_6371)
    with django_assert_max_num_queries(10):
        response = page(client, "kampung-kb-wilayah", "63.71", KKB_YEAR)
    classes, counted = response.context["provenance"].sections
    assert counted.link[1] == reverse("kampungkb:region", args=["63.71"]) + f"?tahun={KKB_YEAR}"
    by_url = {r.url: r for r in counted.records}
    assert set(by_url) >= {provenance_url("kampung-kb", classified.pk, KKB_YEAR)}
    mine = by_url[provenance_url("kampung-kb", classified.pk, KKB_YEAR)]
    level = classified.classes.get(year=KKB_YEAR).get_level_display()
    assert mine.value == level and mine.counts
    rows = dict(classes.table.rows)
    assert rows[level] == str(sum(r.value == level for r in counted.records))
    assert reverse("kampungkb:region", args=["63.71"]) in response.content.decode()


def test_a_kampung_launched_after_the_year_is_listed_not_counted(
    client_for, koord_6371, classified
):
    classified.launched_on = datetime.date(KKB_YEAR + 1, 2, 1)
    classified.save(update_fields=["launched_on"])
    response = page(client_for(koord_6371), "kampung-kb-wilayah", "63.71", KKB_YEAR)
    counted = response.context["provenance"].sections[1]
    [late] = [r for r in counted.records if not r.counts]
    assert late.note == f"Dicanangkan setelah {KKB_YEAR}."
    assert counted.result == str(len(counted.records) - 1)


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("koord_6371", "63.71", 200),
        ("koord_6371", "63", 404),
        ("staf_kalsel", "63", 200),
        ("staf_sulsel", "63.71", 404),
        ("admin", "63.71.01", 404),  # a village has no count of its own
    ],
)
def test_kampung_kb_count_is_scoped(request, client_for, classified, kalsel, persona, code, status):
    user = request.getfixturevalue(persona)
    assert page(client_for(user), "kampung-kb-wilayah", code, KKB_YEAR).status_code == status


def test_the_kampung_kb_achievement_links_to_the_kabkota_list(client_for, staf_kalsel, classified):
    indicator = IndicatorFactory(code="jumlah-kampung-kb", unit="kampung")
    response = page(client_for(staf_kalsel), "capaian", "63.71", indicator.code, KKB_YEAR)
    achievement = response.context["provenance"].sections[1]
    assert achievement.link[1] == provenance_url("kampung-kb-wilayah", "63.71", KKB_YEAR)
    assert provenance_url("kampung-kb", classified.pk, KKB_YEAR) in {
        r.url for r in achievement.records
    }
    province = page(client_for(staf_kalsel), "capaian", "63", indicator.code, KKB_YEAR)
    assert province.context["provenance"].sections[1].link[1] == provenance_url(
        "kampung-kb-wilayah", "63", KKB_YEAR
    )


def test_kampung_kb_overviews_link_their_class_counts(client_for, staf_kalsel, classified):
    client = client_for(staf_kalsel)
    overview = client.get(reverse("kampungkb:region", args=["63"]) + f"?tahun={KKB_YEAR}")
    content = overview.content.decode()
    assert provenance_url("kampung-kb-wilayah", "63.71", KKB_YEAR) in content
    assert provenance_url("kampung-kb-wilayah", "63", KKB_YEAR) in content
    listing = client.get(reverse("kampungkb:region", args=["63.71"]) + f"?tahun={KKB_YEAR}")
    assert provenance_url("kampung-kb-wilayah", "63.71", KKB_YEAR) in listing.content.decode()


# --- Charts: each point says where it comes from, a click opens its page --------------------


def chart_json(content: str, script_id: str) -> dict:
    match = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', content)
    return json.loads(match.group(1))


def test_the_prevalence_chart_points_carry_their_source_and_page(
    client_for, koord_6371, banjarmasin
):
    ssgi = PrevalenceFigureFactory(
        region=banjarmasin, year=2024, publication_title="Buku Saku SSGI 2024"
    )
    demo = PrevalenceFigureFactory(
        region=banjarmasin, source="ski", year=2023, publication_title="", is_illustrative=True
    )
    response = client_for(koord_6371).get(reverse("stunting:region", args=["63.71"]))
    chart = chart_json(response.content.decode(), "prevalence-chart-data")
    points = {p["url"]: p for d in chart["datasets"] for p in d["points"] if "url" in p}
    assert (
        points[provenance_url("prevalensi", ssgi.pk)]["note"] == "SSGI 2024 · Buku Saku SSGI 2024"
    )
    assert points[provenance_url("prevalensi", demo.pk)]["note"] == "SKI 2023 · ilustrasi"
    [path] = [d for d in chart["datasets"] if d["source"] == "target"]
    interpolated = next(p for p in path["points"] if p["interpolated"])
    assert interpolated["note"]  # the path's source document


def test_the_stunting_ranking_chart_links_each_bar(client_for, staf_kalsel, banjarmasin):
    ssgi = PrevalenceFigureFactory(region=banjarmasin, year=2024)
    response = client_for(staf_kalsel).get(
        reverse("stunting:province", args=["63"]) + "?tahun=2024&sumber=ssgi"
    )
    chart = chart_json(response.content.decode(), "ranking-chart-data")
    assert chart["urls"] == [provenance_url("prevalensi", ssgi.pk)]
    assert chart["notes"] == ["SSGI 2024 · SSGI 2022"]  # the factory's publication title


def test_the_rakerda_chart_links_each_bar_to_its_achievement(client_for, staf_kalsel, acceptors):
    response = client_for(staf_kalsel).get(reverse("targets:rakerda", args=["63", YEAR + 1]))
    content = response.content.decode()
    ids = re.findall(r'<script id="(rakerda-chart-\d+)"', content)
    charts = [chart_json(content, chart_id) for chart_id in ids]
    urls = [
        provenance_url("capaian", "63.71", acceptors.code, YEAR),
        provenance_url("capaian", "63.72", acceptors.code, YEAR),
    ]
    assert [c for c in charts if c["urls"] == urls]


def test_the_province_effectiveness_chart_links_to_the_count(
    client_for, staf_kalsel, kalsel_assessed
):
    response = client_for(staf_kalsel).get(region_url("63", tahun=YEAR))
    chart = chart_json(response.content.decode(), "criteria-chart-data")
    assert set(chart["urls"]) == {provenance_url("efektif-jumlah", "63", YEAR)}
    assert len(chart["urls"]) == len(chart["values"])


def test_the_kampung_kb_class_chart_links_to_the_regions_count(client_for, koord_6371, classified):
    response = client_for(koord_6371).get(
        reverse("kampungkb:region", args=["63.71"]) + f"?tahun={KKB_YEAR}"
    )
    chart = chart_json(response.content.decode(), "kkb-class-chart")
    assert set(chart["urls"]) == {provenance_url("kampung-kb-wilayah", "63.71", KKB_YEAR)}


def test_the_effectiveness_chart_card_has_a_link_for_keyboard_users(
    client_for, staf_kalsel, kalsel_assessed
):
    content = client_for(staf_kalsel).get(region_url("63", tahun=YEAR)).content.decode()
    card = content.split('id="criteria-chart"')[0].rsplit('class="card-header"', 1)[1]
    assert provenance_url("efektif-jumlah", "63", YEAR) in card


def test_the_stunting_achievement_lists_the_figures_not_the_target_among_its_records(
    client_for, staf_kalsel, banjarmasin
):
    """The capaian page has its own target section: the stunting figure's target row is not
    one of the records the achievement is computed from."""
    IndicatorFactory(code="stunting", direction="lower", kind="rate")
    PrevalenceFigureFactory(region=banjarmasin, year=2024, value=Decimal("22.00"))
    response = page(client_for(staf_kalsel), "capaian", "63.71", "stunting", 2024)
    achievement = response.context["provenance"].sections[1]
    assert [r.value for r in achievement.records] == ["22.00%"]


def test_a_province_figure_shows_the_provinces_own_target(client_for, staf_kalsel, kalsel):
    StuntingTargetFactory(region=kalsel, year=2024, value=Decimal("17.00"), measured_by="ski")
    ssgi = PrevalenceFigureFactory(region=kalsel, year=2024, value=Decimal("22.90"))
    target = target_of(page(client_for(staf_kalsel), "prevalensi", ssgi.pk))
    assert target.result.startswith("17.00% (2024, SKI): tidak dinilai")
    [row] = target.records
    assert row.kind == "Target provinsi" and row.label == "Kalimantan Selatan 2024"
