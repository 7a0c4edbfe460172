"""The vendored boundaries (pokja/maps/data/, written by scripts/build_boundaries.py), read once
per process.

Each level's file holds, per region code, a ready SVG path ("M x y l dx dy …z") in integer units
of `unit` degrees (x = longitude, y = -latitude) and its bounding box, so drawing needs no
geometry library: the map's viewBox is the union of the drawn areas' boxes.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
PROVINCES = "provinces"
KABKOTA = "kabkota"
_NUMBER = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Shape:
    d: str  # the SVG path
    bbox: tuple[int, int, int, int]  # min x, min y, max x, max y


@functools.cache
def shapes(level: str) -> dict[str, Shape]:
    """Every area of a level (PROVINCES or KABKOTA) by region code."""
    document = json.loads((DATA / f"{level}.json").read_text())
    return {code: Shape(a["d"], tuple(a["bbox"])) for code, a in document["areas"].items()}


def level_of(code: str) -> str:
    return PROVINCES if "." not in code else KABKOTA


def viewbox(boxes: list[tuple[int, int, int, int]], margin: float = 0.02) -> tuple[int, ...]:
    """x, y, width, height around the boxes, with a small margin so strokes are not cut."""
    if not boxes:
        return (0, 0, 100, 100)
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y1 = max(b[3] for b in boxes)
    pad = max(1, round(max(x1 - x0, y1 - y0) * margin))
    return (x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)


@functools.cache
def rings(level: str, code: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The area's rings as absolute points (for the PNG, which Pillow draws as polygons)."""
    result = []
    for part in shapes(level)[code].d.split("M")[1:]:
        numbers = [int(n) for n in _NUMBER.findall(part)]
        x, y = numbers[0], numbers[1]
        points = [(x, y)]
        for i in range(2, len(numbers) - 1, 2):
            x, y = x + numbers[i], y + numbers[i + 1]
            points.append((x, y))
        result.append(tuple(points))
    return tuple(result)
