"""The map as a 1200×630 PNG (Open Graph previews): the same areas and colours as the SVG, the
title and the legend, drawn with Pillow. Deterministic for the same data, and kept in the cache
under the data's generation (pokja/kernel/pagecache.py), so a write makes a new one."""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter

from django.core.cache import cache
from django.utils import translation
from PIL import Image, ImageChops, ImageDraw, ImageFont

from pokja.kernel import pagecache
from pokja.maps import geometry
from pokja.maps.drawing import EDGE, HIDDEN, build

WIDTH, HEIGHT = 1200, 630
MAP_BOX = (24, 96, 800, 606)  # left, top, right, bottom of the map
LEGEND_X = 830


def _font(size: int):
    return ImageFont.load_default(size=size)


def _fit(boxes):
    x, y, width, height = geometry.viewbox(boxes)
    left, top, right, bottom = MAP_BOX
    scale = min((right - left) / width, (bottom - top) / height)
    dx = left + ((right - left) - width * scale) / 2 - x * scale
    dy = top + ((bottom - top) - height * scale) / 2 - y * scale
    return lambda px, py: (px * scale + dx, py * scale + dy)


def _draw_area(image: Image.Image, rings, colour: str, project) -> None:
    """The area's rings combined even-odd (a hole stays open), filled, then outlined. The masks
    cover the area's own box only: full-size masks made the national image take seconds."""
    projected = [[project(*p) for p in ring] for ring in rings]
    xs = [x for ring in projected for x, _y in ring]
    ys = [y for ring in projected for _x, y in ring]
    left, top = int(min(xs)), int(min(ys))
    size = (int(max(xs)) - left + 2, int(max(ys)) - top + 2)
    mask = Image.new("1", size, 0)
    for ring in projected:
        layer = Image.new("1", size, 0)
        ImageDraw.Draw(layer).polygon([(x - left, y - top) for x, y in ring], fill=1)
        mask = ImageChops.logical_xor(mask, layer)
    image.paste(colour, (left, top, left + size[0], top + size[1]), mask=mask)
    draw = ImageDraw.Draw(image)
    for ring in projected:
        draw.line([*ring, ring[0]], fill=EDGE, width=1)


def _plain(text) -> str:
    """Pillow's built-in font has no en dash."""
    return str(text).replace("–", "-")


def png(*, parent, layer_key, year, options, hidden_codes=frozenset()) -> bytes:
    layer, values, areas = build(
        parent=parent,
        layer_key=layer_key,
        year=year,
        link=lambda code: None,
        options=options,
        hidden_codes=hidden_codes,
    )
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    drawn = []
    for area in areas:
        level = geometry.level_of(area.code)
        shape = geometry.shapes(level).get(area.code)
        if shape is not None:
            drawn.append((area, geometry.rings(level, area.code), shape.bbox))
    project = _fit([bbox for _a, _r, bbox in drawn])
    for area, rings, _bbox in drawn:
        _draw_area(image, rings, area.colour, project)
    draw = ImageDraw.Draw(image)
    for area, rings, _bbox in drawn:
        if area.marked:
            for ring in rings:
                points = [project(*p) for p in ring]
                draw.line([*points, points[0]], fill="black", width=4)
    draw.text((24, 20), _plain(layer.title), fill="black", font=_font(36))
    draw.text((24, 62), _plain(values.caption), fill="#333333", font=_font(22))
    counts = Counter(area.value.class_key for area in areas)
    y = 120
    for map_class in (*layer.classes, HIDDEN):
        if map_class is HIDDEN and not counts[HIDDEN.key]:
            continue
        draw.rectangle((LEGEND_X, y, LEGEND_X + 28, y + 28), fill=map_class.colour, outline=EDGE)
        label = _plain(f"{map_class.label} ({counts[map_class.key]})")
        draw.text((LEGEND_X + 40, y + 2), label, fill="black", font=_font(22))
        y += 44
    draw.text(
        (LEGEND_X, HEIGHT - 48), "Portal Pokja Bangga Kencana", fill="#333333", font=_font(20)
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_image(*, parent, layer_key, year, options, hidden_codes=frozenset()) -> bytes:
    ident = json.dumps(
        [
            getattr(parent, "code", None),
            layer_key,
            year,
            sorted(options.items()),
            sorted(hidden_codes),
        ],
        default=str,
    )
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"maps:png:{pagecache.generation()}:{translation.get_language()}:{digest}"
    data = cache.get(key)
    if data is None:
        data = png(
            parent=parent,
            layer_key=layer_key,
            year=year,
            options=options,
            hidden_codes=hidden_codes,
        )
        cache.set(key, data, 24 * 3600)
    return data
