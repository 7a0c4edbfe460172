"""What it takes for a Kampung KB to move up a class, in words a village operator acts on.

Read from the stored scores (the rule itself is `rules`): the next class and which groups it
needs ("Naik ke Berkembang bila Input dan Proses terpenuhi"), then, for every group not met, how
far it is in points and what each of its indicators would need to rise, with a piece of advice.
A group is met by its average, so the shortfall is a sum: the indicators together need 3 points
each, and every score that rises by one adds a point, whichever indicator it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kampungkb import rules

# What an operator can do about each indicator (the rule says only what the score needs).
ADVICE = {
    "pokja": gettext_lazy(
        "Form the Pokja Kampung KB with an SK, give it members and have them trained."
    ),
    "funding": gettext_lazy(
        "Find more funding sources: Dana Desa, APBD, company CSR, grants, self-funding."
    ),
    "poktan": gettext_lazy("Set up the missing Poktan: BKB, BKR, BKL, UPPKA, PIK-R."),
    "secretariat": gettext_lazy("Open a Sekretariat and a Rumah DataKu."),
    "officer": gettext_lazy(
        "Ask for a PKB/PLKB field officer and a regulation from the village head (or higher)."
    ),
    "data_sources": gettext_lazy(
        "Plan with more data: family data (PK), routine BKKBN data, Potensi Desa, sectoral data."
    ),
    "routines": gettext_lazy(
        "Hold the five routines: planning meeting, coordination, outreach, monitoring and "
        "evaluation, reporting."
    ),
    "agencies": gettext_lazy(
        "Involve more agencies in the activities, and name them in each activity report."
    ),
    "poktan_participation": gettext_lazy(
        "Bring more target families into the Poktan (members of each Poktan against its families)."
    ),
    "kb_participation": gettext_lazy(
        "Reach more couples of reproductive age (PUS) with a contraceptive method."
    ),
    "long_acting": gettext_lazy("Offer long-acting methods: IUD, implant, MOW, MOP."),
    "unmet_need": gettext_lazy(
        "Visit the couples who want a child later or no more children and offer them KB."
    ),
}


@dataclass(frozen=True)
class GroupAdvice:
    label: str
    needed_next: bool  # one of the groups the next class needs (else: a later class)
    explanation: str  # the shortfall in words
    steps: list[tuple[str, str]]  # (advice, where the indicator stands and what it needs)


@dataclass(frozen=True)
class LiftPlan:
    next_class: str  # label of the next class
    headline: str  # "Moves up to Berkembang when Input and Process are met."
    groups: list[GroupAdvice]


def _joined(labels: list[str], word: str) -> str:
    if len(labels) == 1:
        return labels[0]
    return format_lazy("{} {} {}", ", ".join(labels[:-1]), word, labels[-1])


def next_step(met: frozenset[str]) -> tuple[str, list[frozenset[str]]] | None:
    """The next class and every fewest set of groups that reaches it (several when either will
    do: from Dasar with Output met, Input or Process makes it Mandiri); None at the top."""
    current = rules.CLASS_ORDER.index(rules.class_of(met))
    missing = [g for g in rules.GROUPS if g not in met]
    for size in range(1, len(missing) + 1):
        reached = {}
        for extra in combinations(missing, size):
            rank = rules.CLASS_ORDER.index(rules.class_of(met | set(extra)))
            if rank > current:
                reached.setdefault(rank, []).append(frozenset(extra))
        if reached:
            rank = min(reached)
            return rules.CLASS_ORDER[rank], reached[rank]
    return None


def _headline(level: str, options: list[frozenset[str]]) -> str:
    labels = [
        str(_joined([str(rules.GROUP_LABELS[g]) for g in rules.GROUPS if g in option], _("and")))
        for option in options
    ]
    met_word = _("is met") if all(len(o) == 1 for o in options) else _("are met")
    return _("Moves up to %(class)s when %(groups)s %(met)s.") % {
        "class": rules.CLASS_LABELS[level],
        "groups": _joined(labels, _("or")),
        "met": met_word,
    }


def _group_advice(group: str, scores, values, needed_next: bool) -> GroupAdvice:
    codes = rules.GROUP_CODES[group]
    total = sum(scores[c] for c in codes)
    needed = 3 * len(codes)
    explanation = _(
        "Its %(count)s indicators score %(total)s points together; %(needed)s are needed (3 "
        "each on average), so it is %(points)s points short. Every indicator that rises one "
        "score adds a point."
    ) % {"count": len(codes), "total": total, "needed": needed, "points": needed - total}
    steps = []
    # The lowest scores first: they are usually the cheapest points.
    for indicator in sorted(
        (i for i in rules.INDICATORS if i.group == group), key=lambda i: scores[i.code]
    ):
        score = scores[indicator.code]
        if score not in indicator.needs:
            continue  # at its top score
        where = _("%(indicator)s %(value)s (score %(next)s if %(need)s)") % {
            "indicator": indicator.label,
            "value": rules.display_value(indicator.code, values.get(indicator.code, "")),
            "next": score + 1,
            "need": indicator.needs[score],
        }
        steps.append((str(ADVICE[indicator.code]), where))
    return GroupAdvice(str(rules.GROUP_LABELS[group]), needed_next, explanation, steps)


def lift_plan(scores: dict[str, int], values: dict[str, str]) -> LiftPlan | None:
    """The next class, what it needs, and advice for every group not met (None at the top)."""
    met = rules.met_groups(scores)
    step = next_step(met)
    if step is None:
        return None
    level, options = step
    needed = frozenset().union(*options)
    unmet = [g for g in rules.GROUPS if g not in met]
    unmet.sort(key=lambda g: g not in needed)  # what the next class needs first (stable)
    groups = [_group_advice(group, scores, values, group in needed) for group in unmet]
    return LiftPlan(str(rules.CLASS_LABELS[level]), _headline(level, options), groups)
