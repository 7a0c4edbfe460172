"""The map panel of the national, province and kab/kota pages: a layer choice as plain links
(`?peta=efektivitas|kampung-kb|stunting`, `&sumber=` for stunting; no script needed) above the
map. Unknown values fall back to the default layer and source: a bounded set of pages, never an
error. An area links to its region's page only when the viewer may see it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse

from pokja.kernel.registry import registry
from pokja.kernel.scoping import code_in_scope
from pokja.maps.drawing import build, figure, layer_for

# The stunting sources a reader may switch between (stunting/map_layer.py knows their figures).
SOURCE_CHOICES = (("ssgi", "SSGI"), ("ski", "SKI"), ("eppgbm", "e-PPGBM"))


def chosen(query) -> tuple[str, dict]:
    """The layer key and its options from the query string, bounded to known values."""
    layer = layer_for(query.get("peta", ""))
    options = {}
    if layer.key == "stunting" and query.get("sumber") in dict(SOURCE_CHOICES):
        options["sumber"] = query["sumber"]
    return layer.key, options


def region_link(user, year: int, layer_key: str, options: dict):
    """link(code) for render_map: the region's page with the same year and layer, in scope only."""
    query = urlencode({"tahun": year, "peta": layer_key, **options})
    # One reverse() for every area (the national map has 38): a code is digits and dots.
    pattern = f"{reverse('pokja:region_detail', args=['CODE'])}?{query}#peta"

    def link(code: str) -> str | None:
        return pattern.replace("CODE", code) if code_in_scope(user, code) else None

    return link


def map_panel_html(request, region, year: int) -> str:
    """The panel (heading, layer choice, map) for the nation (region None) or a region."""
    if not registry.map_layers:
        return ""
    layer_key, options = chosen(request.GET)
    base = {"tahun": year}
    choices = [
        (layer, f"?{urlencode({**base, 'peta': layer.key})}#peta", layer.key == layer_key)
        for layer in registry.ordered_map_layers()
    ]
    layer, values, areas = build(
        parent=region,
        layer_key=layer_key,
        year=year,
        link=region_link(request.user, year, layer_key, options),
        options=options,
        hidden_codes=frozenset(),
        source_links=True,
    )
    sources = []
    if layer_key == "stunting":
        sources = [
            (
                label,
                f"?{urlencode({**base, 'peta': 'stunting', 'sumber': key})}#peta",
                values.options.get("sumber") == key,  # the default source too
            )
            for key, label in SOURCE_CHOICES
        ]
    html = figure(layer, values, areas)
    context = {"choices": choices, "sources": sources, "map": html, "region": region}
    return render_to_string("pokja/maps/panel.html", context, request=request)


def map_panel(request, region, year: int, **_kwargs) -> str:
    """The registered region panel: provinces and kab/kota only."""
    if not (region.is_province or region.is_kabupaten_kota):
        return ""
    return map_panel_html(request, region, year)
