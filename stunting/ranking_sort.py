"""The ranking's sort orders (`?sort=` on the province and national pages, their print view and
exports): one per column that differs between rows, in both directions, rows without a value
always last. The "#" column keeps the rank by prevalence (lowest first) whatever the order; the
source is the same on every row (one source per ranking) and the band follows the prevalence,
so neither has an order of its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stunting.selectors import RankingRow


@dataclass(frozen=True)
class Column:
    """A header of the ranking table. `param` is its `?sort=` value (None: not sortable);
    `descending_first` is the direction of its first click (the distance: furthest first)."""

    label: str | Promise
    param: str | None = None
    value: Callable[[RankingRow], Any] | None = None
    descending_first: bool = False
    numeric: bool = False
    words: tuple = (_("lowest first"), _("highest first"))
    title: str | Promise = ""  # its name in the ranking's heading, when not its label


COLUMNS = [
    Column("#"),
    Column(_("Region"), "wilayah", lambda r: r.region.name, words=(_("A to Z"), _("Z to A"))),
    Column(_("Source")),
    Column(
        _("Year of the figure"),
        "tahun",
        lambda r: (r.latest.year, r.latest.month) if r.latest else None,
        descending_first=True,
        words=(_("oldest first"), _("newest first")),
    ),
    Column(
        "%",
        "prevalensi",
        lambda r: r.latest.value if r.latest else None,
        numeric=True,
        title=_("prevalence"),
    ),
    Column(_("Band")),
    Column(_("Target of that year"), "target", lambda r: r.target, numeric=True),
    Column(_("Distance"), "jarak", lambda r: r.distance, descending_first=True, numeric=True),
    Column(
        pgettext_lazy("ranking column", "Change"), "perubahan", lambda r: r.change, numeric=True
    ),
    Column(
        _("Actions done"),
        "aksi",
        lambda r: None if r.region.is_province else r.actions_done,
        descending_first=True,
        numeric=True,
    ),
    Column(
        _("Overdue reports"),
        "terlambat",
        lambda r: r.overdue if r.reports_due else None,
        descending_first=True,
        numeric=True,
    ),
]
SORTABLE = {c.param: c for c in COLUMNS if c.param}
DEFAULT = SORTABLE["prevalensi"]


@dataclass(frozen=True)
class Sort:
    column: Column
    descending: bool

    @classmethod
    def parse(cls, value: str | None) -> Sort:
        """`jarak` ascending, `-jarak` descending; anything else: the default order."""
        value = (value or "").strip()
        column = SORTABLE.get(value.removeprefix("-"))
        if column is None:
            return cls(DEFAULT, False)
        return cls(column, value.startswith("-"))

    @property
    def param(self) -> str:
        return f"-{self.column.param}" if self.descending else self.column.param

    @property
    def is_default(self) -> bool:
        return self.column is DEFAULT and not self.descending

    def apply(self, rows: list[RankingRow]) -> list[RankingRow]:
        """The rows in this order; rows without a value last in both directions, ties by
        prevalence (lowest first) and then by code, so the order never depends on chance."""
        key = self.column.value

        def tie(row: RankingRow):
            return (row.rank is None, row.rank or 0, row.region.code)

        present = sorted((r for r in rows if key(r) is not None), key=tie)
        present.sort(key=key, reverse=self.descending)  # stable: ties keep the order above
        missing = sorted((r for r in rows if key(r) is None), key=tie)
        return present + missing

    def caption(self) -> str:
        """The ranking's heading, saying its order."""
        if self.is_default:
            return str(_("Ranking (lowest prevalence first)"))
        ascending, descending = self.column.words
        return _("Ranking by %(column)s (%(order)s)") % {
            "column": self.column.title or self.column.label,
            "order": descending if self.descending else ascending,
        }

    def headers(self, query: QueryDict) -> list[dict]:
        """The table's headers: for a sortable one its link (the other parameters kept) and,
        on the sorted one, its `aria-sort`."""
        kept = {k: v for k, v in query.items() if k != "sort"}
        result = []
        for column in COLUMNS:
            header = {"label": column.label, "numeric": column.numeric, "url": "", "aria": ""}
            if column.param:
                sorted_here = column is self.column
                descending = not self.descending if sorted_here else column.descending_first
                param = f"-{column.param}" if descending else column.param
                header["url"] = "?" + urlencode({**kept, "sort": param}) + "#ranking"
                if sorted_here:
                    header["aria"] = "descending" if self.descending else "ascending"
                header["next"] = _("sort: %(order)s") % {"order": column.words[descending]}
            result.append(header)
        return result
