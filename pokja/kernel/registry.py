"""The one registry that apps fill at start-up (in `AppConfig.ready()`), so the core app learns
about the others without importing them.

- record types: their pages, the verification queue (every verifiable model);
- region panels: what each app shows on a region's page, for the levels it applies to;
- navbar items;
- demo seeders: dotted paths, imported only when demo data is seeded (never in production);
- nightly jobs: dotted paths of `fn(run=AssessmentRun)`, called by the nightly effectiveness
  task after its recompute, logging into the same run (Kampung KB classes, overdue reports);
- achievement sources: "this indicator's achievement for region R and year Y comes from my
  data", so it is computed rather than typed in;
- API resources: every record type gets its REST endpoints by being a record type; other
  resources (targets, read-only views) register a viewset by dotted path;
- reminder sources: dotted paths of functions that say, set-based, what needs action and for
  whom ("Perlu tindakan", see pokja/reminders/);
- returned kinds: each kind of record the province can send back, which a region's page lists
  until it is resubmitted (pokja/returned.py reads them);
- cached models: the models whose writes change a cached page (pokja/kernel/pagecache.py);
- verification listeners: what a model's verified records feed, computed again as soon as the
  workflow verifies, returns or changes one (the Kampung KB class of its profiles);
- figure kinds: where each kind of figure comes from ("Asal angka", see kernel/provenance.py),
  and for a computed achievement the figure it is computed from;
- public datasets: the tables the no-login page shows and publishes as CSV and JSON, each an
  allow-list of fields (kernel/public_data.py);
- offline pages: `fn(user) -> [url, ...]`, the pages a user's device keeps for working without
  a connection (the forms they fill, the page they fill them for; pokja/views/offline.py).

(The actions a template may ask about with `{% may %}` are registered with the policy itself:
`policy.add_action`, also in `ready()`.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import import_string

from pokja.kernel import listeners

if TYPE_CHECKING:
    from django.db import models

    from pokja.kernel.records import RecordType

# fn(request, region, year, **kwargs) -> rendered HTML, or "" when it has nothing to show for
# the region (e.g. its level).
RegionPanel = Callable[..., str]
# fn(region_codes, years) -> {(region code, year): value}; only regions with a value appear.
AchievementSource = Callable[[list[str], list[int]], dict[tuple[str, int], Decimal]]
# fn(region_code, year) -> (figure kind, ref): the figure a computed achievement is read from.
AchievementProvenance = Callable[[str, int], tuple[str, str]]


@dataclass(frozen=True)
class FigureKind:
    """A kind of figure: its URL slug, its name, and the dotted path of its resolver."""

    slug: str
    label: str
    resolver: str  # "app.module.fn": fn(user, ref: str) -> Provenance

    def resolve(self, user, ref: str):  # -> pokja.kernel.provenance.Provenance
        return import_string(self.resolver)(user, ref)


@dataclass(frozen=True)
class Panel:
    render: RegionPanel
    order: int = 100


@dataclass(frozen=True)
class NavItem:
    """A navbar link: `url(user)` gives the address, or None when the user should not see it.
    Items of the group "lists" go into the "Daftar" dropdown; the others stand in the bar."""

    key: str
    label: str
    url: Callable
    order: int = 100
    group: str = ""


@dataclass(frozen=True)
class QueueEntry:
    """A verifiable model whose submissions appear in the verification queue."""

    model: type[models.Model]
    select_related: tuple[str, ...] = ()
    describe: Callable | None = None  # record -> (region, label, url); default from the record


@dataclass(frozen=True)
class ApiResource:
    """A REST endpoint under /api/v1/<prefix>/: a viewset named by dotted path, imported only when
    the API's URLs are built."""

    prefix: str
    viewset: str
    basename: str = ""


@dataclass(frozen=True)
class ReturnedItem:
    """One record the province sent back, as a region's page lists it."""

    kind: str  # e.g. "work plan", "achievement"
    label: str
    reason: str
    url: str  # where the owner fixes it
    returned_at: datetime | None = None


