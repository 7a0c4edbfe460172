"""Read side of effectiveness: what the region, province and national dashboards show.

Every page reads a fixed number of queries whatever the number of kab/kota: counts are
aggregated in the database (correlated subqueries with `Count`), and per-row facts ("did the
last run change this score?") are annotations, never a query per row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pokja import selectors as core_selectors
from pokja.effectiveness.rules import CRITERIA, describe
from pokja.kernel.scoping import region_scope_q
from pokja.models import (
    Assessment,
    AssessmentChange,
    AssessmentRun,
    EffectiveTarget,
    Region,
    User,
    WorkingGroup,
)
from pokja.templatetags.portal import rupiah

KABUPATEN_KOTA = Region.KABUPATEN_KOTA_LEVELS

CRITERION_LABELS = {
    "sk": _("SK"),
    "plan": _("Work plan"),
    "indicator": _("Indicators"),
    "budget": _("Budget"),
}

# What to do about an unmet criterion, and where on the Pokja page to do it.
CRITERION_HINTS = {
    "sk": _(
        "Upload the SK establishing the Pokja, signed by the regional head, and ask provincial "
        "staff to verify it."
    ),
    "plan": _("Enter this year's work plan of the Pokja and ask provincial staff to verify it."),
    "indicator": _(
        "Record the planning document (RPJMD, Renstra, RKPD or Renja) with its Bangga Kencana "
        "indicators and ask provincial staff to verify it."
    ),
    "budget": _("Enter the operational budget with its DPA and ask provincial staff to verify it."),
}
# The rules a reader may ask about ("why does this not count?"), stated where the criterion is
# shown (pokja/effectiveness/rules.py decides them).
CRITERION_RULES = {
    "sk": _("An SK counts from the day it was signed, even when its validity starts earlier."),
    "indicator": _(
        'Only indicators of the Bangga Kencana list count; one written in as "Other" is kept '
        "but does not meet this criterion."
    ),
}
CRITERION_SECTIONS = {
    "sk": "sk",
    "plan": "rencana-kerja",
    "indicator": "indikator",
    "budget": "anggaran",
}


# --- Counting in the database ---------------------------------------------------------------


def _count_subquery(queryset: QuerySet, group_field: str) -> Coalesce:
    """`COUNT(*)` of a correlated queryset as one column of the outer query (0 when empty)."""
    counted = queryset.order_by().values(group_field).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_effectiveness_counts(regions: QuerySet[Region], year: int) -> QuerySet[Region]:
    """Annotate provinces with their kab/kota: total, assessed, effective, per criterion, target."""
    assessed = Assessment.objects.filter(
        region__parent=OuterRef("code"), region__level__in=KABUPATEN_KOTA, year=year
    )
    counts = {
        "kabkota_total": _count_subquery(
            Region.objects.filter(parent=OuterRef("code"), level__in=KABUPATEN_KOTA), "parent"
        ),
        "assessed_count": _count_subquery(assessed, "region__parent"),
        "effective_count": _count_subquery(assessed.filter(is_effective=True), "region__parent"),
    }
    for criterion in CRITERIA:
        counts[f"{criterion}_count"] = _count_subquery(
            assessed.filter(**{f"{criterion}_met": True}), "region__parent"
        )
    target = EffectiveTarget.objects.filter(region=OuterRef("code"), year=year)
    return regions.annotate(**counts, target_count=Subquery(target.values("target_count")[:1]))


# --- The region page --------------------------------------------------------------------------


def region_for_dashboard(user: User, code: str, year: int) -> Region:
    """The region if the user may see it (404 otherwise), with its province-level counts and
    its Pokja (the next steps ask whether it has one)."""
    regions = Region.objects.for_user(user).select_related("parent", "pokja")
    return get_object_or_404(with_effectiveness_counts(regions, year), code=code)


def _with_last_change(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Did the run that last wrote each assessment change its criteria, and from which score?

    Whether that run is also the last one that judged the region is for `mark_last_runs`.
    """
    change = AssessmentChange.objects.filter(
        region=OuterRef("region"), year=OuterRef("year"), run=OuterRef("run")
    )
    return assessments.annotate(
        changed_in_last_run=Exists(change),
        previous_score=Subquery(change.values("old_score")[:1]),
    )


