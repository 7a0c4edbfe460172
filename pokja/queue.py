"""The verification queue, paged in the database.

Records of every kind in the registry's queue are interleaved by `updated_at`: a UNION ALL of
(kind, pk, updated_at) from each kind's scoped, filtered queryset is ordered and sliced by the
database, and only the records of the page shown are then read, one query per kind on the page.
So a queue of 15,000 records costs a count and a page, not 15,000 model instances.
"""

from __future__ import annotations

from collections import defaultdict
from functools import reduce

from django.db.models import IntegerField, QuerySet, Value
from django.utils.text import capfirst
from django_tables2.data import TableData

EXPORT_CHUNK = 500


class QueueRows(TableData):
    """Table data for django-tables2: the queue's rows as dicts, read a page at a time."""

    def __init__(self, querysets: list[QuerySet]):
        super().__init__(querysets)
        self.querysets = querysets
        self.descending = False
        self._count = None
        self._all = None

    def _union(self):
        parts = [
            queryset.order_by().values_list(
                Value(index, output_field=IntegerField()), "pk", "updated_at"
            )
            for index, queryset in enumerate(self.querysets)
        ]
        union = parts[0].union(*parts[1:], all=True)
        if self.descending:
            return union.order_by("-updated_at", "-pk")
        return union.order_by("updated_at", "pk")

    def __len__(self) -> int:
        if not self.querysets:
            return 0
        if self._count is None:
            self._count = self._union().count()
        return self._count

    def __getitem__(self, key):
        if isinstance(key, slice):
            if not self.querysets:
                return []
            return self._rows(list(self._union()[key]))
        return self[key : key + 1][0]

    def __iter__(self):
        """Every row (an export), read a chunk at a time; kept, as an export passes twice."""
        if self._all is None:
            rows = []
            for start in range(0, len(self), EXPORT_CHUNK):
                rows += self[start : start + EXPORT_CHUNK]
            self._all = rows
        return iter(self._all)

    def order_by(self, aliases) -> None:
        """Only the time of the last change orders the queue (the table allows no other)."""
        self.descending = bool(aliases) and str(aliases[0]).startswith("-")
        self._all = None

    @property
    def ordering(self):
        return None

    def _rows(self, keys: list[tuple]) -> list[dict]:
        wanted = defaultdict(list)
        for index, pk, _updated in keys:
            wanted[index].append(pk)
        records = {}
        for index, pks in wanted.items():
            for record in self.querysets[index].filter(pk__in=pks):
                records[index, record.pk] = record
        return [_row(records[index, pk]) for index, pk, _ in keys if (index, pk) in records]


def _row(record) -> dict:
    region_path = type(record).objects.all().region_code_field.removesuffix("__code")
    region = reduce(getattr, region_path.split("__"), record)
    working_group = getattr(record, "working_group", None)
    return {
        "kind": capfirst(record._meta.verbose_name),
        "region_code": region.code,
        "region_name": region.name,
        "record": str(record),
        "url": record.get_absolute_url(),
        "working_group": working_group.name if working_group else "",
        "updated_at": record.updated_at,
    }
