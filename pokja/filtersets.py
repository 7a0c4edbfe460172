"""Filters of the cross-region lists (django-filter), one FilterSet per kind of evidence.

Every FilterSet is applied to a queryset that already went through `.for_user(user)`; the region
picker searches and validates the same way, so a filter can only narrow what the user may see.
Choosing a province takes in its kabupaten/kota as well.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pokja.kernel import policy
from pokja.kernel.registry import registry
from pokja.kernel.scoping import region_scope_q
from pokja.kernel.widgets import DateInput
from pokja.models import (
    BudgetAllocation,
    Decree,
    IndicatorDocument,
    Pokja,
    Region,
    VerifiableRecord,
    WorkingGroup,
    WorkPlan,
)
from pokja.region_picker import RegionField
from pokja.validators import plausible_year_bounds

WHOLE_POKJA = "pokja"
LEVEL_PROVINCE = "provinsi"
LEVEL_KABUPATEN_KOTA = "kabkota"
LEVEL_CHOICES = [
    (LEVEL_PROVINCE, _("Province")),
    (LEVEL_KABUPATEN_KOTA, _("Regency/city")),
]
POKJA_LEVELS = (Region.Level.PROVINSI, *Region.KABUPATEN_KOTA_LEVELS)


def date_input() -> forms.DateInput:
    return DateInput()


class YearFilter(django_filters.NumberFilter):
    """A year within the plausible range: `?year=-1` is a form error, not a database error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Year"))
        first, last = plausible_year_bounds()
        kwargs.setdefault("min_value", first)
        kwargs.setdefault("max_value", last)
        kwargs.setdefault("step_size", 1)
        super().__init__(*args, **kwargs)


class RegionScopeFilter(django_filters.Filter):
    """A region and everything below it: choosing 63 also matches 63.71 and 63.72.

    Picked by search (pokja/region_picker.py), never from a dropdown of every region; the URL
    keeps the code (`?region=63.71`). A code outside the user's scope is a form error.
    """

    field_class = RegionField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Region"))
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        request = getattr(self.parent, "request", None)
        field.user = getattr(request, "user", None)
        return field

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        # Without a field name: the queryset's own path to its region (any kind of record).
        field_name = self.field_name or qs.region_code_field
        return qs.filter(region_scope_q(field_name, value.code))


