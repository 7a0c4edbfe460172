"""The published Kampung KB maturity rule, written once as pure functions (no database).

Twelve indicators are scored 1–4 in three groups (Input 5, Process 3, Output 4). A group is met
when the average of its scores, rounded to two decimals, is at least 3. The class follows from
the groups met: none or one → Dasar; Input and Process without Output → Berkembang; Output with
exactly one of the others → Mandiri; all three → Berkelanjutan.

Percentages are rounded to whole numbers first, each Poktan's share and then their mean, so the
bands meet (30.4% is 30%). The published query rounds them with PostgreSQL's ROUND() of a double,
which rounds half to even: 81 users of 200 PUS is 40.5%, read as 40 (score 2, not 3). Its group
averages are ROUND(numeric, 2), half away from zero. Both are done here in integers, exactly,
whatever the database (SQLite's round() is half away from zero for doubles too). Our rule where
the published query is silent: an output ratio with no data or a zero denominator scores 1.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

DASAR, BERKEMBANG, MANDIRI, BERKELANJUTAN = "dasar", "berkembang", "mandiri", "berkelanjutan"
CLASS_ORDER = (DASAR, BERKEMBANG, MANDIRI, BERKELANJUTAN)
CLASS_LABELS = {
    DASAR: _("Dasar"),
    BERKEMBANG: _("Berkembang"),
    MANDIRI: _("Mandiri"),
    BERKELANJUTAN: _("Berkelanjutan"),
}

INPUT, PROCESS, OUTPUT = "input", "process", "output"
GROUPS = (INPUT, PROCESS, OUTPUT)
GROUP_LABELS = {INPUT: _("Input"), PROCESS: _("Process"), OUTPUT: _("Output")}
MET_AVERAGE = Decimal(3)
# Raised whenever the classification can come out differently for the same data, so that the
# classes stored for every year are computed again (`services.classify.nightly`). 2: percentages
# half to even and agencies over all activities, as the published query (December 2026).
RULE_VERSION = 2


@dataclass(frozen=True)
class Facts:
    """What the rule reads from a Kampung KB's latest verified profile and its activities."""

    pokja_formed: bool = False
    pokja_has_members: bool = False
    pokja_trained: bool = False
    funding_sources: int = 0
    poktan_present: int = 0
    secretariat: bool = False
    rumah_dataku: bool = False
    field_officer: bool = False
    regulation: bool = False
    data_sources: int = 0
    routines_active: int = 0
    agencies: int = 0
    # (members, target families) of BKB, BKR, BKL, UPPKA and PIK-R, in that order.
    poktan_members: tuple[tuple[int, int], ...] = ((0, 0),) * 5
    pus: int = 0
    kb_users: int = 0
    long_acting_users: int = 0
    unmet_need: int = 0  # PUS not in KB who want a child later or no more children


def _half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero (both non-negative), in integers:
    PostgreSQL's ROUND(numeric)."""
    return (2 * numerator + denominator) // (2 * denominator)


