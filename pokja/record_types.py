"""The kinds of Pokja records. Each declares its model, form, parent and the fields its page
shows; the kernel gives it its pages, URLs and place in the verification queue."""

from __future__ import annotations

from django.db.models import Q

from pokja import forms as pokja_forms
from pokja import forms_programs
from pokja.kernel.records import Parent, RecordType
from pokja.models import (
    AdvocacyActivity,
    BudgetAllocation,
    Decree,
    GdpkDocument,
    IndicatorDocument,
    Member,
    Pokja,
    Region,
    WorkingGroup,
    WorkPlan,
)

# A Pokja is named in URLs by its region's code: /wilayah/63.71/pokja/sk/tambah/.
POKJA = Parent(Pokja, field="pokja", url="wilayah/<str:code>/pokja/", lookup="region_id")

WORKING_GROUPS = RecordType(
    "bidang", WorkingGroup, pokja_forms.WorkingGroupForm, POKJA, section="bidang"
)
MEMBERS = RecordType("anggota", Member, pokja_forms.MemberForm, POKJA, section="anggota")
DECREES = RecordType(
    "sk",
    Decree,
    pokja_forms.DecreeForm,
    POKJA,
    select_related=("working_group",),
    section="sk",
    detail_fields=(
        "number",
        "set_on",
        "signer",
        "working_group",
        "valid_from",
        "valid_until",
        "revoked_on",
    ),
    rules=(
        "One SK number per Pokja.",
        "`valid_until` and `revoked_on` are not before `valid_from`.",
    ),
)
WORK_PLANS = RecordType(
    "rencana-kerja",
    WorkPlan,
    pokja_forms.WorkPlanForm,
    POKJA,
    select_related=("working_group",),
    section="rencana-kerja",
    detail_fields=("year", "title", "working_group", "approved_on"),
    formset_class=pokja_forms.ActivityFormSet,
    rules=(
        "One work plan per Pokja and year.",
        "Each activity's last month is not before its first.",
    ),
)
INDICATOR_DOCUMENTS = RecordType(
    "dokumen-indikator",
    IndicatorDocument,
    pokja_forms.IndicatorDocumentForm,
    POKJA,
    select_related=("working_group",),
    section="indikator",
    detail_fields=("document_type", "title", "working_group", "year_start", "year_end"),
    formset_class=pokja_forms.DocumentIndicatorFormSet,
    rules=("`year_end` is not before `year_start`.",),
)
BUDGETS = RecordType(
    "anggaran",
    BudgetAllocation,
    pokja_forms.BudgetAllocationForm,
    POKJA,
    select_related=("working_group",),
    section="anggaran",
    detail_fields=(
        "year",
        "source",
        "amount",
        "is_operational",
        "working_group",
        "dpa_reference",
        "realised_amount",
    ),
    rules=("`realised_amount` does not exceed `amount`.",),
)

# A region's GDPK hangs under the region itself: /wilayah/63.71/gdpk/tambah/.
REGION = Parent(
    Region,
    field="region",
    url="wilayah/<str:code>/",
    lookup="code",
    limit_to=Q(level=Region.Level.PROVINSI) | Q(level__in=Region.KABUPATEN_KOTA_LEVELS),
)
GDPK_DOCUMENTS = RecordType(
    "gdpk",
    GdpkDocument,
    forms_programs.GdpkDocumentForm,
    REGION,
    detail_fields=(
        "title",
        "year_start",
        "year_end",
        *GdpkDocument.PILLARS,
        "legal_form",
        "adopted_on",
    ),
    rules=(
        "At least one of the five pillars (`pillar_*`) is true.",
        "A regulation (`legal_form` other than `none`) gives the date it was adopted "
        "(`adopted_on`).",
        "`year_start` is not after `year_end`.",
    ),
)

# Advocacy belongs to the Advokasi working group: /bidang/12/advokasi/tambah/.
ADVOCACY_GROUP = Parent(
    WorkingGroup,
    field="working_group",
    url="bidang/<int:pk>/",
    lookup="pk",
    kwarg="pk",
    section="advokasi",
    limit_to=Q(kind=WorkingGroup.Kind.ADVOKASI),
)
ADVOCACY_ACTIVITIES = RecordType(
    "advokasi",
    AdvocacyActivity,
    forms_programs.AdvocacyActivityForm,
    ADVOCACY_GROUP,
    detail_fields=("held_on", "target", "topic", "result", "follow_up"),
)

RECORD_TYPES = [
    WORKING_GROUPS,
    MEMBERS,
    DECREES,
    WORK_PLANS,
    INDICATOR_DOCUMENTS,
    BUDGETS,
    GDPK_DOCUMENTS,
    ADVOCACY_ACTIVITIES,
]
