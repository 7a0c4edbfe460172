"""The four criteria of an effective Pokja Bangga Kencana, written once.

For region R and year Y, judged on R's Pokja with VERIFIED evidence only:

1. SK: an SK establishing the Pokja (not one of its working groups) is in force on the
   assessment date: 31 December of Y, or today for the current year. Expired, revoked, not yet
   valid or unverified SKs do not count. An SK counts from the day it was signed (`set_on`),
   never before, whatever start of validity it declares: one signed on 10 February 2026 "valid
   from 1 January 2025" does not make 2025 effective in hindsight (our rule: a Pokja without
   a signed SK did not exist as one, and a year already reported must not change afterwards).
2. Rencana kerja: a work plan of the Pokja itself for Y exists.
3. Indikator: a planning document covering Y holds at least one indicator of the Bangga
   Kencana list. An indicator written in as "Other" (free text) is kept but does not count
   (our rule: nobody can check that free text names a Bangga Kencana indicator).
4. Anggaran: budget allocations for the Pokja's operations in Y (its working groups' included)
   sum to more than Rp 0.

Score 0-4; effective only with 4 of 4. Each working group gets the same breakdown for
information, judged on the evidence attached to that group.

The functions here are pure: they take plain facts (see the dataclasses) and return results, so
they are tested table-driven without a database. Unverified evidence is passed in too, only to
say precisely what is missing ("SK 12/2021 is waiting for verification").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pokja.kernel.verification import Status

VERIFIED = "terverifikasi"
CRITERIA = ("sk", "plan", "indicator", "budget")


@dataclass(frozen=True)
class DecreeFact:
    pk: int
    number: str
    status: str
    valid_from: date
    valid_until: date | None = None
    revoked_on: date | None = None
    working_group_id: int | None = None
    set_on: date | None = None  # the day it was signed

    @property
    def starts_on(self) -> date:
        """Its start of validity, or the day it was signed when that came later."""
        return max(self.valid_from, self.set_on or self.valid_from)

    def in_force_on(self, day: date) -> bool:
        return (
            self.starts_on <= day
            and (self.valid_until is None or day <= self.valid_until)
            and (self.revoked_on is None or day < self.revoked_on)
        )


@dataclass(frozen=True)
class PlanFact:
    pk: int
    year: int
    title: str
    status: str
    working_group_id: int | None = None


@dataclass(frozen=True)
class DocumentFact:
    pk: int
    title: str
    status: str
    year_start: int
    year_end: int
    indicator_count: int  # indicators of the Bangga Kencana list ("Other" ones not counted)
    working_group_id: int | None = None
    other_count: int = 0  # indicators written in as "Other"

    def covers(self, year: int) -> bool:
        return self.year_start <= year <= self.year_end


@dataclass(frozen=True)
class BudgetFact:
    """Operational allocations of one Pokja (or group), year and status, summed."""

    year: int
    status: str
    total: Decimal
    pk: int  # one of the lines, to link to
    working_group_id: int | None = None


@dataclass
class PokjaFacts:
    decrees: list[DecreeFact] = field(default_factory=list)
    plans: list[PlanFact] = field(default_factory=list)
    documents: list[DocumentFact] = field(default_factory=list)
    budgets: list[BudgetFact] = field(default_factory=list)


@dataclass(frozen=True)
class CriterionResult:
    met: bool
    evidence: dict | None = None  # {"model": "decree", "pk": 1, "label": "SK 12/2021"}
    reason: dict | None = None  # {"code": "sk_expired", "params": {...}}


@dataclass(frozen=True)
class Judgement:
    results: dict[str, CriterionResult]

    @property
    def score(self) -> int:
        return sum(result.met for result in self.results.values())

    @property
    def is_effective(self) -> bool:
        return self.score == len(CRITERIA)


def sk_states_steady(decrees: list[DecreeFact], day: date) -> tuple[date | None, date | None]:
    """The days around `day` on which every SK keeps the state it has on `day` (begun, signed,
    not ended, not revoked: all judge_sk compares with the day), as the first such day and the
    first day after them; None where no SK date bounds them. An SK's state changes on the day
    it begins, is signed or revoked, and on the day after it ends."""
    changes = set()
    for decree in decrees:
        changes.update((decree.valid_from, decree.set_on, decree.revoked_on))
        if decree.valid_until is not None:
            changes.add(decree.valid_until + timedelta(days=1))
    changes.discard(None)
    return (
        max((d for d in changes if d <= day), default=None),
        min((d for d in changes if d > day), default=None),
    )


def assessment_date(year: int, today: date) -> date:
    """31 December of the year, or today while the year is still running."""
    return today if year == today.year else date(year, 12, 31)


def _reason(code: str, **params) -> dict:
    return {"code": code, "params": params}


def judge_sk(decrees: list[DecreeFact], day: date) -> CriterionResult:
    own = [d for d in decrees if d.working_group_id is None]
    verified = [d for d in own if d.status == VERIFIED]
    in_force = [d for d in verified if d.in_force_on(day)]
    if in_force:
        best = max(in_force, key=lambda d: d.valid_from)
        return CriterionResult(True, {"model": "decree", "pk": best.pk, "label": best.number})
    pending = [d for d in own if d.status != VERIFIED and d.in_force_on(day)]
    if pending:
        d = max(pending, key=lambda d: d.valid_from)
        return CriterionResult(
            False, reason=_reason("sk_unverified", number=d.number, status=d.status)
        )
    if verified:
        d = max(verified, key=lambda d: d.valid_from)
        if d.revoked_on and d.revoked_on <= day:
            return CriterionResult(
                False, reason=_reason("sk_revoked", number=d.number, date=d.revoked_on.isoformat())
            )
        if d.set_on and d.valid_from <= day < d.set_on:
            return CriterionResult(
                False,
                reason=_reason(
                    "sk_signed_later", number=d.number, date=d.set_on.isoformat(), year=day.year
                ),
            )
        if d.valid_from > day:
            return CriterionResult(
                False,
                reason=_reason("sk_not_yet_valid", number=d.number, date=d.valid_from.isoformat()),
            )
        return CriterionResult(
            False, reason=_reason("sk_expired", number=d.number, date=d.valid_until.isoformat())
        )
    return CriterionResult(False, reason=_reason("no_sk"))


def judge_plan(plans: list[PlanFact], year: int) -> CriterionResult:
    for_year = [p for p in plans if p.year == year and p.working_group_id is None]
    for plan in for_year:
        if plan.status == VERIFIED:
            return CriterionResult(True, {"model": "workplan", "pk": plan.pk, "label": plan.title})
    if for_year:
        return CriterionResult(
            False, reason=_reason("plan_unverified", year=year, status=for_year[0].status)
        )
    return CriterionResult(False, reason=_reason("no_plan", year=year))


def judge_indicator(documents: list[DocumentFact], year: int) -> CriterionResult:
    covering = [d for d in documents if d.covers(year)]
    verified = [d for d in covering if d.status == VERIFIED]
    for doc in verified:
        if doc.indicator_count > 0:
            return CriterionResult(
                True, {"model": "indicatordocument", "pk": doc.pk, "label": doc.title}
            )
    for doc in verified:
        if doc.other_count > 0:
            return CriterionResult(
                False, reason=_reason("document_only_other_indicators", title=doc.title)
            )
    if verified:
        return CriterionResult(
            False, reason=_reason("document_without_indicators", title=verified[0].title)
        )
    if covering:
        return CriterionResult(
            False,
            reason=_reason(
                "document_unverified", title=covering[0].title, status=covering[0].status
            ),
        )
    return CriterionResult(False, reason=_reason("no_document", year=year))


def judge_budget(budgets: list[BudgetFact], year: int) -> CriterionResult:
    for_year = [b for b in budgets if b.year == year]
    verified_total = sum((b.total for b in for_year if b.status == VERIFIED), Decimal(0))
    if verified_total > 0:
        line = next(b for b in for_year if b.status == VERIFIED and b.total > 0)
        return CriterionResult(
            True, {"model": "budgetallocation", "pk": line.pk, "label": str(verified_total)}
        )
    if any(b.status != VERIFIED and b.total > 0 for b in for_year):
        return CriterionResult(False, reason=_reason("budget_unverified", year=year))
    if for_year:
        return CriterionResult(False, reason=_reason("budget_zero", year=year))
    return CriterionResult(False, reason=_reason("no_budget", year=year))


def judge(facts: PokjaFacts | None, year: int, today: date) -> Judgement:
    """The four criteria for one Pokja (None: the region has no Pokja) and year."""
    if facts is None:
        missing = CriterionResult(False, reason=_reason("no_pokja"))
        return Judgement({criterion: missing for criterion in CRITERIA})
    return Judgement(
        {
            "sk": judge_sk(facts.decrees, assessment_date(year, today)),
            "plan": judge_plan(facts.plans, year),
            "indicator": judge_indicator(facts.documents, year),
            "budget": judge_budget(facts.budgets, year),
        }
    )


def judge_group(facts: PokjaFacts, group_id: int, year: int, today: date) -> Judgement:
    """The same four criteria on the evidence attached to one working group."""
    return judge(group_facts(facts).get(group_id, PokjaFacts()), year, today)


def group_facts(facts: PokjaFacts) -> dict[int, PokjaFacts]:
    """Each working group's evidence, by group id, seen from the group (split in one pass)."""
    groups: dict[int, PokjaFacts] = defaultdict(PokjaFacts)
    for d in facts.decrees:
        if d.working_group_id is not None:
            groups[d.working_group_id].decrees.append(_as_own(d))
    for p in facts.plans:
        if p.working_group_id is not None:
            groups[p.working_group_id].plans.append(_as_own(p))
    for d in facts.documents:
        if d.working_group_id is not None:
            groups[d.working_group_id].documents.append(d)
    for b in facts.budgets:
        if b.working_group_id is not None:
            groups[b.working_group_id].budgets.append(b)
    return groups


