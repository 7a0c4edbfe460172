"""Where the effectiveness figures come from ("Asal angka"): the four criteria of one region's
Pokja and the evidence records behind each, and a province's count of effective kab/kota.

Both read a fixed number of queries whatever the number of records. The records are shown as
they are now; the judgement is the engine's last (its time is on the page), so a record
verified since then shows as counted only after the next recompute.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pokja.effectiveness.rules import CRITERIA, assessment_date, describe
from pokja.effectiveness.selectors import CRITERION_LABELS, KABUPATEN_KOTA
from pokja.kernel.provenance import (
    Provenance,
    Section,
    SourceRecord,
    provenance_url,
    ref_year,
    split_ref,
)
from pokja.models import (
    Assessment,
    BudgetAllocation,
    Decree,
    IndicatorDocument,
    Region,
    WorkPlan,
)
from pokja.templatetags.portal import rupiah

POKJA_LEVELS = (Region.Level.PROVINSI, *KABUPATEN_KOTA)


def effectiveness_rule() -> str:
    return _(
        "A Pokja Bangga Kencana is effective only when it meets all four criteria (BKKBN, 2023): "
        "an SK establishing it, a work plan, Bangga Kencana indicators in a planning document and "
        "an operational budget. Only verified records count. Score: the number of criteria met "
        "(0-4)."
    )


def criterion_rules(year: int, day: date) -> dict[str, str]:
    return {
        "sk": _(
            "Met when a verified SK establishing the Pokja itself (not one of its working groups) "
            "is in force on %(date)s: valid from on or before that day, not expired and not "
            "revoked."
        )
        % {"date": date_format(day, "DATE_FORMAT")},
        "plan": _("Met when a verified work plan of the Pokja itself for %(year)s exists.")
        % {"year": year},
        "indicator": _(
            "Met when a verified planning document (RPJMD, Renstra, RKPD or Renja) covering "
            "%(year)s holds at least one Bangga Kencana indicator."
        )
        % {"year": year},
        "budget": _(
            "Met when the verified operational budget lines for %(year)s (working groups "
            "included) add up to more than Rp 0."
        )
        % {"year": year},
    }


def _region(user, code: str) -> Region:
    region = (
        Region.objects.for_user(user)
        .filter(level__in=POKJA_LEVELS, code=code)
        .select_related("pokja")
        .first()
    )
    if region is None:
        raise Http404
    return region


def _people(queryset):
    return queryset.select_related("created_by", "verified_by", "working_group")


def _group_note(record) -> str:
    if record.working_group_id:
        return _("Of the working group %(group)s.") % {"group": record.working_group.name}
    return ""


def _status_note(record) -> str:
    if record.status != Decree.Status.TERVERIFIKASI:
        return _("Not verified.")
    return ""


def assessment_provenance(user, ref: str) -> Provenance:
    """The four criteria of the Pokja of region `code` in `year` (ref "code/year")."""
    code, year_text = split_ref(ref, 2)
    year = ref_year(year_text)
    region = _region(user, code)
    assessment = Assessment.objects.filter(region=region, year=year).first()
    pokja = getattr(region, "pokja", None)
    day = assessment.assessed_on if assessment else assessment_date(year, timezone.localdate())
    if assessment is None:
        figure = _("Not computed yet")
    else:
        state = _("Effective") if assessment.is_effective else _("Not yet effective")
        figure = f"{assessment.score}/4 · {state}"
    result = Provenance(
        kind="efektivitas",
        ref=f"{region.code}/{year}",
        title=_("Pokja effectiveness, %(region)s, %(year)s")
        % {"region": region.name, "year": year},
        figure=figure,
        rule=effectiveness_rule(),
        region=region,
        year=year,
        computed_at=assessment.computed_at if assessment else None,
    )
    if pokja is None:
        result.notes.append(describe({"code": "no_pokja"}))
    records = _evidence_records(pokja, year, day, assessment) if pokja else {}
    rules = criterion_rules(year, day)
    for criterion in CRITERIA:
        met = bool(assessment and assessment.met(criterion))
        reason = describe(assessment.reasons.get(criterion)) if assessment else ""
        outcome = _("Met") if met else _("Not met")
        result.sections.append(
            Section(
                title=str(CRITERION_LABELS[criterion]),
                result=f"{outcome}{' · ' + reason if reason else ''}",
                rule=rules[criterion],
                records=records.get(criterion, []),
            )
        )
    return result


def _evidence_records(pokja, year: int, day: date, assessment) -> dict[str, list[SourceRecord]]:
    """Each criterion's candidate records (four queries), marked with whether they count."""
    evidence = assessment.evidence if assessment else {}

    def cited(criterion: str, record) -> bool:
        found = evidence.get(criterion) or {}
        return bool(assessment and assessment.met(criterion)) and found.get("pk") == record.pk

    def another(criterion: str, record) -> str:
        """Why a verified record that could count does not: the criterion is met by another."""
        if assessment and assessment.met(criterion) and not cited(criterion, record):
            return _("Another record already meets the criterion.")
        return ""

    decrees = _people(Decree.objects.filter(pokja=pokja)).order_by("-valid_from", "-pk")
    plans = _people(WorkPlan.objects.filter(pokja=pokja, year=year)).order_by("pk")
    documents = (
        _people(IndicatorDocument.objects.filter(pokja=pokja, year_start__lte=year))
        .filter(year_end__gte=year)
        .annotate(indicator_count=Count("indicators"))
        .order_by("-year_start", "pk")
    )
    budgets = _people(BudgetAllocation.objects.filter(pokja=pokja, year=year)).order_by("pk")
    budget_met = bool(assessment and assessment.budget_met)

    rows: dict[str, list[SourceRecord]] = {c: [] for c in CRITERIA}
    for decree in decrees:
        counts = cited("sk", decree)
        note = _status_note(decree) or _group_note(decree)
        if not note and not counts:
            until = decree.valid_until
            in_force = decree.valid_from <= day and (until is None or day <= until)
            in_force = in_force and (decree.revoked_on is None or day < decree.revoked_on)
            note = (
                another("sk", decree)
                if in_force
                else _("Not in force on %(date)s.") % {"date": _d(day)}
            )
        rows["sk"].append(
            SourceRecord.from_record(
                decree, kind=_("SK"), label=f"SK {decree.number}", counts=counts, note=note
            )
        )
    for plan in plans:
        counts = cited("plan", plan)
        note = _status_note(plan) or _group_note(plan) or another("plan", plan)
        rows["plan"].append(
            SourceRecord.from_record(plan, kind=_("Work plan"), counts=counts, note=note)
        )
    for document in documents:
        counts = cited("indicator", document)
        note = _status_note(document)
        if not note and not document.indicator_count:
            note = _("Lists no Bangga Kencana indicator.")
        note = note or another("indicator", document)
        rows["indicator"].append(
            SourceRecord.from_record(
                document,
                kind=document.get_document_type_display(),
                label=document.title,
                value=_("%(count)s indicators") % {"count": document.indicator_count},
                counts=counts,
                note=note,
            )
        )
    for line in budgets:
        verified = line.status == BudgetAllocation.Status.TERVERIFIKASI
        counts = budget_met and verified and line.is_operational and line.amount > 0
        note = _status_note(line)
        if not line.is_operational:
            note = _("Not for the Pokja's operations: does not count for this criterion.")
        rows["budget"].append(
            SourceRecord.from_record(
                line,
                kind=_("Budget"),
                value=rupiah(line.amount),
                counts=counts,
                note=note or _group_note(line),
            )
        )
    return rows


