"""The kinds of Pokja records that share one set of generic views (create, detail, edit, ...)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db import models

from pokja import forms as pokja_forms
from pokja.models import (
    BudgetAllocation,
    Decree,
    IndicatorDocument,
    Member,
    VerifiableRecord,
    WorkingGroup,
    WorkPlan,
)


@dataclass(frozen=True)
class RecordType:
    slug: str  # URL segment, in Indonesian like the rest of the URLs
    model: type[models.Model]
    form_class: type[forms.ModelForm]
    section: str  # anchor of its section on the Pokja page
    detail_fields: tuple[str, ...] = ()
    formset_class: type | None = None

    @property
    def name(self) -> str:
        return self.model._meta.model_name

    @property
    def verifiable(self) -> bool:
        return issubclass(self.model, VerifiableRecord)


RECORD_TYPES = [
    RecordType("bidang", WorkingGroup, pokja_forms.WorkingGroupForm, "bidang"),
    RecordType("anggota", Member, pokja_forms.MemberForm, "anggota"),
    RecordType(
        "sk",
        Decree,
        pokja_forms.DecreeForm,
        "sk",
        detail_fields=(
            "number",
            "set_on",
            "signer",
            "working_group",
            "valid_from",
            "valid_until",
            "revoked_on",
        ),
    ),
    RecordType(
        "rencana-kerja",
        WorkPlan,
        pokja_forms.WorkPlanForm,
        "rencana-kerja",
        detail_fields=("year", "title", "working_group", "approved_on"),
        formset_class=pokja_forms.ActivityFormSet,
    ),
    RecordType(
        "dokumen-indikator",
        IndicatorDocument,
        pokja_forms.IndicatorDocumentForm,
        "indikator",
        detail_fields=("document_type", "title", "working_group", "year_start", "year_end"),
        formset_class=pokja_forms.DocumentIndicatorFormSet,
    ),
    RecordType(
        "anggaran",
        BudgetAllocation,
        pokja_forms.BudgetAllocationForm,
        "anggaran",
        detail_fields=(
            "year",
            "source",
            "amount",
            "is_operational",
            "working_group",
            "dpa_reference",
            "realised_amount",
        ),
    ),
]
