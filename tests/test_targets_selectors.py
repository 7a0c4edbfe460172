"""The Rakerda evaluation: per kab/kota, and the province roll-up done the right way."""

from decimal import Decimal

import pytest

from targets.models import Achievement
from targets.selectors import evaluation_for_province, region_targets_summary
from targets.services import targets as target_services
from tests.factories import (
    AchievementFactory,
    AssessmentFactory,
    IndicatorFactory,
    ProvinceTargetFactory,
    RateIndicatorFactory,
)

YEAR = 2026


@pytest.fixture
def split_targets(staf_kalsel, kalsel, banjarmasin, banjarbaru):
    acceptors = ProvinceTargetFactory(
        region=kalsel, indicator=IndicatorFactory(), year=YEAR, value=1000
    )
    target_services.split_apply(target=acceptors, method="equal", user=staf_kalsel)
    stunting = ProvinceTargetFactory(
        region=kalsel, indicator=RateIndicatorFactory(), year=YEAR, value=14
    )
    target_services.split_apply(
        target=stunting,
        method="manual",
        user=staf_kalsel,
        values={"63.71": Decimal(12), "63.72": Decimal(15)},
    )
    return acceptors, stunting


def by_code(evaluations):
    return {e.indicator.code: e for e in evaluations}


def test_counts_roll_up_as_a_sum_and_rates_use_the_provinces_own_figure(
    staf_kalsel, kalsel, banjarmasin, banjarbaru, split_targets
):
    acceptors, stunting = split_targets
    AchievementFactory(region=banjarmasin, indicator=acceptors.indicator, year=YEAR, value=600)
    AchievementFactory(region=banjarbaru, indicator=acceptors.indicator, year=YEAR, value=300)
    # A typed stunting figure counts only with its source and publication.
    sourced = {"indicator": stunting.indicator, "year": YEAR, "source": "ssgi", "publication": "x"}
    AchievementFactory(region=banjarmasin, value=10, **sourced)
    AchievementFactory(region=banjarbaru, value=20, **sourced)
    AchievementFactory(region=kalsel, value=Decimal("16.8"), **sourced)

    evaluations = by_code(evaluation_for_province(staf_kalsel, kalsel, YEAR))

    count = evaluations["peserta-kb-baru"]
    assert count.province.achievement == 900
    assert count.province.evaluation.percentage == Decimal("90.0")
    assert count.regions["63.71"].evaluation.status == "tercapai"  # 600 of 500
    rate = evaluations["stunting"]
    assert rate.province.achievement == Decimal("16.8")  # not the average of 10 and 20
    assert rate.regions["63.71"].evaluation.status == "tercapai"  # 10 % against 12 %: good
    assert rate.regions["63.72"].evaluation.status == "belum"  # 20 % against 15 %


def test_cumulative_months_count_their_latest_figure_and_unverified_ones_not_at_all(
    staf_kalsel, kalsel, banjarmasin, split_targets
):
    indicator = split_targets[0].indicator
    AchievementFactory(region=banjarmasin, indicator=indicator, year=YEAR, period=3, value=120)
    AchievementFactory(region=banjarmasin, indicator=indicator, year=YEAR, period=6, value=260)
    AchievementFactory(
        region=banjarmasin,
        indicator=indicator,
        year=YEAR,
        period=9,
        value=999,
        status=Achievement.Status.DIAJUKAN,
    )

    cell = by_code(evaluation_for_province(staf_kalsel, kalsel, YEAR))["peserta-kb-baru"].regions[
        "63.71"
    ]

    assert cell.achievement == 260
    assert cell.trend[-1] == (YEAR, Decimal(260))


def test_staff_of_another_province_see_no_targets(staf_sulsel, kalsel, split_targets):
    evaluations = evaluation_for_province(staf_sulsel, kalsel, YEAR)

    assert all(e.province_target is None and not e.regions for e in evaluations)


def test_coordinator_sees_own_targets_and_progress(koord_6371, banjarmasin, split_targets):
    AchievementFactory(
        region=banjarmasin, indicator=split_targets[0].indicator, year=YEAR, value=250
    )

    rows = {r["indicator"].code: r for r in region_targets_summary(koord_6371, banjarmasin, YEAR)}

    assert rows["peserta-kb-baru"]["target"] == 500
    assert rows["peserta-kb-baru"]["evaluation"].percentage == Decimal("50.0")
    assert rows["stunting"]["target"] == 12


def test_evaluation_queries_do_not_grow_with_regions(
    staf_kalsel, kalsel, split_targets, django_assert_max_num_queries
):
    # Over the hand-entered figures: which indicators are computed, and one query per registered
    # achievement source (effective Pokja, Kampung KB, stunting) that the province's targets use.
    with django_assert_max_num_queries(9):
        evaluation_for_province(staf_kalsel, kalsel, YEAR)


def test_the_provinces_effective_pokja_count_its_own_pokja_too(
    staf_kalsel, kalsel, banjarmasin, banjarbaru
):
    # BKKBN counts "Pokja Provinsi dan Kabupaten/Kota yang efektif": the province's own too.
    effective = IndicatorFactory(code="pokja-efektif", name="Jumlah Pokja yang efektif")
    ProvinceTargetFactory(region=kalsel, indicator=effective, year=YEAR, value=2)
    for region, is_effective in ((kalsel, True), (banjarmasin, False), (banjarbaru, True)):
        AssessmentFactory(region=region, year=YEAR, is_effective=is_effective)

    province = by_code(evaluation_for_province(staf_kalsel, kalsel, YEAR))["pokja-efektif"]

    assert province.province.achievement == 2  # the province's own + Banjarbaru, not 1
    assert province.province.evaluation.status == "tercapai"
    assert province.regions["63.72"].achievement == 1