def _as_own(fact):
    """A group's own SK or plan, seen from the group: as if it established the group itself."""
    return type(fact)(**{**fact.__dict__, "working_group_id": None})


STATUS_LABELS = dict(Status.choices)  # the state's one word, as the record's own page says it


def describe(reason: dict | None) -> str:
    """A reason in the reader's language, e.g. "SK 12/2021 berakhir 31/12/2025"."""
    if not reason:
        return ""
    params = dict(reason.get("params", {}))
    if "date" in params:
        params["date"] = date_format(date.fromisoformat(params["date"]), "DATE_FORMAT")
    if "status" in params:
        params["status"] = STATUS_LABELS.get(params["status"], params["status"])
    templates = {
        "no_pokja": _("No Pokja Bangga Kencana has been recorded for this region."),
        "no_sk": _("No verified SK establishing the Pokja."),
        "sk_expired": _("SK %(number)s expired on %(date)s."),
        "sk_revoked": _("SK %(number)s was revoked on %(date)s."),
        "sk_not_yet_valid": _("SK %(number)s only takes effect on %(date)s."),
        "sk_signed_later": _(
            "SK %(number)s was signed on %(date)s: an SK counts from the day it was signed, so "
            "it does not make %(year)s effective in hindsight."
        ),
        "sk_unverified": _("SK %(number)s is not verified yet (status: %(status)s)."),
        "no_plan": _("No work plan for %(year)s yet."),
        "plan_unverified": _(
            "The work plan for %(year)s is not verified yet (status: %(status)s)."
        ),
        "no_document": _("No planning document covering %(year)s holds Bangga Kencana indicators."),
        "document_without_indicators": _(
            "The document %(title)s lists no Bangga Kencana indicator."
        ),
        "document_only_other_indicators": _(
            'The document %(title)s lists only indicators written in as "Other": name an '
            "indicator of the Bangga Kencana list."
        ),
        "document_unverified": _(
            "The document %(title)s is not verified yet (status: %(status)s)."
        ),
        "no_budget": _("No operational budget for %(year)s yet."),
        "budget_unverified": _("The operational budget for %(year)s is not verified yet."),
        "budget_zero": _("The verified operational budget for %(year)s is Rp 0."),
    }
    template = templates.get(reason["code"])
    return template % params if template else reason["code"]
