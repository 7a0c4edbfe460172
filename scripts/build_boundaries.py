"""Write the vendored map boundaries (pokja/maps/data/) from the shared kab/kota GeoJSON.

Run once by a developer, when the source boundaries change:

    .venv/bin/pip install 'shapely==2.2.0'   # the dev extra
    .venv/bin/python scripts/build_boundaries.py [path/to/kabupaten-kota.geojson]

The source (../shared/data/boundaries/, MIT licence, see NOTICE) holds the 514 kab/kota in
longitude/latitude. This writes two small files the portal reads without shapely:

- provinces.json: the 38 provinces, each the union of its kab/kota (the first two digits of the
  code), simplified for a national map (about 3 km: one pixel of a 1,200 px wide Indonesia);
- kabkota.json: the 514 kab/kota with the detail a province map needs (about 400 m).

Each level is simplified as a *coverage* (`shapely.coverage_simplify`), so two neighbours keep
one shared edge and no gap or overlap opens between them. Coordinates are pre-projected to
integers (x = longitude, y = -latitude, in units of `unit` degrees; near the equator the plain
equirectangular projection distorts Indonesia by less than 2 %) and every area is stored as a
ready SVG path in relative moves ("M x y l dx dy …z"), so the runtime draws without any
geometry code. Islands smaller than about a pixel at the level's scale are dropped, but each area
keeps at least its largest part.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import shapely
from shapely import STRtree
from shapely.geometry import MultiPolygon, Polygon, shape

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "boundaries" / "kabupaten-kota.geojson"
TARGET = ROOT / "pokja" / "maps" / "data"

# (file, unit in degrees per integer step, simplification tolerance, smallest island kept in
# square degrees)
# How far an area may grow to fill the source's gaps (degrees; about 200 m).
GAP = 0.002
LEVELS = {
    "provinces": (0.01, 0.03, 0.0016),
    "kabkota": (0.001, 0.004, 0.00002),
}


def _polygons(geometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [g for part in getattr(geometry, "geoms", []) for g in _polygons(part)]


def _ring_path(coords, unit: float) -> str:
    """One ring as "M x y l dx dy …z" in integer units, repeated points dropped."""
    points = []
    for lon, lat in coords[:-1]:
        point = (round(lon / unit), round(-lat / unit))
        if not points or point != points[-1]:
            points.append(point)
    while len(points) > 1 and points[-1] == points[0]:
        points.pop()
    if len(points) < 3:
        return ""
    x, y = points[0]
    steps = []
    for px, py in points[1:]:
        steps.append(f"{px - x} {py - y}")
        x, y = px, py
    return f"M{points[0][0]} {points[0][1]}l{' '.join(steps)}z".replace(" -", "-")


def _area_entry(geometry, unit: float, smallest: float) -> dict:
    polygons = sorted(_polygons(geometry), key=lambda p: p.area, reverse=True)
    kept = [p for i, p in enumerate(polygons) if i == 0 or p.area >= smallest]
    rings = []
    for polygon in kept:
        rings.append(_ring_path(polygon.exterior.coords, unit))
        rings.extend(_ring_path(hole.coords, unit) for hole in polygon.interiors)
    minx, miny, maxx, maxy = MultiPolygon(kept).bounds
    bbox = [round(minx / unit), round(-maxy / unit), round(maxx / unit), round(-miny / unit)]
    return {"bbox": bbox, "d": "".join(r for r in rings if r)}


def _write(name: str, geometries: dict[str, object]) -> int:
    unit, tolerance, smallest = LEVELS[name]
    codes = sorted(geometries)
    simplified = shapely.coverage_simplify(
        [geometries[c] for c in codes], tolerance, simplify_boundary=True
    )
    areas = {c: _area_entry(g, unit, smallest) for c, g in zip(codes, simplified, strict=True)}
    document = {"unit": unit, "areas": areas}
    path = TARGET / f"{name}.json"
    path.write_text(json.dumps(document, separators=(",", ":"), sort_keys=True) + "\n")
    return path.stat().st_size


def clean_coverage(areas: dict[str, object]) -> dict[str, object]:
    """The source's kab/kota were simplified one by one, so neighbours leave hairline gaps and
    overlaps (480 of 514 have such edges), which a coverage simplification would widen into
    visible slivers. Each area grows by GAP into the gaps around it, without entering its
    neighbours' ground or what an earlier area already took: a clean partition, whose shared
    edges then stay shared."""
    codes = sorted(areas)
    originals = [areas[c] for c in codes]
    tree = STRtree(originals)
    result: dict[str, object] = {}
    for i, code in enumerate(codes):
        grown = originals[i].buffer(GAP, join_style="mitre")
        near = [int(j) for j in tree.query(grown) if j != i]
        neighbours = shapely.unary_union([originals[j] for j in near])
        earlier = shapely.unary_union([result[codes[j]] for j in near if j < i])
        cell = grown.difference(neighbours).union(originals[i]).difference(earlier)
        result[code] = shapely.make_valid(cell)
    return result


def main(source: Path = SOURCE) -> None:
    features = json.loads(source.read_text())["features"]
    kabkota = {f["properties"]["code"]: shapely.make_valid(shape(f["geometry"])) for f in features}
    kabkota = clean_coverage(kabkota)
    by_province = defaultdict(list)
    for code, geometry in kabkota.items():
        by_province[code[:2]].append(geometry)
    provinces = {code: shapely.unary_union(parts) for code, parts in by_province.items()}
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, geometries in (("provinces", provinces), ("kabkota", kabkota)):
        size = _write(name, geometries)
        print(f"{name}.json: {len(geometries)} areas, {size / 1024:.0f} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
