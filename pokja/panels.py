"""Panels that other apps add to the region pages, so the core app never imports them.

An app registers a function in its AppConfig.ready(); the function gets the request, the region
and the year and returns rendered HTML (or "" when it has nothing to show for that region).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString

RegionPanel = Callable[..., SafeString | str]
_region_panels: list[RegionPanel] = []


def register_region_panel(panel: RegionPanel) -> RegionPanel:
    if panel not in _region_panels:
        _region_panels.append(panel)
    return panel


def render_region_panels(request, region, year: int) -> list[str]:
    return [html for panel in _region_panels if (html := panel(request, region, year))]
