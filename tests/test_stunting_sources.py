"""Stunting: one source per series, everywhere (issue #19). Each figure is judged only against
a target of its own year that is measured by its own source; two surveys of one year are both
shown and never silently picked; the target path says which years are only interpolated; the
demo's published figures match DOMAIN.md and the generated ones say "ilustrasi"."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pokja.services.regions import load_regions
from stunting.devdata.demo import seed_demo_stunting
from stunting.models import PrevalenceFigure
from stunting.selectors import SeriesKey, ranking, target_path
from targets.devdata.demo import seed_demo_targets
from targets.models import Achievement, Indicator, ProvinceTarget
from targets.selectors import computed_values, evaluation_for_province, region_targets_summary
from tests.factories import AchievementFactory
from tests.factories_stunting import (
    PrevalenceFigureFactory,
    RegionTargetFactory,
    StuntingTargetFactory,
)

pytestmark = pytest.mark.django_db


def fig(region, source, year, value, month=0, **kw):
    return PrevalenceFigureFactory(
        region=region,
        source=source,
        year=year,
        month=month,
        value=Decimal(value),
        publication_title=f"{source.upper()} {year}",
        **kw,
    )


def stunting_id():
    return Indicator.objects.get(code="stunting").pk


def own_target(region, year, value, measured_by="ssgi"):
    target = StuntingTargetFactory(
        region=region.parent, year=year, value=Decimal(value), measured_by=measured_by
    )
    return RegionTargetFactory(province_target=target, region=region, value=Decimal(value))


# --- the achievement: the target's source decides, never a silent preference ----------------


def test_two_surveys_in_one_year_give_no_silently_chosen_achievement(banjarmasin):
    fig(banjarmasin, "ssgi", 2023, "24.0")
    fig(banjarmasin, "ski", 2023, "27.0")

    values = computed_values(["63.71"], [stunting_id()], [2023])

    assert ("63.71", stunting_id(), 2023) not in values


def test_the_target_names_the_survey_that_counts(banjarmasin):
    fig(banjarmasin, "ssgi", 2023, "24.0")
    fig(banjarmasin, "ski", 2023, "27.0")
    own_target(banjarmasin, 2023, "25.0", measured_by="ski")

    value = computed_values(["63.71"], [stunting_id()], [2023])[("63.71", stunting_id(), 2023)]

    assert value == Decimal("27.00")
    assert value.source_label == "SKI 2023"
    assert value.publication == "SKI 2023"


def test_a_register_target_counts_the_register_only(banjarmasin):
    fig(banjarmasin, "ssgi", 2024, "22.0")
    fig(banjarmasin, "eppgbm", 2024, "4.29", month=12)
    own_target(banjarmasin, 2024, "15.80", measured_by="eppgbm")

    value = computed_values(["63.71"], [stunting_id()], [2024])[("63.71", stunting_id(), 2024)]

    assert (value, value.source_label) == (Decimal("4.29"), "e-PPGBM 12/2024")


def test_the_region_targets_panel_names_the_achievements_source(koord_6371, banjarmasin):
    fig(banjarmasin, "ssgi", 2024, "22.0")
    own_target(banjarmasin, 2024, "18.0")

    [row] = region_targets_summary(koord_6371, banjarmasin, 2024)

    assert row["achievement"] == Decimal("22.00")
    assert row["achievement"].source_label == "SSGI 2024"


def test_the_rakerda_page_shows_the_source_under_a_stunting_achievement(
    client_for, staf_kalsel, banjarmasin
):
    fig(banjarmasin, "ssgi", 2024, "22.0")
    own_target(banjarmasin, 2024, "18.0")

    page = client_for(staf_kalsel).get(reverse("targets:rakerda", args=["63", 2025]))

    assert '<small class="text-muted achievement-source" title="SSGI 2024">SSGI 2024' in (
        page.content.decode()
    )


def test_a_typed_stunting_achievement_without_source_and_publication_is_refused(banjarmasin):
    typed = Achievement(
        region=banjarmasin, indicator_id=stunting_id(), year=2025, value=Decimal("17.50")
    )
    with pytest.raises(ValidationError) as refused:
        typed.full_clean()
    assert {"source", "publication"} <= set(refused.value.message_dict)

    typed.source, typed.publication = "ssgi", "SSGI 2025"
    typed.full_clean()


# --- the ranking: the selected year, each figure against its own year's target ---------------


def test_the_ranking_of_a_past_year_shows_no_later_figure(client_for, staf_kalsel, banjarmasin):
    fig(banjarmasin, "ssgi", 2022, "27.8")
    fig(banjarmasin, "ssgi", 2024, "22.0")

    response = client_for(staf_kalsel).get(
        reverse("stunting:province", args=["63"]), {"sumber": "ssgi", "tahun": 2022}
    )

    [row] = [r for r in response.context["rows"] if r.region.code == "63.71"]
    assert row.latest.year == 2022
    assert row.target_of_year.year == 2022


def test_a_ranked_figure_is_judged_against_the_target_of_its_own_year(staf_kalsel, banjarmasin):
    fig(banjarmasin, "ssgi", 2024, "22.0")

    [row] = ranking(staf_kalsel, [banjarmasin], SeriesKey("ssgi"), 2025)

    assert row.latest.year == 2024
    assert row.target == Decimal("14.00")  # 2024's target, not 2025's 18.80
    assert row.distance == Decimal("8.00")


def test_the_ranking_never_judges_the_register_against_a_survey_target(staf_kalsel, banjarmasin):
    fig(banjarmasin, "eppgbm", 2024, "4.29", month=12)
    own_target(banjarmasin, 2024, "15.80")

    [row] = ranking(staf_kalsel, [banjarmasin], SeriesKey("eppgbm"), 2024)

    assert row.latest.value == Decimal("4.29")
    assert row.target is None
    assert row.distance is None


# --- the region dashboard -------------------------------------------------------------------


def test_the_register_is_never_judged_against_a_survey_target(client_for, koord_6371, banjarmasin):
    fig(banjarmasin, "ssgi", 2024, "22.0")
    fig(banjarmasin, "eppgbm", 2024, "4.29", month=12)
    own_target(banjarmasin, 2024, "15.80")

    response = client_for(koord_6371).get(
        reverse("stunting:region", args=["63.71"]), {"tahun": 2024}
    )

    items = {i["series"].key.source: i for i in response.context["latest"]}
    assert items["ssgi"]["distance"] == Decimal("6.20")
    assert items["eppgbm"]["distance"] is None
    page = response.content.decode()
    assert "Tidak dinilai: target ini tidak diukur dengan e-PPGBM (melainkan SSGI)." in page
    assert "Sama dengan atau di bawah target" not in page


def test_a_survey_year_is_never_judged_against_another_years_target(
    client_for, koord_6371, banjarmasin
):
    fig(banjarmasin, "ski", 2023, "25.0")

    response = client_for(koord_6371).get(
        reverse("stunting:region", args=["63.71"]), {"tahun": 2026}
    )

    [item] = response.context["latest"]
    assert item["target"].year == 2023
    assert item["target"].value == Decimal("16.74")
    assert "poin di atas target 2023" in response.content.decode()


# --- the target path ------------------------------------------------------------------------


def test_the_path_says_which_years_are_published_and_which_interpolated():
    path = target_path()

    assert list(path) == list(range(2021, 2030))
    interpolated = [year for year, point in path.items() if point.interpolated]
    assert interpolated == [2021, 2022, 2023, 2026, 2027, 2028]
    assert path[2023].measured_by == "ski"
    assert {path[y].measured_by for y in (2021, 2022, 2024, 2025, 2029)} == {"ssgi"}


def test_every_page_that_shows_the_path_marks_interpolated_years(
    client_for, staf_kalsel, koord_6371, banjarmasin
):
    fig(banjarmasin, "ssgi", 2024, "22.0")
    marker = '2026 17,65%<sup title="interpolasi, tidak dipublikasikan">i</sup>'
    for user, url in [
        (koord_6371, reverse("stunting:region", args=["63.71"])),
        (staf_kalsel, reverse("stunting:province", args=["63"])),
        (staf_kalsel, reverse("stunting:province_print", args=["63"])),
    ]:
        assert marker in client_for(user).get(url).content.decode(), url


def test_the_export_says_when_the_target_is_interpolated(client_for, staf_kalsel, banjarmasin):
    fig(banjarmasin, "ski", 2023, "25.0", is_illustrative=True)

    response = client_for(staf_kalsel).get(
        reverse("stunting:province_export", args=["63", "csv"]), {"sumber": "ski", "tahun": 2023}
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    [row] = [r for r in rows if r["Kode"] == "63.71"]
    assert row["Target tahun angka tersebut"] == "16.74"
    assert row["Target: dipublikasikan, interpolasi atau milik sendiri"] == "interpolasi"
    assert row["Ilustrasi"] == "ilustrasi"


def test_admins_keep_the_path(client_for, admin):
    client = client_for(admin)
    response = client.get(reverse("admin:targets_nationaltarget_changelist"))
    assert "Interpolasi" in response.content.decode()


# --- the demo -------------------------------------------------------------------------------


@pytest.fixture
def regions(db):
    load_regions()


def test_the_demos_published_figures_match_domain(regions):
    seed_demo_stunting()
    ssgi = {
        (f.region_id, f.year): f
        for f in PrevalenceFigure.objects.filter(source="ssgi", is_demo=True)
    }

    assert ssgi[("73.04", 2022)].value == Decimal("39.00")  # Jeneponto, SSGI 2022
    press_2024 = {"73.04": "37.0", "73.16": "34.3", "73.07": "28.6", "73.71": "22.9"}
    press_2024 |= {"73.73": "22.7", "73.13": "20.5", "73.14": "20.3", "73.06": "17.0"}
    for code, value in press_2024.items():
        assert ssgi[(code, 2024)].value == Decimal(value)
        assert not ssgi[(code, 2024)].is_illustrative
    sulsel_2024 = {c: f.value for (c, y), f in ssgi.items() if y == 2024 and c.startswith("73.")}
    assert min(sulsel_2024, key=sulsel_2024.get) == "73.06"  # Gowa, the lowest
    # SSGI 2021 bands in Kalimantan Selatan (BKKBN's inspectorate, 2022).
    above_30 = ["63.03", "63.05", "63.04", "63.01"]
    between = ["63.07", "63.06", "63.09", "63.71", "63.02", "63.08"]
    assert all(ssgi[(c, 2021)].value > 30 for c in above_30)
    assert ssgi[("63.11", 2021)].value > 32
    assert all(20 <= ssgi[(c, 2021)].value <= 30 for c in between)
    assert all(ssgi[(c, 2021)].value < 20 for c in ["63.72", "63.10"])


def test_every_generated_demo_figure_is_illustrative_and_no_published_one_is(regions):
    seed_demo_stunting()
    figures = PrevalenceFigure.objects.filter(is_demo=True)

    assert figures.filter(is_illustrative=True, publication_title__startswith="Ilustrasi").exists()
    assert (
        not figures.filter(is_illustrative=True)
        .exclude(publication_title__startswith="Ilustrasi")
        .exists()
    )
    assert not figures.filter(is_illustrative=False, publication_title__startswith="Ilustrasi")
    banjar_2021 = figures.get(region_id="63.03", source="ssgi", year=2021)
    assert (banjar_2021.value, banjar_2021.is_illustrative) == (Decimal("40.20"), False)


def test_the_demo_has_no_fabricated_stunting_achievement(regions):
    seed_demo_targets()

    assert not Achievement.objects.filter(indicator__code="stunting").exists()
    targets = ProvinceTarget.objects.filter(indicator__code="stunting", is_demo=True)
    assert set(targets.values_list("measured_by", flat=True)) == {"ssgi"}
    sulsel_2025 = targets.filter(region_id="73", year=2025).first()
    if sulsel_2025 is not None:  # the demo writes last year's and this year's targets
        assert (sulsel_2025.value, sulsel_2025.is_illustrative) == (Decimal("23.90"), False)
    this_year = timezone.localdate().year
    generated = targets.get(region_id="63", year=this_year)
    assert generated.is_illustrative


def test_the_targets_trend_keeps_to_the_targets_source(staf_kalsel, kalsel, banjarmasin):
    fig(banjarmasin, "ssgi", 2022, "26.4")
    fig(banjarmasin, "ski", 2023, "25.0")
    fig(banjarmasin, "ssgi", 2024, "22.0")
    own_target(banjarmasin, 2025, "17.0")

    evaluation = evaluation_for_province(staf_kalsel, kalsel, 2025)

    stunting = next(i for i in evaluation if i.indicator.code == "stunting")
    trend = dict(stunting.regions["63.71"].trend)
    assert trend == {2022: Decimal("26.40"), 2023: None, 2024: Decimal("22.00"), 2025: None}


def test_a_typed_stunting_value_counts_only_with_its_source(staf_kalsel, kalsel, banjarmasin):
    own_target(banjarmasin, 2025, "17.0")
    # Written before the rule (as the old demo did): no source, so it is never judged.
    legacy = AchievementFactory(
        region=banjarmasin, indicator_id=stunting_id(), year=2025, value=Decimal("17.50")
    )

    def cell():
        evaluation = evaluation_for_province(staf_kalsel, kalsel, 2025)
        stunting = next(i for i in evaluation if i.indicator.code == "stunting")
        return stunting.regions["63.71"]

    assert cell().achievement is None
    assert cell().evaluation.status is None

    legacy.source, legacy.publication = "ssgi", "Laporan Dinkes 2025"
    legacy.save()
    achievement = cell().achievement
    assert achievement == Decimal("17.50")
    assert (achievement.source_label, achievement.publication) == (
        "SSGI 2025",
        "Laporan Dinkes 2025",
    )


def test_the_targets_page_names_a_targets_source_and_marks_a_generated_one(
    client_for, staf_kalsel, kalsel
):
    StuntingTargetFactory(region=kalsel, year=2025, value=Decimal("17.40"), is_illustrative=True)

    page = client_for(staf_kalsel).get(reverse("targets:index", args=["63", 2025]))

    content = page.content.decode()
    assert "Diukur dengan SSGI." in content
    assert '17,4 <span class="badge text-bg-light border">ilustrasi</span>' in content
