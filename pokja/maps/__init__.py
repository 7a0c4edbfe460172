"""Choropleth maps (issue #21): the contract every part of the portal draws a map through.

A *layer* is one figure per area, classed: effectiveness (pokja), Kampung KB Mandiri share
(kampungkb), stunting prevalence of one source and year (stunting). Apps register layers with
`registry.add_map_layer(MapLayer(...))` in their `ready()`; `render_map` draws one layer for the
areas below `parent` (the 38 provinces when `parent` is None, a province's kab/kota, or a
kab/kota's place in its province) as server-side SVG, with its legend, a title naming source and
year, the same figures as a table (the keyboard and screen-reader path) and the areas without a
boundary listed below.

Only verified figures feed a layer, so the same values serve the portal and the public page; who
may open which area's page is the caller's `link(code) -> url | None`.

This module is the stable interface; the drawing lives beside it (geometry.py: the vendored
boundaries; drawing.py: the SVG figure; raster.py: the PNG; panel.py: the pages' map panel).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MapClass:
    """One class of the legend, e.g. ("efektif", "Efektif", "#1b7837")."""

    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class AreaValue:
    code: str
    class_key: str  # one of the layer's MapClass keys
    text: str  # the figure as shown in the tooltip and the table, e.g. "12,5 %"
    url: str = ""  # the figure's "Asal angka" page, when it has one


@dataclass(frozen=True)
class LayerValues:
    caption: str  # source and year, e.g. "SSGI 2024, terverifikasi"
    values: dict[str, AreaValue] = field(default_factory=dict)
    # The options the values were drawn with, defaults filled in (e.g. {"sumber": "ssgi",
    # "tahun": 2024}), so a page can mark the current choice.
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class MapLayer:
    key: str  # stable, used in URLs: "efektivitas", "kampung-kb", "stunting"
    title: str
    classes: tuple[MapClass, ...]
    # values(parent, areas, year, options) -> LayerValues, verified figures only.
    # `areas` are the Region rows drawn; `options` the layer's own choices
    # (e.g. {"sumber": "ssgi"}).
    values: Callable[..., LayerValues]
    order: int = 100
    # Optional fn(year, options) -> {name: expression}: figures read in the same query as the
    # areas (one query for a kab/kota's map where two were), which `values` then finds on each
    # area as attributes of those names.
    area_annotations: Callable[..., dict] | None = None


def render_map(
    *,
    parent,  # Region | None (None: the nation's 38 provinces)
    layer_key: str,
    year: int,
    link: Callable[[str], str | None],
    options: dict | None = None,
    # Areas drawn grey and unlinked ("tidak dipublikasikan": a province switched its page off).
    hidden_codes: frozenset[str] = frozenset(),
    # Each figure's "Asal angka" link, for areas the viewer may open: a portal page behind the
    # login, so never on the public page.
    source_links: bool = True,
) -> str:
    """The map's HTML (a <figure> with the SVG, legend, table and missing-boundary list)."""
    from pokja.maps.drawing import render

    return render(
        parent=parent,
        layer_key=layer_key,
        year=year,
        link=link,
        options=options or {},
        hidden_codes=hidden_codes,
        source_links=source_links,
    )


def render_png(
    *,
    parent,
    layer_key: str,
    year: int,
    options: dict | None = None,
    hidden_codes: frozenset[str] = frozenset(),
) -> bytes:
    """The same map as a PNG (1200×630), for Open Graph previews of a shared link."""
    from pokja.maps.raster import render_image

    return render_image(
        parent=parent,
        layer_key=layer_key,
        year=year,
        options=options or {},
        hidden_codes=hidden_codes,
    )
