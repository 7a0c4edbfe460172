"""Judging achievements against targets, the right way round for each indicator."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

HIGHER, LOWER = "higher", "lower"
TERCAPAI, HAMPIR, BELUM = "tercapai", "hampir", "belum"


@dataclass(frozen=True)
class Evaluation:
    percentage: Decimal | None
    status: str | None


def achievement_percentage(target, actual, direction: str) -> Decimal | None:
    """Achievement in % of target. For lower-is-better indicators (TFR, unmet need, stunting)
    a value below target is good, so the ratio is inverted: target 14 %, actual 12 % -> 116.7 %.
    """
    if target is None or actual is None:
        return None
    target, actual = Decimal(str(target)), Decimal(str(actual))
    if direction == HIGHER:
        if target == 0:
            return None
        ratio = actual / target
    else:
        if actual == 0:
            # Zero where lower is better: the best possible result.
            return Decimal(100) if target == 0 else None
        ratio = target / actual
    return (ratio * 100).quantize(Decimal("0.1"))


def status_for(percentage: Decimal | None) -> str | None:
    if percentage is None:
        return None
    thresholds = settings.TARGET_THRESHOLDS
    if percentage >= thresholds["tercapai"]:
        return TERCAPAI
    if percentage >= thresholds["hampir"]:
        return HAMPIR
    return BELUM


def evaluate(target, actual, direction: str) -> Evaluation:
    percentage = achievement_percentage(target, actual, direction)
    return Evaluation(percentage, status_for(percentage))