# A run writes only the rows it changes, so "when was this region last judged" is the latest
# finished run that covered it: the whole country, its province or the region itself. The
# latest hundred covering runs reach back past any day's button presses to a nightly run.
RECENT_RUNS = 100


def recent_runs(province_code: str) -> list[AssessmentRun]:
    """The latest runs (any status) that covered the province or a region in it, newest first."""
    runs = AssessmentRun.objects.filter(runs_covering_q(province_code)).defer("errors")
    return list(runs[:RECENT_RUNS])


def last_runs(
    province_code: str, codes: list[str], year: int, runs: list[AssessmentRun] | None = None
) -> dict[str, AssessmentRun]:
    """The latest finished run that judged each region (of one province) for the year."""
    if runs is None:
        runs = recent_runs(province_code)
    done = [r for r in runs if r.status == AssessmentRun.Status.DONE and year in r.years]
    latest = {}
    for code in codes:
        covering = ("", province_code, code)
        latest[code] = next((r for r in done if r.scope_code in covering), None)
    return latest


def mark_last_runs(assessments: dict[str, Assessment], runs: dict[str, AssessmentRun]) -> None:
    """Keep a change mark only when the run that made it is the last one that judged the row."""
    for code, assessment in assessments.items():
        run = runs.get(code)
        if run is not None and assessment.run_id != run.pk:
            assessment.changed_in_last_run = False


def last_computed_at(assessments, runs: dict[str, AssessmentRun]):
    """When these regions were last judged: their latest runs, else their rows' own time."""
    times = [run.finished_at for run in runs.values() if run is not None and run.finished_at]
    times += [a.computed_at for a in assessments]
    return max(times) if times else None


@dataclass
class CriterionRow:
    key: str
    label: str
    met: bool
    evidence_label: str = ""
    evidence_url: str = ""
    reason: str = ""
    hint: str = ""
    section: str = ""
    rule: str = ""
    step: object = None  # a next_steps.NextStep, given by attach_next_steps


@dataclass
class RankingRow:
    region: Region
    assessment: Assessment | None
    rank: int = 0

    @property
    def change(self) -> int | None:
        """Score difference made by the last run; None when that run found it unchanged."""
        a = self.assessment
        if a is None or not a.changed_in_last_run:
            return None
        return a.score - (a.previous_score or 0)

    @property
    def is_new(self) -> bool:
        a = self.assessment
        return bool(a and a.changed_in_last_run and a.previous_score is None)


@dataclass
class GroupRow:
    name: str
    kind: str
    score: int
    criteria: list[CriterionRow] = field(default_factory=list)


def criterion_rows(assessment: Assessment | None) -> list[CriterionRow]:
    """The four criteria as a checklist: the evidence behind each met one, what is missing else."""
    rows = []
    for key in CRITERIA:
        row = CriterionRow(
            key=key,
            label=CRITERION_LABELS[key],
            met=bool(assessment and assessment.met(key)),
            hint=CRITERION_HINTS[key],
            section=CRITERION_SECTIONS[key],
            rule=CRITERION_RULES.get(key, ""),
        )
        if assessment is not None:
            evidence = assessment.evidence.get(key)
            if row.met and evidence:
                row.evidence_label = evidence.get("label", "")
                if key == "budget":  # the label is the verified operational total
                    row.evidence_label = rupiah(row.evidence_label)
                row.evidence_url = reverse(
                    f"pokja:{evidence['model']}_detail", args=[evidence["pk"]]
                )
            row.reason = describe(assessment.reasons.get(key))
        rows.append(row)
    return rows


# A group's criterion with one of these reasons has no evidence of the group's own at all.
NOTHING_OF_ITS_OWN = {"no_sk", "no_plan", "no_document", "no_budget", "no_pokja"}


