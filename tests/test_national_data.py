"""The national benchmark data generator, on one province (Kalimantan Selatan: 1 + 13 regions)."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from pokja.devdata.national import NationalDataExists, generate
from pokja.effectiveness import engine
from pokja.models import (
    Assessment,
    BudgetAllocation,
    Decree,
    DocumentIndicator,
    IndicatorDocument,
    Member,
    Pokja,
    Region,
    VerifiableRecord,
    WorkingGroup,
    WorkPlan,
)
from pokja.services.regions import load_regions

TODAY = date(2026, 11, 22)
YEARS = list(range(2022, 2027))
KALSEL_REGIONS = 14


@pytest.fixture
def regions(db):
    load_regions()


def kalsel_codes():
    return set(
        Region.objects.filter(code__startswith="63")
        .filter(level__in=("provinsi", "kabupaten", "kota"))
        .values_list("code", flat=True)
    )


def test_it_creates_one_demo_pokja_per_region_in_scope_with_its_groups_and_members(regions):
    result = generate(province_codes=["63"], today=TODAY)

    pokjas = Pokja.objects.all()
    assert result.region_count == KALSEL_REGIONS
    assert set(pokjas.values_list("region_id", flat=True)) == kalsel_codes()
    assert all(pokja.is_demo for pokja in pokjas)
    assert WorkingGroup.objects.count() == 4 * KALSEL_REGIONS
    for pokja in pokjas:
        assert 9 <= pokja.members.count() <= 12


def test_it_spreads_five_years_of_evidence_over_every_status(regions):
    generate(province_codes=["63"], today=TODAY)

    assert set(WorkPlan.objects.values_list("year", flat=True)) == set(YEARS)
    assert set(BudgetAllocation.objects.values_list("year", flat=True)) == set(YEARS)
    assert DocumentIndicator.objects.exists()
    for model in (Decree, WorkPlan, IndicatorDocument, BudgetAllocation):
        assert not model.objects.filter(is_demo=False).exists()
    statuses = set()
    for model in (Decree, WorkPlan, IndicatorDocument, BudgetAllocation):
        statuses |= set(model.objects.values_list("status", flat=True))
    assert statuses == set(VerifiableRecord.Status.values)
    verified = WorkPlan.objects.filter(status="terverifikasi")
    assert not verified.filter(document="").exists()


def test_it_is_the_same_data_on_every_run_and_reset_replaces_it(regions):
    generate(province_codes=["63"], today=TODAY)
    first = list(BudgetAllocation.objects.order_by("pk").values_list("pokja__region", "amount"))

    generate(province_codes=["63"], today=TODAY, reset=True)

    assert Pokja.objects.count() == KALSEL_REGIONS
    again = list(BudgetAllocation.objects.order_by("pk").values_list("pokja__region", "amount"))
    assert again == first


def test_it_refuses_to_add_to_existing_pokja_without_reset(regions):
    generate(province_codes=["63"], today=TODAY)

    with pytest.raises(NationalDataExists):
        generate(province_codes=["63"], today=TODAY)


def test_reset_keeps_a_real_pokja(regions):
    Pokja.objects.create(region_id="63.71", name="Pokja Banjarmasin")

    result = generate(province_codes=["63"], today=TODAY, reset=True)

    assert result.skipped == ["63.71"]
    assert Pokja.objects.get(region_id="63.71").is_demo is False
    assert Pokja.objects.filter(is_demo=True).count() == KALSEL_REGIONS - 1
    assert not Member.objects.filter(pokja__region_id="63.71").exists()


def test_the_engine_judges_every_region_some_effective_some_not(regions):
    generate(province_codes=["63"], today=TODAY)

    engine.recompute(years=YEARS, scope_code="63", today=TODAY)

    assessments = Assessment.objects.filter(region_id__in=kalsel_codes())
    assert assessments.count() == KALSEL_REGIONS * len(YEARS)
    assert all(a.has_pokja for a in assessments)
    assert assessments.filter(is_effective=True).exists()
    assert assessments.filter(is_effective=False).exists()
    assert len(set(assessments.values_list("score", flat=True))) >= 3


def test_it_is_refused_under_production_settings(regions, settings):
    settings.SEED_DEMO_ALLOWED = False

    with pytest.raises(ImproperlyConfigured):
        generate(province_codes=["63"], today=TODAY)
    with pytest.raises(CommandError):
        call_command("generate_national_data", province=["63"])
    assert not Pokja.objects.exists()
