"""Achievement against target, computed the right way round for each indicator."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
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
        (0, 0, "lower", Decimal("100"), "tercapai"),
        (0, 0, "higher", Decimal("100"), "tercapai"),
        (None, 5, "higher", None, None),
        (5, None, "lower", None, None),
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


def test_zero_where_lower_is_better_is_achieved_as_the_best_possible_result():
    # Unmet need target 7,4 %, figure 0: no ratio to show, but nothing could be better.
    result = evaluate(Decimal("7.40"), 0, "lower")

    assert (result.percentage, result.status) == (None, "tercapai")
    assert result.note_text == "0 adalah hasil terbaik"


def test_a_figure_above_a_zero_target_is_achieved_beyond_it():
    # Six of 13 kab/kota get a zero share of a small count; one becomes effective anyway.
    result = evaluate(0, 1, "higher")

    assert (result.percentage, result.status) == (None, "tercapai")
    assert result.note_text == "melampaui target nol"


def test_the_badge_says_why_an_achievement_has_no_percentage():
    html = render_to_string(
        "targets/partials/evaluation_badge.html", {"evaluation": evaluate(0, 1, "higher")}
    )

    assert "Tercapai" in html and "melampaui target nol" in html
