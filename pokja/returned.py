"""Records the province sent back: what a region's page lists until they are resubmitted.

Every kind of record that can be sent back is a `ReturnedKind` in the kernel's registry: its
rejected rows of a region that the user may change, the values that describe them, and how to
describe them. Each app registers its kinds in its `ready()` (the Pokja record types through
`record_type_kind`, achievements, stunting figures, ...), so the core app never imports them.
Every kind's rejected rows are read in one query (`pokja.kernel.together`), however many kinds
have some.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet

from pokja.kernel.registry import ReturnedItem, ReturnedKind, ReturnedRow, registry
from pokja.kernel.scoping import CHANGE
from pokja.kernel.together import plain_fields, read_together
from pokja.models import Region, User, VerifiableRecord


def record_type_kind(record_type) -> ReturnedKind:
    """The returned kind of a verifiable record type: rejected rows, edited on its own page."""
    model = record_type.model

    def rejected(user: User, region: Region) -> QuerySet:
        return model.objects.for_user(user, CHANGE).filter(
            **{record_type.region_path: region}, status=VerifiableRecord.Status.DITOLAK
        )

    def describe(rows: list[ReturnedRow]) -> list[ReturnedItem]:
        items = []
        for row in rows:
            record = model(pk=row.pk, **row.values)  # what its label and URL read
            items.append(
                ReturnedItem(
                    kind=str(model._meta.verbose_name),
                    label=str(record),
                    reason=row.reason,
                    url=record_type.url("edit", record),
                    returned_at=row.returned_at,
                )
            )
        return items

    return ReturnedKind(rejected, describe, fields=plain_fields(model))


def returned_items(user: User, region: Region) -> list[ReturnedItem]:
    """Everything of the region the user may change that was rejected, latest first (at the
    same time: in the registry's order of kinds, then by id)."""
    kinds = registry.returned_kinds
    parts = [(kind.rejected(user, region), kind.fields) for kind in kinds]
    found = defaultdict(list)
    for row in read_together(parts, shared=("rejection_reason", "updated_at")):
        found[row.part].append(ReturnedRow(row.pk, *row.shared, row.values))
    items = []
    for index, rows in sorted(found.items()):
        items += kinds[index].describe(sorted(rows, key=lambda row: row.pk))
    return sorted(
        items,
        key=lambda item: item.returned_at.timestamp() if item.returned_at else 0,
        reverse=True,
    )
