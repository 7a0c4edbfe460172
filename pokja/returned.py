"""Records the province sent back: what a region's page lists until they are resubmitted.

Every kind of record that can be sent back is a `ReturnedKind` in the kernel's registry: its
rejected rows of a region that the user may change, and how to describe them. Each app registers
its kinds in its `ready()` (the Pokja record types through `record_type_kind`, achievements,
stunting figures, ...), so the core app never imports them. One UNION says which kinds have
rejected rows (mostly none); only those kinds are then read: one query in all, and one more per
kind that has some.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import IntegerField, QuerySet, Value

from pokja.kernel.registry import ReturnedItem, ReturnedKind, registry
from pokja.kernel.scoping import CHANGE
from pokja.models import Region, User, VerifiableRecord


def record_type_kind(record_type) -> ReturnedKind:
    """The returned kind of a verifiable record type: rejected rows, edited on its own page."""

    def rejected(user: User, region: Region) -> QuerySet:
        return record_type.model.objects.for_user(user, CHANGE).filter(
            **{record_type.region_path: region}, status=VerifiableRecord.Status.DITOLAK
        )

    def describe(records: QuerySet) -> list[ReturnedItem]:
        return [
            ReturnedItem(
                kind=str(record_type.model._meta.verbose_name),
                label=str(record),
                reason=record.rejection_reason,
                url=record_type.url("edit", record),
                returned_at=record.updated_at,
            )
            for record in records
        ]

    return ReturnedKind(rejected, describe)


def returned_items(user: User, region: Region) -> list[ReturnedItem]:
    """Everything of the region the user may change that was rejected, latest first."""
    kinds = registry.returned_kinds
    rejected = [kind.rejected(user, region) for kind in kinds]
    keys = [
        queryset.annotate(kind=Value(index, output_field=IntegerField()))
        .values_list("kind", "pk")
        .order_by()
        for index, queryset in enumerate(rejected)
    ]
    present = defaultdict(list)
    for index, pk in keys[0].union(*keys[1:], all=True):
        present[index].append(pk)
    items = []
    for index, pks in sorted(present.items()):
        items += kinds[index].describe(rejected[index].filter(pk__in=pks))
    return sorted(
        items,
        key=lambda item: item.returned_at.timestamp() if item.returned_at else 0,
        reverse=True,
    )
