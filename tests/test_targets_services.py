"""Setting, splitting, finalising and reopening province targets."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from targets.models import ProvinceTarget
from targets.services import targets as target_services
from tests.factories import (
    IndicatorFactory,
    KabupatenKotaFactory,
    ProvinceTargetFactory,
    RateIndicatorFactory,
)


@pytest.fixture
def kalsel_kabkota(kalsel, banjarmasin, banjarbaru):
    tanah_laut = KabupatenKotaFactory(code="63.01", name="Kabupaten Tanah Laut", parent=kalsel)
    return [tanah_laut, banjarmasin, banjarbaru]


@pytest.fixture
def new_acceptors(kalsel, kalsel_kabkota):
    return ProvinceTargetFactory(region=kalsel, indicator=IndicatorFactory(), value=1000)


def shares_of(target):
    return {s.region_id: s.value for s in target.shares.all()}


def test_staff_set_the_province_target(staf_kalsel, kalsel):
    target = target_services.target_set(
        province=kalsel,
        indicator=IndicatorFactory(),
        year=2026,
        value=Decimal(5000),
        user=staf_kalsel,
    )

    assert target.value == 5000
    assert target.status == ProvinceTarget.Status.DRAF


@pytest.mark.parametrize("persona", ["koord_6371", "staf_sulsel", "pusat"])
def test_only_staff_of_the_province_set_targets(request, persona, kalsel, new_acceptors):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        target_services.target_set(
            province=kalsel, indicator=new_acceptors.indicator, year=2026, value=1, user=user
        )
    with pytest.raises(PermissionDenied):
        target_services.split_apply(target=new_acceptors, method="equal", user=user)


def test_equal_split_adds_up_exactly(staf_kalsel, new_acceptors):
    target_services.split_apply(target=new_acceptors, method="equal", user=staf_kalsel)

    assert shares_of(new_acceptors) == {"63.01": 334, "63.71": 333, "63.72": 333}
    assert target_services.split_difference(new_acceptors) == 0


def test_proportional_split_follows_the_bases(staf_kalsel, new_acceptors):
    target_services.split_apply(
        target=new_acceptors,
        method="proportional",
        user=staf_kalsel,
        bases={"63.01": Decimal(2), "63.71": Decimal(0), "63.72": Decimal(3)},
        base_label="Capaian 2025",
    )

    assert shares_of(new_acceptors) == {"63.01": 400, "63.71": 0, "63.72": 600}
    assert new_acceptors.base_label == "Capaian 2025"


def test_proportional_split_with_only_zero_bases_is_explained(staf_kalsel, new_acceptors):
    with pytest.raises(ValidationError) as excinfo:
        target_services.split_apply(
            target=new_acceptors, method="proportional", user=staf_kalsel, bases={}
        )

    assert excinfo.value.messages == [_("Every base is zero: enter a base, or split equally.")]


def test_a_split_that_does_not_add_up_cannot_be_finalised(staf_kalsel, new_acceptors):
    target_services.split_apply(
        target=new_acceptors,
        method="manual",
        user=staf_kalsel,
        values={"63.01": Decimal(300), "63.71": Decimal(300), "63.72": Decimal(300)},
    )
    assert target_services.split_difference(new_acceptors) == 100

    with pytest.raises(ValidationError):
        target_services.target_finalise(target=new_acceptors, user=staf_kalsel)
    assert ProvinceTarget.objects.get(pk=new_acceptors.pk).status == ProvinceTarget.Status.DRAF


def test_a_final_split_is_locked_until_reopened_and_both_show_in_history(
    staf_kalsel, new_acceptors
):
    target_services.split_apply(target=new_acceptors, method="equal", user=staf_kalsel)
    target_services.target_finalise(target=new_acceptors, user=staf_kalsel)

    with pytest.raises(ValidationError):
        target_services.split_apply(target=new_acceptors, method="equal", user=staf_kalsel)

    target_services.target_reopen(target=new_acceptors, user=staf_kalsel)
    reasons = list(new_acceptors.history.values_list("history_change_reason", flat=True))
    assert reasons[:2] == ["Dibuka kembali", "Difinalkan"] or reasons[:2] == [
        "Reopened",
        "Finalised",
    ]


def test_rates_get_their_own_target_and_no_sum_is_forced(staf_kalsel, kalsel, kalsel_kabkota):
    stunting = ProvinceTargetFactory(region=kalsel, indicator=RateIndicatorFactory(), value=14)

    target_services.split_apply(
        target=stunting,
        method="manual",
        user=staf_kalsel,
        values={"63.01": Decimal("16.5"), "63.71": Decimal(12), "63.72": Decimal("13.2")},
    )
    target_services.target_finalise(target=stunting, user=staf_kalsel)

    assert target_services.split_difference(stunting) is None
    assert stunting.status == ProvinceTarget.Status.FINAL


def test_whole_units_for_counts_typed_by_hand(staf_kalsel, new_acceptors):
    with pytest.raises(ValidationError):
        target_services.split_apply(
            target=new_acceptors,
            method="manual",
            user=staf_kalsel,
            values={"63.01": Decimal("333.5"), "63.71": Decimal("333.5"), "63.72": Decimal(333)},
        )


def test_the_service_refuses_to_split_a_rate_in_proportion(staf_kalsel, kalsel, kalsel_kabkota):
    stunting = ProvinceTargetFactory(
        region=kalsel, indicator=RateIndicatorFactory(), value=Decimal("14.00")
    )

    with pytest.raises(ValidationError, match="tidak dibagi proporsional"):
        target_services.split_apply(
            target=stunting,
            method="proportional",
            user=staf_kalsel,
            bases={"63.01": Decimal(1), "63.71": Decimal(2), "63.72": Decimal(4)},
        )

    stunting.refresh_from_db()
    assert shares_of(stunting) == {}
    assert stunting.method == ProvinceTarget.Method.MANUAL


def test_an_effective_pokja_target_splits_all_but_the_provinces_own_pokja(
    staf_kalsel, kalsel, kalsel_kabkota
):
    # Kalimantan Selatan 2025 counted 10: its own Pokja and 9 kab/kota.
    target = ProvinceTargetFactory(
        region=kalsel,
        indicator=IndicatorFactory(code="pokja-efektif", name="Jumlah Pokja yang efektif"),
        value=3,
    )

    target_services.split_apply(target=target, method="equal", user=staf_kalsel)
    target_services.target_finalise(target=target, user=staf_kalsel)

    assert sum(shares_of(target).values()) == 2  # 3 less 1 for the province's own Pokja
    assert target.status == ProvinceTarget.Status.FINAL
