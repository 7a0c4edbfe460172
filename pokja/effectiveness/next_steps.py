"""The true next step for each unmet criterion, read from the records as they are now.

The checklist of a region page comes from the last effectiveness run; the records behind it move
on in between (a budget submitted this morning, a plan rejected an hour ago). For every unmet
criterion this looks up the record "in flight" for the year and says what its owner has to do:
fix a rejected record (with the province's reason), submit a draft, wait for the province's
verification, or add the missing record. One query for every unmet criterion together
(`pokja.kernel.together`), whatever the data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, Model, Value
from django.urls import reverse
from django.utils.translation import gettext as _

from pokja.kernel.together import plain_fields, read_together
from pokja.models import BudgetAllocation, Decree, IndicatorDocument, Region, WorkPlan

Status = Decree.Status

# A record that needs its owner comes before one that only waits for the province.
_PRIORITY = {Status.DITOLAK: 0, Status.DRAF: 1, Status.DIAJUKAN: 2}


@dataclass(frozen=True)
class NextStep:
    state: str  # "ditolak", "draf", "diajukan", "missing" or "incomplete"
    text: str
    url: str = ""
    link_label: str = ""


def _in_flight(records: list[Model]) -> Model | None:
    """The unverified record that matters most: rejected, then draft, then submitted."""
    unverified = [r for r in records if r.status != Status.TERVERIFIKASI]
    if not unverified:
        return None
    return min(unverified, key=lambda r: (_PRIORITY.get(r.status, 9), -r.pk))


def _candidates(region: Region, year: int) -> dict:
    own = {"pokja__region": region}
    none = Value(0, output_field=IntegerField())  # only a planning document counts indicators
    return {
        "sk": Decree.objects.filter(**own, working_group__isnull=True).annotate(
            indicator_count=none
        ),
        "plan": WorkPlan.objects.filter(**own, year=year, working_group__isnull=True).annotate(
            indicator_count=none
        ),
        "indicator": IndicatorDocument.objects.filter(
            **own, year_start__lte=year, year_end__gte=year
        ).annotate(indicator_count=Count("indicators")),
        "budget": BudgetAllocation.objects.filter(**own, year=year, is_operational=True).annotate(
            indicator_count=none
        ),
    }


def _read(candidates: dict, keys: list[str]) -> dict[str, list[Model]]:
    """The candidates of `keys`, in one query, as unsaved copies carrying what a step reads
    (status, reason, label, pk, indicator count); planning documents latest first."""
    parts = [(candidates[key], plain_fields(candidates[key].model)) for key in keys]
    records = {key: [] for key in keys}
    shared = ("status", "rejection_reason", "indicator_count")
    for row in read_together(parts, shared=shared):
        queryset, _fields = parts[row.part]
        status, reason, indicator_count = row.shared
        record = queryset.model(pk=row.pk, status=status, rejection_reason=reason, **row.values)
        record.indicator_count = indicator_count
        records[keys[row.part]].append(record)
    records.get("indicator", []).sort(key=lambda d: (-d.year_end, d.document_type, d.pk))
    return records


def _record_step(record, may_change: bool) -> NextStep:
    name = record._meta.model_name
    detail = record.get_absolute_url()
    edit = reverse(f"pokja:{name}_edit", args=[record.pk])
    if record.status == Status.DITOLAK:
        return NextStep(
            "ditolak",
            _("%(record)s was rejected by the province: %(reason)s")
            % {"record": record, "reason": record.rejection_reason or "–"},
            edit if may_change else detail,
            _("Fix it here") if may_change else _("Open it"),
        )
    if record.status == Status.DRAF:
        return NextStep(
            "draf",
            _("%(record)s is still a draft: submit it for verification by the province.")
            % {"record": record},
            detail,
            _("Open it"),
        )
    return NextStep(
        "diajukan",
        _("%(record)s is waiting for verification by the province.") % {"record": record},
        detail,
        _("Open it"),
    )


def _missing_step(region: Region, key: str, hint: str, may_change: bool) -> NextStep:
    if not may_change:
        return NextStep("missing", hint)
    if not hasattr(region, "pokja"):
        url = reverse("pokja:pokja_detail", args=[region.code])
        return NextStep("missing", hint, url, _("Record the Pokja first"))
    slug = {"sk": "decree", "plan": "workplan", "indicator": "indicatordocument"}
    model = slug.get(key, "budgetallocation")
    url = reverse(f"pokja:{model}_create", args=[region.code])
    return NextStep("missing", hint, url, _("Add it here"))


def attach_next_steps(criteria: list, region: Region, year: int, *, may_change: bool) -> None:
    """Give every unmet row of the checklist its `step` (see the module docstring)."""
    unmet = [row for row in criteria if not row.met]
    if not unmet:
        return
    candidates = _read(_candidates(region, year), [row.key for row in unmet])
    for row in unmet:
        records = candidates[row.key]
        record = _in_flight(records)
        if record is not None:
            row.step = _record_step(record, may_change)
            continue
        if row.key == "indicator":
            empty = next((d for d in records if d.indicator_count == 0), None)
            if empty is not None:
                row.step = NextStep(
                    "incomplete",
                    _("Add the Bangga Kencana indicators to %(record)s.") % {"record": empty},
                    reverse("pokja:indicatordocument_edit", args=[empty.pk])
                    if may_change
                    else empty.get_absolute_url(),
                    _("Fix it here") if may_change else _("Open it"),
                )
                continue
        row.step = _missing_step(region, row.key, row.hint, may_change)
