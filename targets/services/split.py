"""Splitting a province target over its kabupaten/kota ("dibagi habis").

Additive indicators are split into whole units that add up exactly to the province target; the
remainder goes, one unit each, to the rows with the largest fractional share (largest remainder
method), ties broken by the rows' order, so the same input always gives the same split.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal


class SplitError(ValueError):
    pass


def split_equal(total: int, count: int) -> list[int]:
    if count <= 0:
        raise SplitError("nothing to split over")
    return split_proportional(total, [1] * count)


def split_proportional(total: int, bases: list[Decimal | int | float]) -> list[int]:
    """Whole-unit shares of `total` in proportion to `bases`, summing exactly to `total`.

    Rows with a base of 0 get 0. When every base is 0 there is no proportion to follow:
    SplitError, so the caller can ask for a base or an equal split instead.
    """
    if total < 0:
        raise SplitError("negative total")
    weights = [Decimal(str(b)) for b in bases]
    if any(w < 0 for w in weights):
        raise SplitError("negative base")
    weight_sum = sum(weights, Decimal(0))
    if not weights or weight_sum == 0:
        raise SplitError("all bases are zero")
    exact = [Decimal(total) * w / weight_sum for w in weights]
    shares = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    remainder = total - sum(shares)
    # Largest fractional part first; among equals, the earlier row (stable sort).
    order = sorted(range(len(exact)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in order[:remainder]:
        shares[i] += 1
    return shares
