"""The verification queue, grouped and paged in the database.

What a verifier reads first is a summary: how many records of each kind wait in each kab/kota
(a province's own records under the province), and how many of them are overdue. It is one
query, a UNION ALL of each kind's count per kab/kota from the kind's scoped, filtered queryset.

The rows follow the same groups: the kinds and, inside each kind, the kab/kota in the order of
their longest-waiting record (so whatever is overdue comes first), and inside a group the
oldest first. The order is given to the database as one rank per group, so a page is still a
UNION ALL of (kind, pk, rank, updated_at) ordered and sliced by the database, and only the
records of the page shown are then read, one query per kind on the page. A queue of 15,000
records costs the summary and a page, not 15,000 model instances.

Sorted by the time of the last change (`?sort=updated_at`, or `-updated_at` for the newest
first), the rows are one list across the groups, as before.

"Waiting" counts whole days since the record last changed while submitted (an edit of a
submitted record asks the verifier to look again), and a record is overdue once it waited
longer than REMINDER_VERIFICATION_DAYS: the same threshold after which "Perlu tindakan"
reminds the province's staff.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Min, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.text import capfirst
from django_tables2.data import TableData

from pokja.kernel import policy
from pokja.kernel.regions import Region

EXPORT_CHUNK = 500
# A kab/kota code is the first five characters of every code below it ("63.71" of
# "63.71.01.1001"); a province's own code ("63") is shorter and stays whole.
KABKOTA_CODE_LENGTH = 5
# How many kab/kota the summary names per kind; the others are counted together.
SUMMARY_REGIONS = 8
LAST_RANK = 2**31 - 1


def overdue_before(today: datetime.date | None = None) -> datetime.datetime:
    """The moment before which a submitted record has waited longer than the verification
    threshold: the start of the day REMINDER_VERIFICATION_DAYS before today."""
    today = today or timezone.localdate()
    first_day = today - datetime.timedelta(days=settings.REMINDER_VERIFICATION_DAYS)
    return timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))


def days_waiting(changed_at: datetime.datetime, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    return max((today - timezone.localdate(changed_at)).days, 0)


def item_value(record) -> str:
    """What a row's checkbox sends: the kind, the record and the version the verifier saw."""
    return f"{record._meta.label_lower}:{record.pk}:{record.version}"


@dataclass
class QueueGroup:
    """The records of one kind waiting in one kab/kota (or in the province itself)."""

    kind_index: int
    kind: str
    code: str
    name: str
    count: int
    overdue: int
    oldest: datetime.datetime
    model_name: str = ""

    @property
    def filter_query(self) -> str:
        """The queue's filters that list this group alone."""
        params = {"kind": self.model_name, "region": self.code}
        if len(self.code) < KABKOTA_CODE_LENGTH:  # the province's own records, not its kab/kota
            params["level"] = "provinsi"
        return urlencode(params)


@dataclass
class QueueKind:
    """One kind of record in the summary, with its groups in queue order."""

    kind: str
    model_name: str
    groups: list[QueueGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups)

    @property
    def overdue(self) -> int:
        return sum(g.overdue for g in self.groups)

    @property
    def shown_groups(self) -> list[QueueGroup]:
        return self.groups[:SUMMARY_REGIONS]

    @property
    def other_groups(self) -> int:
        return max(len(self.groups) - SUMMARY_REGIONS, 0)


def _group_code(queryset: QuerySet):
    return Substr(queryset.region_code_field, 1, KABKOTA_CODE_LENGTH)