def _half_even(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half to even (both non-negative), in integers:
    PostgreSQL's ROUND(double precision). Exact, where the double is only close: for counts
    below a billion a quotient that is not a tie is at least 1/denominator away from one, far
    more than a double's error, so the two agree."""
    quotient, remainder = divmod(numerator, denominator)
    if 2 * remainder > denominator or (2 * remainder == denominator and quotient % 2):
        quotient += 1
    return quotient


def percent(part: int | None, whole: int | None) -> int | None:
    """A share in whole percent, half to even as the published query's ROUND() of a double
    (40.5% → 40, 41.5% → 42); None when there is nothing to divide by."""
    if not whole or part is None:
        return None
    return _half_even(100 * part, whole)


def poktan_participation(members: tuple[tuple[int, int], ...]) -> int:
    """The mean over the five Poktan of their rounded shares (a group without target families
    counts 0%), rounded again, half to even."""
    # percent(m, t) or 0, spelled out: this runs five times for each of twenty thousand.
    shares = [_half_even(100 * m, t) if t and m else 0 for m, t in members]
    return _half_even(sum(shares), len(shares))


def by_count(value: int, bands: tuple[int, int, int]) -> int:
    """Score 1–4 from the lowest count of scores 2, 3 and 4 (e.g. (1, 2, 5): 0→1, 1→2, 2–4→3)."""
    second, third, fourth = bands
    return 1 + (value >= second) + (value >= third) + (value >= fourth)


def by_percent_up(value: int | None, bands: tuple[int, int, int]) -> int:
    """Higher is better; no data scores 1."""
    return 1 if value is None else by_count(value, bands)


def unmet_need_score(value: int | None) -> int:
    """Lower is better: 13% or more → 1; 10–12 → 2; 7–9 → 3; 6 or less → 4; no data → 1."""
    if value is None or value >= 13:
        return 1
    if value >= 10:
        return 2
    return 3 if value >= 7 else 4


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    label: object
    # facts -> (score, the value a person reads, e.g. "27%")
    measure: Callable[[Facts], tuple[int, str]]
    # score -> what the next score needs, e.g. "≥ 30%" (None at the top)
    needs: dict[int, object] = field(default_factory=dict)


# The stored values are language-neutral (the nightly run must not depend on a language);
# `display_value` translates them for a page.
POKJA_VALUES = {
    "none": _("not formed"),
    "formed": _("formed"),
    "formed+members": _("formed + members"),
    "formed+trained": _("formed + trained"),
    "formed+members+trained": _("formed + members + trained"),
}


def _pokja(f: Facts) -> tuple[int, str]:
    if not f.pokja_formed:
        return 1, "none"
    value = (
        "formed"
        + ("+members" if f.pokja_has_members else "")
        + ("+trained" if f.pokja_trained else "")
    )
    return 2 + f.pokja_has_members + f.pokja_trained, value


def display_value(code: str, value: str) -> str:
    return str(POKJA_VALUES.get(value, value)) if code == "pokja" else value


def _pair(a: bool, b: bool) -> tuple[int, str]:
    return 1 + a + b, f"{int(a) + int(b)}/2"


def _pct_text(value: int | None) -> str:
    return "–" if value is None else f"{value}%"


def _pct_score(value: int | None, bands: tuple[int, int, int]) -> tuple[int, str]:
    return by_percent_up(value, bands), _pct_text(value)


def _unmet(value: int | None) -> tuple[int, str]:
    return unmet_need_score(value), _pct_text(value)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "pokja",
        INPUT,
        _("Pokja Kampung KB"),
        _pokja,
        {1: _("form the Pokja"), 2: _("add members or training"), 3: _("members and training")},
    ),
    Indicator(
        "funding",
        INPUT,
        _("funding sources"),
        lambda f: (by_count(f.funding_sources, (1, 2, 5)), str(f.funding_sources)),
        {1: _("at least 1"), 2: _("at least 2"), 3: _("more than 4")},
    ),
    Indicator(
        "poktan",
        INPUT,
        _("Poktan present"),
        lambda f: (by_count(f.poktan_present, (1, 3, 5)), f"{f.poktan_present}/5"),
        {1: _("at least 1"), 2: _("at least 3"), 3: _("all 5")},
    ),
    Indicator(
        "secretariat",
        INPUT,
        _("Sekretariat and Rumah DataKu"),
        lambda f: _pair(f.secretariat, f.rumah_dataku),
        {1: _("one of them"), 2: _("both")},
    ),
    Indicator(
        "officer",
        INPUT,
        _("field officer and regulation"),
        lambda f: _pair(f.field_officer, f.regulation),
        {1: _("one of them"), 2: _("both")},
    ),
    Indicator(
        "data_sources",
        PROCESS,
        _("data sources used"),
        lambda f: (by_count(f.data_sources, (1, 2, 4)), str(f.data_sources)),
        {1: _("at least 1"), 2: _("at least 2"), 3: _("more than 3")},
    ),
    Indicator(
        "routines",
        PROCESS,
        _("operating routines active"),
        lambda f: (by_count(f.routines_active, (1, 3, 5)), f"{f.routines_active}/5"),
        {1: _("at least 1"), 2: _("at least 3"), 3: _("all 5")},
    ),
    Indicator(
        "agencies",
        PROCESS,
        _("agencies in activities"),
        lambda f: (by_count(f.agencies, (1, 4, 7)), str(f.agencies)),
        {1: _("at least 1"), 2: _("at least 4"), 3: _("more than 6")},
    ),
    Indicator(
        "poktan_participation",
        OUTPUT,
        _("Poktan participation"),
        lambda f: _pct_score(poktan_participation(f.poktan_members), (10, 21, 31)),
        {1: _("≥ 10%"), 2: _("> 20%"), 3: _("> 30%")},
    ),
    Indicator(
        "kb_participation",
        OUTPUT,
        _("KB participation"),
        lambda f: _pct_score(percent(f.kb_users, f.pus), (30, 41, 51)),
        {1: _("≥ 30%"), 2: _("> 40%"), 3: _("> 50%")},
    ),
    Indicator(
        "long_acting",
        OUTPUT,
        _("long-acting methods (MKJP)"),
        lambda f: _pct_score(percent(f.long_acting_users, f.kb_users), (20, 23, 25)),
        {1: _("≥ 20%"), 2: _("> 22%"), 3: _("> 24%")},
    ),
    Indicator(
        "unmet_need",
        OUTPUT,
        _("unmet need"),
        lambda f: _unmet(percent(f.unmet_need, f.pus)),
        {1: _("< 13%"), 2: _("< 10%"), 3: _("≤ 6%")},
    ),
)
INDICATOR_BY_CODE = {i.code: i for i in INDICATORS}
INDICATOR_CODES = tuple(i.code for i in INDICATORS)