def has_own_evidence(group: dict) -> bool:
    """Whether anything is attached to the working group itself (verified or not): only then
    does its row say more than "everything is recorded for the Pokja as a whole"."""
    if any(group.get("met", {}).values()):
        return True
    return any(
        (reason or {}).get("code") not in NOTHING_OF_ITS_OWN
        for reason in group.get("reasons", {}).values()
    )


def group_rows(assessment: Assessment | None) -> list[GroupRow]:
    """The working groups with evidence attached to them, each judged on that evidence alone
    (rules.judge_group): information for the group, never part of the Pokja's own score. A
    group without anything of its own is left out: its row would be all "no" under a Pokja
    that may well be effective, and read as a contradiction."""
    if assessment is None:
        return []
    kinds = dict(WorkingGroup.Kind.choices)
    rows = []
    for group in assessment.groups:
        if not has_own_evidence(group):
            continue
        met = group.get("met", {})
        reasons = group.get("reasons", {})
        rows.append(
            GroupRow(
                name=group.get("name", ""),
                kind=kinds.get(group.get("kind"), group.get("kind", "")),
                score=group.get("score", 0),
                criteria=[
                    CriterionRow(
                        key=c,
                        label=CRITERION_LABELS[c],
                        met=bool(met.get(c)),
                        reason=describe(reasons.get(c)),
                    )
                    for c in CRITERIA
                ],
            )
        )
    return rows


def kabkota_page(region: Region, year: int) -> dict:
    """A kab/kota's status for the year, its history over the years and over the runs."""
    assessments = list(Assessment.objects.filter(region=region).order_by("-year"))
    current = next((a for a in assessments if a.year == year), None)
    runs = last_runs(region.province_code, [region.code], year) if current else {}
    changes = list(
        AssessmentChange.objects.filter(region=region)
        .select_related("run")
        .order_by("-created_at", "-pk")[:50]
    )
    return {
        "assessment": current,
        "last_computed_at": last_computed_at([current], runs) if current else None,
        "criteria": criterion_rows(current),
        "groups": group_rows(current),
        "other_years": [a for a in assessments if a.year != year],
        "changes": [_change_row(change) for change in changes],
    }


def _change_row(change: AssessmentChange) -> dict:
    criteria = []
    for key in CRITERIA:
        if key in change.criteria:
            old, new = change.criteria[key]
            criteria.append({"label": CRITERION_LABELS[key], "old": old, "new": new})
    return {"change": change, "criteria": criteria}


def _province_assessments(
    region: Region, year: int, runs: list[AssessmentRun] | None = None
) -> tuple[dict[str, Assessment], dict]:
    """The province's own assessment and its kab/kota's, by region code, and the last run that
    judged each."""
    assessments = Assessment.objects.filter(region_scope_q("region__code", region.code), year=year)
    by_code = {a.region_id: a for a in _with_last_change(assessments)}
    last = last_runs(region.code, list(by_code), year, runs)
    mark_last_runs(by_code, last)
    return by_code, last


def _ranking(children, assessments: dict[str, Assessment]) -> list[RankingRow]:
    """Kab/kota by score, best first; those not computed yet last."""
    ranking = [
        RankingRow(child, assessments.get(child.code))
        for child in children
        if child.level in KABUPATEN_KOTA
    ]
    ranking.sort(
        key=lambda row: (
            row.assessment is None,
            -(row.assessment.score if row.assessment else 0),
            row.region.code,
        )
    )
    for position, row in enumerate(ranking, start=1):
        row.rank = position
    return ranking


def province_page(region: Region, children, year: int) -> dict:
    """The province's ranking of kab/kota, its own Pokja and the latest run that covered it."""
    runs = recent_runs(region.code)  # one query: the status line and "last computed"
    assessments, last = _province_assessments(region, year, runs)
    own = assessments.get(region.code)
    return {
        "assessment": own,
        # BKKBN's count of effective Pokja: the province's own and its kab/kota'.
        "pokja_effective_count": region.effective_count + int(bool(own and own.is_effective)),
        "criteria": criterion_rows(own),
        "ranking": _ranking(children, assessments),
        "criterion_counts": [
            {"key": c, "label": CRITERION_LABELS[c], "count": getattr(region, f"{c}_count")}
            for c in CRITERIA
        ],
        "last_computed_at": last_computed_at(assessments.values(), last),
        "latest_run": runs[0] if runs else None,
    }


