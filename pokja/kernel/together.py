"""Rows of several models read in one query: a UNION ALL whose members share a few columns and
carry each model's own plain values as JSON (the one column type every member can share).

What a page lists from many kinds of records (the records sent back, the next step of each unmet
criterion) costs one query this way, however many kinds have rows, where a UNION of keys and
then one query per kind cost one more per kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from django.db.models import F, Field, IntegerField, Model, QuerySet, Value
from django.db.models.functions import JSONObject

# Columns that come back from the JSON as they went in (a date as its ISO text, parsed back).
_PLAIN_TYPES = frozenset(
    {
        "CharField",
        "BooleanField",
        "DateField",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
    }
)


@dataclass(frozen=True)
class Row:
    part: int  # the index of the queryset it came from
    pk: int
    shared: tuple  # the values of `shared`, in that order
    values: dict  # the part's own fields: lookup -> Python value


def plain_fields(model: type[Model]) -> tuple[str, ...]:
    """The model's own plain columns: enough for an unsaved copy to say `str(record)`. Not
    those an abstract base gives every record (version, status, file name): no label reads
    them, and each column read costs the query's compiling and planning."""
    inherited = {
        field.name
        for base in model.__mro__[1:]
        if getattr(getattr(base, "_meta", None), "abstract", False)
        for field in base._meta.local_fields
    }
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if not field.is_relation
        and not field.primary_key
        and field.name not in inherited
        and field.get_internal_type() in _PLAIN_TYPES
    )


def _field(model: type[Model], lookup: str) -> Field:
    """The model field at the end of a lookup such as "indicator__name"."""
    *path, name = lookup.split("__")
    target = reduce(lambda m, part: m._meta.get_field(part).related_model, path, model)
    return target._meta.get_field(name)


def read_together(
    parts: list[tuple[QuerySet, tuple[str, ...]]], shared: tuple[str, ...] = ()
) -> list[Row]:
    """Every row of every (queryset, its fields) part, in one query. `shared` names columns or
    annotations every queryset has, of the same type."""
    if not parts:
        return []
    selects = [
        queryset.annotate(
            together_part=Value(index, output_field=IntegerField()),
            together_values=JSONObject(**{f"v{i}": F(name) for i, name in enumerate(fields)}),
        )
        .values_list("together_part", "pk", *shared, "together_values")
        .order_by()
        for index, (queryset, fields) in enumerate(parts)
    ]
    rows = []
    for part, pk, *values in selects[0].union(*selects[1:], all=True):
        queryset, fields = parts[part]
        own = values.pop()
        converted = {
            name: _field(queryset.model, name).to_python(own[f"v{i}"])
            for i, name in enumerate(fields)
        }
        rows.append(Row(part, pk, tuple(values), converted))
    return rows