@dataclass(frozen=True)
class ReturnedRow:
    """A rejected row as the region's page reads it: every kind's in one query."""

    pk: int
    reason: str
    returned_at: datetime | None
    values: dict  # the kind's `fields`, lookup -> Python value


@dataclass(frozen=True)
class ReturnedKind:
    """A kind of record a region's page lists when the province sent it back."""

    # fn(user, region) -> the region's rejected rows the user may change (a queryset)
    rejected: Callable
    # fn(rows: list[ReturnedRow]) -> their items
    describe: Callable[..., Iterable[ReturnedItem]]
    # What `describe` reads besides the pk, reason and time: lookups from the rejected model
    # ("period", "indicator__name"), plain values (text, numbers, booleans, dates).
    fields: tuple[str, ...] = ()


@dataclass
class Registry:
    record_types: dict[str, RecordType] = field(default_factory=dict)
    queue: dict[str, QueueEntry] = field(default_factory=dict)
    panels: list[Panel] = field(default_factory=list)
    nav_items: dict[str, NavItem] = field(default_factory=dict)
    demo_seeders: list[str] = field(default_factory=list)
    demo_seeders_last: list[str] = field(default_factory=list)
    achievement_sources: dict[str, AchievementSource] = field(default_factory=dict)
    nightly_jobs: list[str] = field(default_factory=list)
    api_resources: dict[str, ApiResource] = field(default_factory=dict)
    reminder_sources: list[str] = field(default_factory=list)
    returned_kinds: list[ReturnedKind] = field(default_factory=list)
    cached_models: list[str] = field(default_factory=list)
    figure_kinds: dict[str, FigureKind] = field(default_factory=dict)
    achievement_provenance: dict[str, AchievementProvenance] = field(default_factory=dict)
    offline_page_sources: list[Callable] = field(default_factory=list)
    map_layers: dict[str, Any] = field(default_factory=dict)
    public_datasets: dict[str, Any] = field(default_factory=dict)

    def add_record_types(self, *record_types: RecordType) -> None:
        for rt in record_types:
            self.record_types[f"{rt.app_label}.{rt.name}"] = rt
            if rt.verifiable:
                self.add_to_queue(rt.model, select_related=(rt.region_path, *rt.select_related))

    def add_to_queue(self, model, *, select_related=(), describe=None) -> None:
        self.queue[model._meta.label_lower] = QueueEntry(model, tuple(select_related), describe)

    def add_panel(self, render: RegionPanel, *, order: int = 100) -> RegionPanel:
        if all(p.render is not render for p in self.panels):
            self.panels.append(Panel(render, order))
            self.panels.sort(key=lambda p: p.order)
        return render

    def render_panels(self, request, region, year: int, **kwargs) -> list[str]:
        """Every panel's HTML for this region, in order. `kwargs` carry what the page already
        read (e.g. `children`), or a bound form to show again with its errors."""
        return [
            html for panel in self.panels if (html := panel.render(request, region, year, **kwargs))
        ]

    def add_nav_item(self, item: NavItem) -> None:
        self.nav_items[item.key] = item

    def nav_for(self, user, group: str = "") -> list[tuple[str, str]]:
        links = []
        for item in sorted(self.nav_items.values(), key=lambda i: i.order):
            url = item.group == group and item.url(user)
            if url:
                links.append((item.label, url))
        return links

    def add_demo_seeder(self, dotted_path: str, *, after_others: bool = False) -> None:
        """`after_others`: run after every other app's demo data (demo targets that follow the
        demo's own records, e.g. the number of Kampung KB)."""
        if dotted_path in self.demo_seeders:
            return
        if after_others:
            self.demo_seeders_last.append(dotted_path)
        else:
            self.demo_seeders.append(dotted_path)

    def run_demo_seeders(self, **kwargs) -> None:
        for dotted_path in [*self.demo_seeders, *self.demo_seeders_last]:
            import_string(dotted_path)(**kwargs)

    def add_achievement_source(
        self,
        indicator_code: str,
        source: AchievementSource,
        *,
        provenance: AchievementProvenance | None = None,
    ) -> None:
        """`provenance(region_code, year)` names the figure the value is read from, so the
        achievement's "Asal angka" page can show it."""
        self.achievement_sources[indicator_code] = source
        if provenance is not None:
            self.achievement_provenance[indicator_code] = provenance

    def add_figure_kind(self, kind: FigureKind) -> None:
        self.figure_kinds[kind.slug] = kind

    def computed_achievements(
        self, indicator_code: str, region_codes: list[str], years: list[int]
    ) -> dict[tuple[str, int], Decimal]:
        """The computed values of an indicator (empty when people enter it by hand)."""
        source = self.achievement_sources.get(indicator_code)
        return {} if source is None else source(region_codes, years)

    def add_api_resource(self, prefix: str, viewset: str, *, basename: str = "") -> None:
        """Serve `viewset` (a dotted path) at /api/v1/<prefix>/. Record types need not call this:
        each gets its endpoints from its RecordType (see pokja/api/records.py)."""
        self.api_resources[prefix] = ApiResource(prefix, viewset, basename or prefix)

    def add_reminder_source(self, dotted_path: str) -> None:
        """A function `fn(context) -> iterable of reminders.Due` computing, in a few queries,
        what needs action and for which users (see pokja/reminders/sources.py)."""
        if dotted_path not in self.reminder_sources:
            self.reminder_sources.append(dotted_path)

    def add_returned_kind(self, kind: ReturnedKind) -> None:
        """A kind of record the province can send back (listed on the region's page)."""
        if kind not in self.returned_kinds:
            self.returned_kinds.append(kind)

    def add_cached_models(self, *models: type[models.Model]) -> None:
        """Models a cached page shows: a save or delete of any of them makes every cached page
        part obsolete (pokja/kernel/pagecache.py). Leave out a model no page shows that is
        written often (a heartbeat, an export's progress), or one only ever rewritten in bulk
        by a job that calls `pagecache.bump()` itself."""
        from pokja.kernel import pagecache

        for model in models:
            if model._meta.label_lower not in self.cached_models:
                self.cached_models.append(model._meta.label_lower)
                pagecache.watch(model)

    def add_verification_listener(self, model: type[models.Model], dotted_path: str) -> None:
        """`fn(records)` runs once the transaction commits, with the records of `model` that the
        workflow verified, returned, or changed while verified: what they feed can be computed
        again at once instead of at night (the Kampung KB class of a verified profile)."""
        listeners.add_verification_listener(model, dotted_path)

    def add_nightly_job(self, dotted_path: str) -> None:
        """A function `fn(*, run=None)` each nightly recompute runs after its own work."""
        if dotted_path not in self.nightly_jobs:
            self.nightly_jobs.append(dotted_path)

    def run_nightly_jobs(self, **kwargs) -> None:
        for dotted_path in self.nightly_jobs:
            import_string(dotted_path)(**kwargs)

    def add_offline_pages(self, source: Callable) -> None:
        """`source(user) -> [url, ...]`: pages this user's device keeps to work offline. Only
        pages of the user's own scope: the device must hold nothing of anyone else's."""
        if source not in self.offline_page_sources:
            self.offline_page_sources.append(source)

    def offline_pages(self, user) -> list[str]:
        return [url for source in self.offline_page_sources for url in source(user)]

    def add_map_layer(self, layer) -> None:
        """A choropleth layer (pokja.maps.MapLayer): one classed figure per area."""
        self.map_layers[layer.key] = layer

    def ordered_map_layers(self) -> list:
        return sorted(self.map_layers.values(), key=lambda layer: layer.order)

    def add_public_dataset(self, dataset) -> None:
        """A public table (pokja.kernel.public_data.PublicDataset): shown on /publik/ and
        published as CSV and JSON with its data dictionary, its fields an allow-list."""
        self.public_datasets[dataset.slug] = dataset

    def ordered_public_datasets(self) -> list:
        return sorted(self.public_datasets.values(), key=lambda dataset: dataset.order)


registry = Registry()