def group_average(scores: list[int]) -> Decimal:
    return (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def class_of(met: frozenset[str] | set[str]) -> str:
    if OUTPUT in met:
        others = len(met & {INPUT, PROCESS})
        return {0: DASAR, 1: MANDIRI, 2: BERKELANJUTAN}[others]
    return BERKEMBANG if {INPUT, PROCESS} <= met else DASAR


@dataclass(frozen=True)
class Result:
    maturity_class: str
    scores: dict[str, int]  # indicator code -> 1..4
    values: dict[str, str]  # indicator code -> what a person reads
    met: frozenset[str]

    def as_reasons(self) -> dict:
        """What is stored with the class, compact (a row per Kampung KB and year, twenty
        thousand a night): the twelve scores as one string of digits and their values, both in
        the order of INDICATORS, and the version of the rule. The groups met follow from the
        scores (`met_groups`)."""
        return reasons_of(
            tuple([self.scores[code] for code in INDICATOR_CODES]),
            tuple([self.values[code] for code in INDICATOR_CODES]),
        )


def reasons_of(scores: tuple[int, ...], values: tuple[str, ...]) -> dict:
    """`Result.as_reasons` of twelve scores and values in INDICATORS' order (`judge`)."""
    return {"scores": _digits(scores), "values": list(values), "rule": RULE_VERSION}


@functools.lru_cache(maxsize=4096)
def _digits(scores: tuple[int, ...]) -> str:
    return "".join([str(score) for score in scores])


def read_reasons(reasons: dict) -> tuple[dict[str, int], dict[str, str]]:
    """The scores and values per indicator code of stored reasons (`Result.as_reasons`)."""
    scores = {
        code: int(digit) for code, digit in zip(INDICATOR_CODES, reasons["scores"], strict=True)
    }
    return scores, dict(zip(INDICATOR_CODES, reasons["values"], strict=True))


GROUP_CODES = {g: tuple(i.code for i in INDICATORS if i.group == g) for g in GROUPS}
_GROUP_SIZES = tuple((g, codes, len(codes)) for g, codes in GROUP_CODES.items())


def met_groups(scores: dict[str, int]) -> frozenset[str]:
    """Average rounded to two decimals ≥ 3, in integers: round(100 × sum / n) ≥ 300."""
    return frozenset(
        group
        for group, codes, size in _GROUP_SIZES
        if _half_up(100 * sum([scores[c] for c in codes]), size) >= 300
    )


@functools.lru_cache(maxsize=4096)
def _judged(scores: tuple[int, ...]) -> tuple[frozenset[str], str]:
    """The groups met and the class of twelve scores (in INDICATORS' order): few combinations
    recur across twenty thousand Kampung KB, so each is worked out once."""
    met = met_groups(dict(zip(INDICATOR_CODES, scores, strict=True)))
    return met, class_of(met)


_MEASURES = tuple(i.measure for i in INDICATORS)


def _measured(facts: Facts) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The twelve scores and the twelve values, in INDICATORS' order."""
    return tuple(zip(*[measure(facts) for measure in _MEASURES], strict=True))


def judge(facts: Facts) -> tuple[str, tuple[int, ...], tuple[str, ...]]:
    """The class, the scores and the values (in INDICATORS' order) without a Result: what the
    nightly run stores for each of twenty thousand Kampung KB (`reasons_of`)."""
    scores, values = _measured(facts)
    return _judged(scores)[1], scores, values


def classify(facts: Facts) -> Result:
    scores, values = _measured(facts)
    met, maturity_class = _judged(scores)
    return Result(
        maturity_class,
        dict(zip(INDICATOR_CODES, scores, strict=True)),
        dict(zip(INDICATOR_CODES, values, strict=True)),
        met,
    )
