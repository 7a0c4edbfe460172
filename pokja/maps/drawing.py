"""The choropleth as server-side SVG inside a <figure>: the map, its legend, the same figures as a
table (the keyboard and screen-reader path) and the areas the boundaries do not know yet.

Why SVG drawn on the server and no JavaScript mapping library: the portal runs on closed
networks (no tile server, no CDN), its CSP allows no inline script, a map of pre-simplified paths
costs a few dozen KB where a library and its GeoJSON cost hundreds, and SVG prints sharp on A4.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pokja.kernel.regions import Region
from pokja.maps import AreaValue, LayerValues, MapClass, MapLayer, geometry

HIDDEN = MapClass("tersembunyi", gettext_lazy("Not published"), "#f7f7f7")
# The area strokes and the swatch borders: 7:1 on white, so a pale class still has an edge.
EDGE = "#595959"


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    value: AreaValue
    colour: str
    class_label: str
    url: str | None  # the region's page, when the viewer may open it
    hidden: bool
    marked: bool  # the kab/kota whose page shows "its place in the province"

    @property
    def label(self) -> str:
        return f"{self.name}: {self.value.text}"


def layer_for(layer_key: str) -> MapLayer:
    """The registered layer of that key, or the first one (an unknown key is never an error)."""
    from pokja.kernel.registry import registry

    layers = registry.ordered_map_layers()
    if not layers:
        raise LookupError("No map layer is registered.")
    return registry.map_layers.get(layer_key) or layers[0]


def areas_of(parent: Region | None, annotations: dict | None = None) -> tuple[list[Region], str]:
    """The regions a map of `parent` draws, and the one it marks: the provinces (nation), the
    province's kab/kota, or a kab/kota's neighbours in its province with itself marked. Each
    region carries the layer's `annotations`."""
    if parent is None:
        regions = Region.objects.provinces()
    else:
        province_code = parent.code if parent.is_province else parent.parent_id
        regions = Region.objects.filter(
            parent_id=province_code, level__in=Region.KABUPATEN_KOTA_LEVELS
        )
    regions = regions.annotate(**(annotations or {})).order_by("code")
    return list(regions), ("" if parent is None or parent.is_province else parent.code)


def build(*, parent, layer_key, year, link, options, hidden_codes, source_links=False):
    """Everything the figure and the PNG show, as plain data."""
    layer = layer_for(layer_key)
    annotations = layer.area_annotations(year, options) if layer.area_annotations else None
    regions, marked = areas_of(parent, annotations)
    values: LayerValues = layer.values(parent, regions, year, options)
    classes = {c.key: c for c in layer.classes}
    empty = layer.classes[-1]  # by convention the last class is "no data"
    areas = []
    for region in regions:
        hidden = region.code in hidden_codes
        value = values.values.get(region.code) or AreaValue(region.code, empty.key, "–")
        if hidden:
            value = AreaValue(region.code, HIDDEN.key, _("not published"))
        map_class = HIDDEN if hidden else classes.get(value.class_key, empty)
        url = None if hidden else link(region.code)
        if value.url and not (source_links and url):
            # "Asal angka" lies behind the login and the viewer's scope: only for an area the
            # viewer may open, and never on the public page.
            value = replace(value, url="")
        areas.append(
            Area(
                code=region.code,
                name=region.name,
                value=value,
                colour=map_class.colour,
                class_label=map_class.label,
                url=url,
                hidden=hidden,
                marked=region.code == marked,
            )
        )
    return layer, values, areas


def _svg(areas: list[Area], title: str) -> str:
    """The map: one path per area with a boundary (a link when the viewer may open it), the
    marked area outlined on top."""
    drawn = [(area, geometry.shapes(geometry.level_of(area.code)).get(area.code)) for area in areas]
    drawn = [(area, shape) for area, shape in drawn if shape is not None]
    x, y, width, height = geometry.viewbox([shape.bbox for _area, shape in drawn])
    parts = [
        f'<svg class="peta-svg" viewBox="{x} {y} {width} {height}" role="group" '
        f'aria-label="{escape(title)}">'
    ]
    for area, shape in drawn:
        label = escape(area.label)
        path = f'<path d="{shape.d}" fill="{area.colour}"><title>{label}</title></path>'
        if area.url:
            path = f'<a href="{escape(area.url)}" aria-label="{label}">{path}</a>'
        parts.append(path)
    for area, shape in drawn:
        if area.marked:
            parts.append(f'<path class="peta-marked" d="{shape.d}" fill="none"/>')
    parts.append("</svg>")
    return "".join(parts)


def render(*, parent, layer_key, year, link, options, hidden_codes, source_links) -> str:
    layer, values, areas = build(
        parent=parent,
        layer_key=layer_key,
        year=year,
        link=link,
        options=options,
        hidden_codes=hidden_codes,
        source_links=source_links,
    )
    return figure(layer, values, areas)


def figure(layer: MapLayer, values: LayerValues, areas: list[Area]) -> str:
    """The <figure> of what `build` read."""
    caption = values.caption
    title = f"{layer.title}: {caption}"
    counts = Counter(area.value.class_key for area in areas)
    legend = [(c, counts[c.key]) for c in layer.classes]
    if counts[HIDDEN.key]:
        legend.append((HIDDEN, counts[HIDDEN.key]))
    with_shape = {
        area.code for area in areas if area.code in geometry.shapes(geometry.level_of(area.code))
    }
    context = {
        "layer": layer,
        "title": title,
        "caption": caption,
        "svg": mark_safe(_svg(areas, title)),  # noqa: S308 - built from escaped parts above
        "legend": legend,
        "areas": areas,
        "missing": [area for area in areas if area.code not in with_shape],
        "marked": next((area for area in areas if area.marked), None),
        "edge": EDGE,
        "dom_id": f"peta-{layer.key}",
    }
    return render_to_string("pokja/maps/map.html", context)