class QueueRows(TableData):
    """Table data for django-tables2: the queue's rows as dicts, read a page at a time.

    `querysets` are each kind's scoped, filtered records awaiting verification; `user` decides
    which rows may be chosen for a batch verification (the policy, row by row)."""

    def __init__(self, querysets: list[QuerySet], user, today: datetime.date | None = None):
        super().__init__(querysets)
        self.querysets = querysets
        self.user = user
        self.today = today or timezone.localdate()
        self.cutoff = overdue_before(self.today)
        self.grouped = True
        self.descending = False
        self._summary = None
        self._all = None

    # --- the summary ---------------------------------------------------------------------

    def summary(self) -> list[QueueKind]:
        """Each kind with its groups, both in queue order (longest waiting first)."""
        if self._summary is None:
            self._summary = self._read_summary() if self.querysets else []
        return self._summary

    def _read_summary(self) -> list[QueueKind]:
        parts = [
            queryset.order_by()
            .annotate(queue_group=_group_code(queryset))
            .values("queue_group")
            .annotate(
                waiting=Count("pk"),
                late=Count("pk", filter=Q(updated_at__lt=self.cutoff)),
                oldest=Min("updated_at"),
            )
            .values_list(
                Value(index, output_field=IntegerField()),
                "queue_group",
                "waiting",
                "late",
                "oldest",
            )
            for index, queryset in enumerate(self.querysets)
        ]
        counts = list(parts[0].union(*parts[1:], all=True))
        names = dict(
            Region.objects.filter(code__in={code for _, code, *_ in counts}).values_list(
                "code", "name"
            )
        )
        kinds: dict[int, QueueKind] = {}
        for index, code, waiting, late, oldest in sorted(counts, key=lambda c: (c[4], c[1])):
            model = self.querysets[index].model
            kind = kinds.setdefault(
                index, QueueKind(capfirst(model._meta.verbose_name), model._meta.model_name)
            )
            kind.groups.append(
                QueueGroup(
                    index,
                    kind.kind,
                    code,
                    names.get(code, code),
                    waiting,
                    late,
                    oldest,
                    model_name=model._meta.model_name,
                )
            )
        return list(kinds.values())  # in the order of each kind's oldest record

    def _ranks(self) -> dict[int, dict[str, int]]:
        """Each group's place in the queue, by kind and group code."""
        ranks: dict[int, dict[str, int]] = defaultdict(dict)
        rank = 0
        for kind in self.summary():
            for group in kind.groups:
                ranks[group.kind_index][group.code] = rank
                rank += 1
        return ranks

    def groups(self) -> dict[tuple[int, str], QueueGroup]:
        return {(g.kind_index, g.code): g for kind in self.summary() for g in kind.groups}

    # --- the rows --------------------------------------------------------------------------

    def _union(self):
        ranks = self._ranks()
        parts = []
        for index, queryset in enumerate(self.querysets):
            rank = Case(
                *(When(queue_group=code, then=Value(r)) for code, r in ranks[index].items()),
                default=Value(LAST_RANK),  # a group that appeared after the summary was read
                output_field=IntegerField(),
            )
            parts.append(
                queryset.order_by()
                .annotate(queue_group=_group_code(queryset), queue_rank=rank)
                .values_list(
                    Value(index, output_field=IntegerField()), "pk", "queue_rank", "updated_at"
                )
            )
        union = parts[0].union(*parts[1:], all=True)
        if self.grouped:
            return union.order_by("queue_rank", "updated_at", "pk")
        if self.descending:
            return union.order_by("-updated_at", "-pk")
        return union.order_by("updated_at", "pk")

    def __len__(self) -> int:
        return sum(kind.count for kind in self.summary())

    def __getitem__(self, key):
        if isinstance(key, slice):
            if not self.querysets or not len(self):
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
        """Grouped unless the time of the last change is asked for (the only other order)."""
        self.grouped = not aliases
        self.descending = bool(aliases) and str(aliases[0]).startswith("-")
        self._all = None

    @property
    def ordering(self):
        return None

    def _rows(self, keys: list[tuple]) -> list[dict]:
        wanted = defaultdict(list)
        for index, pk, _rank, _updated in keys:
            wanted[index].append(pk)
        records = {}
        for index, pks in wanted.items():
            for record in self.querysets[index].filter(pk__in=pks):
                records[index, record.pk] = record
        groups = self.groups()
        rows = []
        previous = None
        for index, pk, _rank, _updated in keys:
            record = records.get((index, pk))
            if record is None:  # gone between the two queries
                continue
            row = self._row(record)
            group = groups.get((index, row["region_code"][:KABKOTA_CODE_LENGTH]))
            row["group"] = group if self.grouped else None
            row["group_starts"] = self.grouped and group is not previous
            previous = group
            rows.append(row)
        return rows

    def _row(self, record) -> dict:
        region_path = type(record).objects.all().region_code_field.removesuffix("__code")
        region = reduce(getattr, region_path.split("__"), record)
        working_group = getattr(record, "working_group", None)
        waited = days_waiting(record.updated_at, self.today)
        return {
            "kind": capfirst(record._meta.verbose_name),
            "region_code": region.code,
            "region_name": region.name,
            "record": str(record),
            "url": record.get_absolute_url(),
            "working_group": working_group.name if working_group else "",
            "updated_at": record.updated_at,
            "waiting_days": waited,
            "overdue": record.updated_at < self.cutoff,
            "item": item_value(record),
            "may_verify": policy.may_verify(self.user, record),
        }