class LevelFilter(django_filters.ChoiceFilter):
    """Province Pokja or kab/kota Pokja."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", LEVEL_CHOICES)
        kwargs.setdefault("label", _("Level"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        field_name = self.field_name or qs.region_code_field.replace("__code", "__level")
        if value == LEVEL_PROVINCE:
            return qs.filter(**{field_name: Region.Level.PROVINSI})
        if value == LEVEL_KABUPATEN_KOTA:
            return qs.filter(**{f"{field_name}__in": Region.KABUPATEN_KOTA_LEVELS})
        return qs


class WorkingGroupKindFilter(django_filters.ChoiceFilter):
    """The bidang a record concerns, or the Pokja as a whole."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "working_group")
        kwargs.setdefault(
            "choices", [(WHOLE_POKJA, _("The Pokja as a whole")), *WorkingGroup.Kind.choices]
        )
        kwargs.setdefault("label", _("Working group"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        if value == WHOLE_POKJA:
            return qs.filter(**{f"{self.field_name}__isnull": True})
        return qs.filter(**{f"{self.field_name}__kind": value})


class EvidenceFilterSet(django_filters.FilterSet):
    """Filters every kind of evidence shares."""

    region = RegionScopeFilter(field_name="pokja__region__code")
    level = LevelFilter(field_name="pokja__region__level")
    working_group = WorkingGroupKindFilter()
    status = django_filters.ChoiceFilter(choices=VerifiableRecord.Status.choices, label=_("Status"))


class DecreeFilterSet(EvidenceFilterSet):
    expires_in = YearFilter(field_name="valid_until__year", label=_("Expiring in year"))
    in_force_on = django_filters.DateFilter(
        method="filter_in_force_on", label=_("In force on"), widget=date_input()
    )
    signer = django_filters.ChoiceFilter(choices=Decree.Signer.choices, label=_("Signed by"))
    number = django_filters.CharFilter(lookup_expr="icontains", label=_("Decree number contains"))

    class Meta:
        model = Decree
        fields: list[str] = []

    def filter_in_force_on(self, queryset, name, value):
        """The same rule as `rules.DecreeFact.in_force_on`, in the database."""
        return queryset.filter(
            Q(valid_from__lte=value),
            Q(set_on__lte=value),
            Q(valid_until__isnull=True) | Q(valid_until__gte=value),
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=value),
        )


class WorkPlanFilterSet(EvidenceFilterSet):
    year = YearFilter()
    title = django_filters.CharFilter(lookup_expr="icontains", label=_("Title contains"))

    class Meta:
        model = WorkPlan
        fields: list[str] = []


class IndicatorDocumentFilterSet(EvidenceFilterSet):
    document_type = django_filters.ChoiceFilter(
        choices=IndicatorDocument.DocumentType.choices, label=_("Document type")
    )
    covers_year = YearFilter(method="filter_covers_year", label=_("Covers year"))

    class Meta:
        model = IndicatorDocument
        fields: list[str] = []

    def filter_covers_year(self, queryset, name, value):
        return queryset.filter(year_start__lte=value, year_end__gte=value)


class BudgetAllocationFilterSet(EvidenceFilterSet):
    year = YearFilter()
    source = django_filters.ChoiceFilter(choices=BudgetAllocation.Source.choices, label=_("Source"))
    # Not Django's "Unknown / Yes / No": the empty choice means every budget, and says so.
    is_operational = django_filters.BooleanFilter(
        label=_("For the Pokja's operations"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = BudgetAllocation
        fields: list[str] = []


class VerificationQueueFilterSet(django_filters.FilterSet):
    """Applied in turn to the queryset of each verifiable model in the registry; the region
    filters follow each model's own path to its region."""

    region = RegionScopeFilter(field_name="")
    level = LevelFilter(field_name="")
    kind = django_filters.ChoiceFilter(
        method="filter_nothing", label=_("Kind of record"), choices=[]
    )

    class Meta:
        model = Decree
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = [
            (entry.model._meta.model_name, capfirst(entry.model._meta.verbose_name))
            for entry in registry.queue.values()
            if policy.queue_shows_kind(self.request.user, entry.model)
        ]

    def filter_nothing(self, queryset, name, value):
        # The view skips the other kinds altogether; the queryset itself needs no filter.
        return queryset

    def wants(self, model_name: str) -> bool:
        kind = self.form.cleaned_data.get("kind") if self.is_valid() else None
        return not kind or kind == model_name


class WorkPlanGapFilterSet(django_filters.FilterSet):
    """Regions whose Pokja has no verified work plan for a year (the year is always set)."""

    GAP_NO_PLAN = "none"
    GAP_NOT_VERIFIED = "unverified"

    tahun = YearFilter(method="filter_nothing")
    region = RegionScopeFilter(field_name="code")
    level = LevelFilter(field_name="level")
    gap = django_filters.ChoiceFilter(
        method="filter_gap",
        label=_("Situation"),
        choices=[
            (GAP_NO_PLAN, _("No work plan")),
            (GAP_NOT_VERIFIED, _("Work plan not yet verified")),
        ],
    )

    class Meta:
        model = Region
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        # Always bound to a year, so the form shows the year the list is about.
        data = data.copy() if data is not None else {}
        if not data.get("tahun"):
            data["tahun"] = str(timezone.localdate().year)
        super().__init__(data, *args, **kwargs)

    @property
    def year(self) -> int:
        if self.is_valid() and self.form.cleaned_data.get("tahun"):
            return int(self.form.cleaned_data["tahun"])
        return timezone.localdate().year

    def filter_queryset(self, queryset):
        return super().filter_queryset(without_verified_work_plan(queryset, self.year))

    def filter_nothing(self, queryset, name, value):
        # The year is applied in `filter_queryset`, before every other filter.
        return queryset

    def filter_gap(self, queryset, name, value):
        if value == self.GAP_NO_PLAN:
            return queryset.filter(plan_status__isnull=True)
        if value == self.GAP_NOT_VERIFIED:
            return queryset.filter(plan_status__isnull=False)
        return queryset


def without_verified_work_plan(regions: QuerySet[Region], year: int) -> QuerySet[Region]:
    """Regions whose Pokja has no verified work plan of its own for `year`.

    Each row carries `has_pokja`, and `plan_status`/`plan_pk` of the Pokja's plan for the year
    (empty when there is none). Plans of a single working group do not stand in for the Pokja's.
    """
    plans = WorkPlan.objects.filter(
        pokja__region=OuterRef("pk"), year=year, working_group__isnull=True
    )
    return regions.annotate(
        has_pokja=Exists(Pokja.objects.filter(region=OuterRef("pk"))),
        plan_status=Subquery(plans.values("status")[:1]),
        plan_pk=Subquery(plans.values("pk")[:1]),
    ).filter(Q(plan_status__isnull=True) | ~Q(plan_status=VerifiableRecord.Status.TERVERIFIKASI))