def effective_count_provenance(user, ref: str) -> Provenance:
    """A province's count of effective kab/kota in `year` (ref "code/year"): each kab/kota's
    judgement, linking to its own criteria."""
    code, year_text = split_ref(ref, 2)
    year = ref_year(year_text)
    region = _region(user, code)
    if not region.is_province:
        raise Http404
    children = list(
        Region.objects.for_user(user)
        .filter(parent=region, level__in=KABUPATEN_KOTA)
        .order_by("code")
        .values_list("code", "name")
    )
    assessments = {
        a.region_id: a
        for a in Assessment.objects.filter(region_id__in=[c for c, _n in children], year=year)
    }
    records = []
    for child_code, name in children:
        a = assessments.get(child_code)
        if a is None:
            value, state, note = "–", _("Not computed yet"), ""
        else:
            value = f"{a.score}/4"
            state = _("Effective") if a.is_effective else _("Not yet effective")
            note = _("Computed at %(moment)s.") % {"moment": _d(a.computed_at)}
        records.append(
            SourceRecord(
                kind=_("Assessment"),
                label=name,
                url=provenance_url("efektivitas", child_code, year),
                status="terverifikasi" if a and a.is_effective else "",
                status_label=state,
                value=value,
                counts=bool(a and a.is_effective),
                note=note,
            )
        )
    count = sum(r.counts for r in records)
    return Provenance(
        kind="efektif-jumlah",
        ref=f"{region.code}/{year}",
        title=_("Effective kab/kota, %(region)s, %(year)s") % {"region": region.name, "year": year},
        figure=_("%(count)s of %(total)s") % {"count": count, "total": len(records)},
        rule=_(
            "The number of kab/kota whose Pokja meets all four criteria in %(year)s, as the "
            "engine last computed it. Open a kab/kota for its criteria and evidence."
        )
        % {"year": year},
        region=region,
        year=year,
        sections=[Section(title=_("Kab/kota"), result=str(count), records=records)],
    )


def _d(value) -> str:
    if hasattr(value, "tzinfo"):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return date_format(value, "DATE_FORMAT")


EVIDENCE_MODELS = {
    "decree": Decree,
    "workplan": WorkPlan,
    "indicatordocument": IndicatorDocument,
    "budgetallocation": BudgetAllocation,
}


def cited_evidence(assessments) -> dict[str, list[SourceRecord]]:
    """The records each assessment's met criteria rest on, by region code, for an export: one
    query per kind of evidence whatever the number of regions."""
    wanted: dict[str, set[int]] = {name: set() for name in EVIDENCE_MODELS}
    for assessment in assessments:
        for criterion in CRITERIA:
            found = assessment.evidence.get(criterion) or {}
            if assessment.met(criterion) and found.get("model") in wanted:
                wanted[found["model"]].add(found["pk"])
    records = {
        name: EVIDENCE_MODELS[name].objects.select_related("verified_by").in_bulk(pks)
        for name, pks in wanted.items()
        if pks
    }
    result = {}
    for assessment in assessments:
        rows = []
        for criterion in CRITERIA:
            found = assessment.evidence.get(criterion) or {}
            record = records.get(found.get("model"), {}).get(found.get("pk"))
            if not assessment.met(criterion) or record is None:
                continue
            label = found.get("label", "")
            if criterion == "budget":  # the label is the verified operational total
                label = rupiah(label)
            rows.append(
                SourceRecord(
                    kind=str(CRITERION_LABELS[criterion]),
                    label=f"{CRITERION_LABELS[criterion]}: {label}",
                    status=record.status,
                    status_label=record.get_status_display(),
                    verified_by=str(record.verified_by or ""),
                    verified_at=record.verified_at,
                )
            )
        result[assessment.region_id] = rows
    return result
