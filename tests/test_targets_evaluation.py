"""Achievement against target, computed the right way round for each indicator."""

from decimal import Decimal

import pytest
from django.test import override_settings

from targets.services.evaluation import evaluate


@pytest.mark.parametrize(
    ("target", "actual", "direction", "percentage", "status"),
    [
        (1000, 1000, "higher", Decimal("100.0"), "tercapai"),
        (1000, 1200, "higher", Decimal("120.0"), "tercapai"),
        (1000, 950, "higher", Decimal("95.0"), "hampir"),
        (1000, 500, "higher", Decimal("50.0"), "belum"),
        # Lower is better: stunting 14 % target, 12 % reached is over-achieved.
        (14, 12, "lower", Decimal("116.7"), "tercapai"),
        (14, 15, "lower", Decimal("93.3"), "hampir"),
        (Decimal("2.10"), Decimal("2.60"), "lower", Decimal("80.8"), "belum"),
        (14, 0, "lower", None, None),
        (0, 0, "lower", Decimal("100"), "tercapai"),
        (0, 5, "higher", None, None),
        (None, 5, "higher", None, None),
    ],
)
def test_evaluation_in_both_directions(target, actual, direction, percentage, status):
    result = evaluate(target, actual, direction)

    assert result.percentage == percentage
    assert result.status == status


@override_settings(TARGET_THRESHOLDS={"tercapai": 95, "hampir": 80})
def test_thresholds_are_configurable():
    assert evaluate(100, 96, "higher").status == "tercapai"
    assert evaluate(100, 85, "higher").status == "hampir"
