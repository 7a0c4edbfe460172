"""Where does this number come from? ("Asal angka"): one page, one JSON shape and one set of export
columns for every figure the portal shows.

A kind of figure (an effectiveness assessment, a target achievement, a Kampung KB class, a
stunting prevalence ...) is registered by the app that computes it, in its `ready()`:

    registry.add_figure_kind(FigureKind("efektivitas", _("Pokja effectiveness"), "app.mod.fn"))

where `fn(user, ref) -> Provenance` reads, within `user`'s scope, what the figure is computed
from, and raises `Http404` for what the user may not see (or a `ref` that names nothing). `ref`
is the figure's address inside its kind ("63.01/2024"), as `provenance_url` builds it.

A Provenance lists the rule applied, the records read (each with its status, who entered it and
when, who verified it and when, and whether it counts), a table of raw figures where the rule
needs one (the twelve Kampung KB indicators), and for a survey figure its publication.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _


@dataclass
class SourceRecord:
    """One record a figure is computed from, as the page, the API and an export show it."""

    kind: str  # what kind of record ("SK", "Capaian" ...)
    label: str
    url: str = ""
    status: str = ""  # the workflow's code ("terverifikasi"), empty for records without one
    status_label: str = ""
    value: str = ""  # the figure it carries, where it carries one
    entered_by: str = ""
    entered_at: datetime | date | None = None
    verified_by: str = ""
    verified_at: datetime | date | None = None
    counts: bool = True  # does the figure use it?
    note: str = ""  # why it counts or not

    @classmethod
    def from_record(cls, record, *, kind: str, label: str = "", url: str | None = None, **kw):
        """A verifiable record (pokja.kernel.verification.Verifiable): its workflow fields.
        Select `created_by` and `verified_by` with the record to keep the queries bounded."""
        status = getattr(record, "status", "")
        values = {
            "status": status,
            "status_label": record.get_status_display() if status else "",
            "entered_by": _person(getattr(record, "created_by", None)),
            "entered_at": getattr(record, "created_at", None),
            "verified_by": _person(getattr(record, "verified_by", None)),
            "verified_at": getattr(record, "verified_at", None),
        }
        if url is None:
            url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
        values.update(kw)
        return cls(kind=kind, label=label or str(record), url=url, **values)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "url": self.url,
            "status": self.status,
            "status_label": self.status_label,
            "value": self.value,
            "entered_by": self.entered_by,
            "entered_at": _iso(self.entered_at),
            "verified_by": self.verified_by,
            "verified_at": _iso(self.verified_at),
            "counts": self.counts,
            "note": self.note,
        }


@dataclass
class Publication:
    """Where a survey figure was published."""

    title: str
    source: str = ""  # the survey ("SSGI", "SKI" ...)
    published_on: date | None = None
    url: str = ""

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "source": self.source,
            "published_on": _iso(self.published_on),
            "url": self.url,
        }


@dataclass
class Table:
    """Raw figures the rule reads, e.g. the twelve Kampung KB indicators."""

    headers: list[str]
    rows: list[list[str]]

    def as_dict(self) -> dict:
        return {"headers": self.headers, "rows": self.rows}


@dataclass
class Section:
    """One part of the computation (a criterion, the target, the achievement ...)."""

    title: str
    result: str = ""  # what this part gives ("met", "Rp 25.000.000", "score 3")
    rule: str = ""
    records: list[SourceRecord] = field(default_factory=list)
    table: Table | None = None
    link: tuple[str, str] | None = None  # (label, url): another figure this part rests on
    computed: bool = False  # a computation over the other parts: no records of its own
    # The yardstick the figure is judged against (a target), not something it is computed
    # from: its records are shown but are not the figure's records.
    yardstick: bool = False

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "result": self.result,
            "rule": self.rule,
            "records": [r.as_dict() for r in self.records],
            "table": self.table.as_dict() if self.table else None,
            "link": {"label": self.link[0], "url": self.link[1]} if self.link else None,
        }


@dataclass
class Provenance:
    kind: str  # the FigureKind's slug
    ref: str
    title: str  # "Pokja effectiveness, Kabupaten Banjar, 2024"
    figure: str  # the figure as the pages show it ("3/4, not yet effective")
    rule: str = ""
    region: object = None  # a pokja.models.Region
    year: int | None = None
    computed_at: datetime | None = None
    sections: list[Section] = field(default_factory=list)
    publication: Publication | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return provenance_url(self.kind, self.ref)

    @property
    def records(self) -> list[SourceRecord]:
        """The records the figure is computed from (not those of the target it is judged by)."""
        return [
            record
            for section in self.sections
            if not section.yardstick
            for record in section.records
        ]

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "ref": self.ref,
            "url": self.url,
            "title": self.title,
            "figure": self.figure,
            "rule": self.rule,
            "region": getattr(self.region, "code", None),
            "year": self.year,
            "computed_at": _iso(self.computed_at),
            "publication": self.publication.as_dict() if self.publication else None,
            "sections": [s.as_dict() for s in self.sections],
            "notes": self.notes,
        }


def provenance_url(kind: str, *parts) -> str:
    """The address of a figure's provenance page, e.g. provenance_url("efektivitas", code, 2024)."""
    return reverse("pokja:provenance", args=[kind, "/".join(str(p) for p in parts)])


def resolve(user, kind: str, ref: str) -> Provenance:
    """The provenance of one figure, within `user`'s scope; 404 for an unknown kind, a figure
    outside the scope or one that does not exist."""
    from pokja.kernel.registry import registry

    figure_kind = registry.figure_kinds.get(kind)
    if figure_kind is None:
        raise Http404
    return figure_kind.resolve(user, ref)


def split_ref(ref: str, count: int) -> list[str]:
    """`ref`'s parts, 404 unless there are exactly `count` of them."""
    parts = ref.strip("/").split("/")
    if len(parts) != count or not all(parts):
        raise Http404
    return parts


def ref_year(value: str) -> int:
    """A year in a ref; 404 when it is not one."""
    if not value.isdigit() or len(value) != 4:
        raise Http404
    return int(value)


# --- Export columns ---------------------------------------------------------------------------


def export_headers() -> list[str]:
    """The provenance columns every export of a figure ends with."""
    return [_("Source"), _("Status"), _("Verified by"), _("Verified at"), _("Where from (link)")]


def export_values(
    *,
    source: str = "",
    status: str = "",
    verified_by: str = "",
    verified_at: datetime | date | None = None,
    url: str = "",
) -> list[str]:
    """The values under `export_headers()`. `url` (a provenance_url) is written in full, so the
    file works where it is read (exports may be written by the worker, without a request)."""
    return [source, status, verified_by, format_moment(verified_at), absolute_url(url)]


def record_export_values(records: list[SourceRecord], *, url: str = "") -> list[str]:
    """Export values summing up the records a figure counts: their labels, their statuses,
    their verifiers, the latest verification."""
    counted = [r for r in records if r.counts] or records
    moments = [r.verified_at for r in counted if r.verified_at]
    return export_values(
        source="; ".join(r.label for r in counted),
        status="; ".join(sorted({r.status_label for r in counted if r.status_label})),
        verified_by="; ".join(sorted({r.verified_by for r in counted if r.verified_by})),
        verified_at=max(moments) if moments else None,
        url=url,
    )


def absolute_url(url: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + url if url.startswith("/") else url


def format_moment(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return date_format(localtime(value), "Y-m-d H:i")
    return value.isoformat()


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return localtime(value).isoformat()
    return value.isoformat()


def _person(user) -> str:
    return str(user) if user is not None else ""
