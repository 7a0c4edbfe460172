"""WHO/UNICEF (2018) prevalence thresholds, shown beside every figure, and the distance to a
target where lower is better."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    css: str  # Bootstrap text-bg class, dark enough for AA on its text colour


# Lower bound (inclusive) of each band, highest first.
BANDS = (
    (Decimal(30), Band("very-high", _("very high"), "text-bg-danger")),
    (Decimal(20), Band("high", _("high"), "text-bg-warning")),
    (Decimal(10), Band("medium", _("medium"), "text-bg-info")),
    (Decimal("2.5"), Band("low", _("low"), "text-bg-success")),
    (Decimal(0), Band("very-low", _("very low"), "text-bg-success")),
)


def band(value: Decimal | None) -> Band | None:
    if value is None:
        return None
    return next(b for floor, b in BANDS if value >= floor)


def distance(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Points above the target (positive: still to go down); lower is better, so a figure under
    its target has a negative distance and has met it."""
    if value is None or target is None:
        return None
    return value - target


def meets(value: Decimal | None, target: Decimal | None) -> bool | None:
    if value is None or target is None:
        return None
    return value <= target
