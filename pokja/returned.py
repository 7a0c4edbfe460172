"""Records the province sent back: what a region's page lists until they are resubmitted.

The Pokja records (every verifiable record type) are read here; other apps add their own
(e.g. the targets app's achievements) with `register_returned_source` in AppConfig.ready(), so
the core app never imports them. One query per source (the Pokja records: one, and one more per
kind of record that has rejected ones).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Value

from pokja.kernel.scoping import CHANGE
from pokja.models import Region, User, VerifiableRecord
from pokja.record_types import RECORD_TYPES


@dataclass(frozen=True)
class ReturnedItem:
    kind: str  # e.g. "work plan", "achievement"
    label: str
    reason: str
    url: str  # where the owner fixes it
    returned_at: datetime | None = None


ReturnedSource = Callable[[User, Region], Iterable[ReturnedItem]]
_sources: list[ReturnedSource] = []


def register_returned_source(source: ReturnedSource) -> ReturnedSource:
    if source not in _sources:
        _sources.append(source)
    return source


def _pokja_records(user: User, region: Region) -> list[ReturnedItem]:
    record_types = [rt for rt in RECORD_TYPES if rt.verifiable]
    rejected = [
        rt.model.objects.for_user(user, CHANGE).filter(
            **{rt.region_path: region}, status=VerifiableRecord.Status.DITOLAK
        )
        for rt in record_types
    ]
    # One query says which kinds have a rejected record (mostly none); only those are read.
    kinds = [
        queryset.annotate(kind=Value(index)).values_list("kind", flat=True).order_by()
        for index, queryset in enumerate(rejected)
    ]
    present = set(kinds[0].union(*kinds[1:])) if kinds else set()
    items = []
    for index in sorted(present):
        record_type = record_types[index]
        items += [
            ReturnedItem(
                kind=str(record_type.model._meta.verbose_name),
                label=str(record),
                reason=record.rejection_reason,
                url=record_type.url("edit", record),
                returned_at=record.updated_at,
            )
            for record in rejected[index]
        ]
    return items


def returned_items(user: User, region: Region) -> list[ReturnedItem]:
    """Everything of the region the user may change that was rejected, latest first."""
    items = _pokja_records(user, region)
    for source in _sources:
        items += source(user, region)
    return sorted(
        items,
        key=lambda item: item.returned_at.timestamp() if item.returned_at else 0,
        reverse=True,
    )
