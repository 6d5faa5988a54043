"""Makes data/map/vietnam.json: Vietnam's outline and its provinces' centres, for the stats
view's map.

Sources:
- the outline: Natural Earth 1:50m admin 0 countries (public domain), as TopoJSON in the npm
  package world-atlas 2.0.2 (ISC licence, Mike Bostock), file countries-50m.json;
- the centres: vietnamadminunits 1.0.4 (PyPI, MIT, see data/places/LICENSE-vietnamadminunits),
  parser_legacy.json (the 63 provinces before 1 July 2025) and parser_from_2025.json (the 34
  after), fields provinceShort, provinceLat, provinceLon.

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    pip download --no-deps vietnamadminunits==1.0.4
    python3 data/map/derive.py /tmp/package/countries-50m.json /tmp/vietnamadminunits-1.0.4-py3-none-any.whl
"""

import json
import sys
import zipfile


def decode_arcs(topo):
    scale = topo["transform"]["scale"]
    translate = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring(arcs, indices):
    points = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def simplify(points, tolerance):
    """Douglas-Peucker."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
    far, at = 0.0, 0
    for i, (x, y) in enumerate(points[1:-1], 1):
        d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
        if d > far:
            far, at = d, i
    if far <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: at + 1], tolerance)[:-1] + simplify(points[at:], tolerance)


def main(countries, wheel):
    topo = json.load(open(countries))
    arcs = decode_arcs(topo)
    geometries = topo["objects"]["countries"]["geometries"]
    vn = next(g for g in geometries if g.get("properties", {}).get("name") == "Vietnam")
    polygons = vn["arcs"] if vn["type"] == "MultiPolygon" else [vn["arcs"]]
    rings = []
    for polygon in polygons:
        points = ring(arcs, polygon[0])
        # A closed ring: simplify its two halves, so no segment starts and ends on one point.
        half = len(points) // 2
        outer = simplify(points[: half + 1], 0.03)[:-1] + simplify(points[half:], 0.03)
        if len(outer) >= 3:
            rings.append([[round(x, 3), round(y, 3)] for x, y in outer])
    z = zipfile.ZipFile(wheel)
    centres = {}
    # The 63 provinces before 2025 last: their centres are where the data's places are.
    for name in ["parser_from_2025.json", "parser_legacy.json"]:
        data = json.loads(z.read("vietnamadminunits/data/" + name))
        for p in data["DICT_PROVINCE"].values():
            centres[p["provinceShort"]] = [round(p["provinceLon"], 3), round(p["provinceLat"], 3)]
    out = {
        "source": {
            "outline": "Natural Earth 1:50m admin 0 countries (public domain), via the npm package "
            "world-atlas 2.0.2 (ISC), countries-50m.json; simplified (Douglas-Peucker, 0.03 degrees)",
            "centres": "vietnamadminunits 1.0.4 (PyPI, MIT; see data/places/LICENSE-vietnamadminunits), "
            "parser_legacy.json and parser_from_2025.json",
        },
        "rings": rings,
        "provinces": dict(sorted(centres.items())),
    }
    with open("data/map/vietnam.json", "w") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(len(rings), "rings,", sum(len(r) for r in rings), "points,", len(centres), "centres")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