def ranking_rows(user: User, region: Region, year: int) -> list[RankingRow]:
    """The province's ranking only (for the export)."""
    children = core_selectors.visible_children(user, region)
    return _ranking(children, _province_assessments(region, year)[0])


# --- Runs -----------------------------------------------------------------------------------


def runs_covering_q(province_code: str) -> Q:
    """Runs of the whole country (nightly) and runs of this province or a region inside it."""
    return Q(scope_code="") | region_scope_q("scope_code", province_code)


def latest_run_for(province_code: str) -> AssessmentRun | None:
    return AssessmentRun.objects.filter(runs_covering_q(province_code)).first()


def runs_for_user(user: User) -> QuerySet[AssessmentRun]:
    runs = AssessmentRun.objects.select_related("requested_by").order_by("-queued_at", "-pk")
    if user.role == User.Role.ADMIN:
        return runs
    return runs.filter(runs_covering_q(user.region_id))


# --- The national page ------------------------------------------------------------------------


def national_overview(user: User, year: int) -> list[Region]:
    """Every province with its kab/kota (kabupaten, kota), effective count and percentage, and
    BKKBN's count of effective Pokja (the province's own included).

    Grouped queries joined in memory: correlated subqueries per province cost ~300 ms at
    national scale, these cost a few milliseconds (see `make bench`).
    """
    provinces = list(Region.objects.for_user(user).provinces())
    codes = [p.code for p in provinces]
    levels = defaultdict(Counter)
    for parent, level, n in (
        Region.objects.filter(parent__in=codes, level__in=KABUPATEN_KOTA)
        .values_list("parent", "level")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        levels[parent][level] = n
    counted = (
        Assessment.objects.filter(
            region__parent__in=codes, region__level__in=KABUPATEN_KOTA, year=year
        )
        .values_list("region__parent")
        .annotate(n=Count("pk"), effective=Count("pk", filter=Q(is_effective=True)))
        .order_by()
    )
    assessed, effective = {}, {}
    for parent, n, n_effective in counted:
        assessed[parent], effective[parent] = n, n_effective
    targets = dict(
        EffectiveTarget.objects.filter(region__in=codes, year=year).values_list(
            "region", "target_count"
        )
    )
    own = dict(
        Assessment.objects.filter(region__in=codes, year=year).values_list("region", "is_effective")
    )
    for province in provinces:
        province.kabupaten_count = levels[province.code][Region.Level.KABUPATEN]
        province.kota_count = levels[province.code][Region.Level.KOTA]
        province.kabkota_total = province.kabupaten_count + province.kota_count
        province.effective_count = effective.get(province.code, 0)
        province.assessed_count = assessed.get(province.code, 0)  # 0: no data, not "0 effective"
        province.target_count = targets.get(province.code)
        province.own_assessed = province.code in own
        province.pokja_effective_count = province.effective_count + int(
            bool(own.get(province.code))
        )
        total = province.kabkota_total
        province.effective_percent = (
            round(100 * province.effective_count / total, 1)
            if total and province.assessed_count
            else None
        )
    return provinces


def national_totals(provinces: list[Region]) -> dict:
    """The total row of the national page, over the provinces already counted."""
    totals = {
        key: sum(getattr(p, key) for p in provinces)
        for key in (
            "kabupaten_count",
            "kota_count",
            "kabkota_total",
            "effective_count",
            "assessed_count",
            "pokja_effective_count",
            "own_assessed",
        )
    }
    totals["target_count"] = sum(p.target_count or 0 for p in provinces)
    total, assessed = totals["kabkota_total"], totals["assessed_count"]
    totals["effective_percent"] = (
        round(100 * totals["effective_count"] / total, 1) if total and assessed else None
    )
    return totals
