"""Splitting a province target over kab/kota: exact sums, fair remainders, proportional bases."""

from decimal import Decimal

import pytest

from targets.services.split import SplitError, split_equal, split_proportional


@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [
        (130, 13, [10] * 13),
        (10, 3, [4, 3, 3]),
        (11, 3, [4, 4, 3]),
        (2, 5, [1, 1, 0, 0, 0]),
        (0, 4, [0, 0, 0, 0]),
    ],
)
def test_equal_split_adds_up_and_gives_remainders_to_the_first_rows(total, count, expected):
    shares = split_equal(total, count)

    assert shares == expected
    assert sum(shares) == total


@pytest.mark.parametrize(
    ("total", "bases", "expected"),
    [
        (100, [1, 1, 2], [25, 25, 50]),
        # 100 * (1/3, 1/3, 1/3) -> 33.33 each: the one left-over unit goes to the first row.
        (100, [5, 5, 5], [34, 33, 33]),
        # Largest remainder wins: 10 * (0.14, 0.36, 0.5) = 1.4, 3.6, 5.0 -> 1, 4, 5.
        (10, [14, 36, 50], [1, 4, 5]),
        # A base of zero gets nothing; the others share all of it.
        (9, [0, 1, 2], [0, 3, 6]),
        # 3.5, 1.75, 1.75 -> 3, 1, 1 and two units left: to the larger fractions (.75, .75).
        (7, [Decimal("0.5"), Decimal("0.25"), Decimal("0.25")], [3, 2, 2]),
    ],
)
def test_proportional_split_is_exact_and_fair(total, bases, expected):
    shares = split_proportional(total, bases)

    assert shares == expected
    assert sum(shares) == total


def test_proportional_split_of_a_large_count_over_all_kabupaten_kota():
    bases = [3_456, 12_001, 987, 45_000, 7, 0, 23_999, 1, 8_888, 10_101, 5_432, 77_000, 1_234]

    shares = split_proportional(1_234_567, bases)

    assert sum(shares) == 1_234_567
    assert shares[5] == 0
    exact = [1_234_567 * b / sum(bases) for b in bases]
    assert all(abs(s - e) < 1 for s, e in zip(shares, exact, strict=True))


@pytest.mark.parametrize(
    ("total", "bases"), [(10, [0, 0, 0]), (10, []), (10, [1, -1]), (-1, [1, 2])]
)
def test_impossible_splits_are_refused(total, bases):
    with pytest.raises(SplitError):
        split_proportional(total, bases)
