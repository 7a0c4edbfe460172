"""Filters shared by the API's lists: a region takes in everything below it (as on the web),
and the model's own year/status/source/kind fields filter exactly."""

from __future__ import annotations

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext as _

from pokja.kernel.scoping import region_scope_q

# Fields a list may be filtered on exactly, where the model has them.
EXACT_FIELDS = (
    "year",
    "status",
    "source",
    "kind",
    "document_type",
    "working_group",
    "signer",
    "level",
    "period",
    "is_effective",
)
ORDERING_FIELDS = (
    "id",
    "year",
    "status",
    "created_at",
    "updated_at",
    "valid_from",
    "valid_until",
    "set_on",
    "held_on",
    "amount",
    "name",
    "score",
    "value",
)


class RegionFilter(django_filters.CharFilter):
    """`?region=63`: province 63 and its kab/kota, along the queryset's own path to its region."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "Kemendagri code; includes every region below it.")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(region_scope_q(qs.region_code_field, value.strip()))


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (`?year=2025`): django-filter's NumberFilter takes "0.5"."""

    field_class = forms.IntegerField


class IsoDateFilter(django_filters.DateFilter):
    """An ISO date (`?period=2025-06-01`), as the schema says: not the other formats a web form
    accepts."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """`true`/`false` (or 1/0); empty filters nothing. Django's NullBooleanField reads any other
    word as "no filter", so `?is_active=maybe` listed everything."""

    widget = forms.TextInput  # NullBooleanSelect maps unknown words to None before we see them

    def to_python(self, value):
        if value in (None, ""):
            return None
        words = {"true": True, "1": True, "false": False, "0": False}
        if str(value).lower() not in words:
            raise forms.ValidationError(_("Give true or false."), code="invalid")
        return words[str(value).lower()]

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


# The filter of each kind of model field, as strict as the schema that documents it.
# (django-filter maps each integer field class by name, so each is named here.)
INTEGER_FIELDS = (
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)
FILTER_OVERRIDES = {
    **{field: {"filter_class": IntegerFilter} for field in INTEGER_FIELDS},
    models.DateField: {"filter_class": IsoDateFilter},
    models.BooleanField: {"filter_class": StrictBooleanFilter},
}


def present(model, names) -> list[str]:
    fields = {f.name for f in model._meta.get_fields() if not f.auto_created or f.name == "id"}
    return [name for name in names if name in fields]


def filterset_for(model, *, extra: tuple[str, ...] = ()) -> type[django_filters.FilterSet]:
    fields = present(model, (*EXACT_FIELDS, *extra))
    meta = type(
        "Meta", (), {"model": model, "fields": fields, "filter_overrides": FILTER_OVERRIDES}
    )
    attrs = {"Meta": meta, "region": RegionFilter()}
    return type(f"{model.__name__}FilterSet", (django_filters.FilterSet,), attrs)
