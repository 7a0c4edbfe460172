"""Judging achievements against targets, the right way round for each indicator.

Two edges have no ratio to show, yet a clear answer (our rule):
- lower is better and the figure is 0 (no unmet need, no stunting): the best possible result,
  achieved whatever the target;
- higher is better and the target is 0 (a count split over many kab/kota leaves some with 0):
  any figure above 0 goes beyond the target ("melampaui target nol"), and 0 meets it.
Both are "achieved" without a percentage, with a note saying why.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

HIGHER, LOWER = "higher", "lower"
TERCAPAI, HAMPIR, BELUM = "tercapai", "hampir", "belum"

# Why an achieved status has no percentage.
ZERO_IS_BEST, ABOVE_ZERO_TARGET = "zero_is_best", "above_zero_target"
NOTES = {
    ZERO_IS_BEST: _("0 is the best possible result"),
    ABOVE_ZERO_TARGET: _("above a zero target"),
}


@dataclass(frozen=True)
class Evaluation:
    percentage: Decimal | None
    status: str | None
    note: str = ""  # one of NOTES when the status stands without a percentage

    @property
    def note_text(self) -> str:
        return str(NOTES[self.note]) if self.note else ""


def achievement_percentage(target, actual, direction: str) -> Decimal | None:
    """Achievement in % of target. For lower-is-better indicators (TFR, unmet need, stunting)
    a value below target is good, so the ratio is inverted: target 14 %, actual 12 % -> 116.7 %.
    None where no ratio exists (see evaluate for what those cases mean).
    """
    if target is None or actual is None:
        return None
    target, actual = Decimal(str(target)), Decimal(str(actual))
    if direction == HIGHER:
        if target == 0:
            return Decimal(100) if actual == 0 else None
        ratio = actual / target
    else:
        if actual == 0:
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
    if percentage is None and target is not None and actual is not None:
        target, actual = Decimal(str(target)), Decimal(str(actual))
        if direction == HIGHER and target == 0 and actual > 0:
            return Evaluation(None, TERCAPAI, ABOVE_ZERO_TARGET)
        if direction == LOWER and actual == 0:
            return Evaluation(None, TERCAPAI, ZERO_IS_BEST)
    return Evaluation(percentage, status_for(percentage))
