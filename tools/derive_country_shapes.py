"""Derive offline country shapes and representative points from Natural Earth (world-atlas).

Reads `countries-50m.json` (TopoJSON, Natural Earth 1:50m Admin 0 countries) from an extracted
npm package `world-atlas@2` (`npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz`, then
pass `--source package`) and writes:

- `static/geo/countries.geojson`: one feature per country, properties `iso2`, `iso3`, `name`;
- `static/geo/eu.geojson`: one MultiPolygon feature made of the 27 EU member states' polygons;
- `data/reference/country_geo.csv`: `iso2,iso3,numeric,latitude,longitude` per coded feature,
  plus EU and NATO.

Numeric ISO 3166-1 ids are mapped to alpha-2/alpha-3 codes with the committed table
`data/reference/iso3166_codes.csv` (regenerate it with `--refresh-codes`, which needs the
`pycountry` package; nothing else here needs more than the standard library).

Arcs are decoded and simplified (Douglas-Peucker, per arc, so that neighbours keep identical
borders), coordinates are rounded, rings are oriented as RFC 7946 asks (exterior
counter-clockwise) and any ring that crosses the antimeridian is cut at ±180° into pieces that
each stay within [-180, 180], so that a flat (Web Mercator) deck.gl view never draws an edge
across the whole map. Antarctica is dropped (not a country; it wraps around the pole).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
TOPOLOGY_FILE = "countries-50m.json"
CODES_CSV = Path("data") / "reference" / "iso3166_codes.csv"
COUNTRIES_GEOJSON = Path("static") / "geo" / "countries.geojson"
EU_GEOJSON = Path("static") / "geo" / "eu.geojson"
POINTS_CSV = Path("data") / "reference" / "country_geo.csv"

EU_MEMBERS = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    }
)
# Box that holds the member states' European territory (leaves out the outermost regions).
EUROPE_BOX = (-25.0, 34.0, 45.0, 72.0)  # lon_min, lat_min, lon_max, lat_max
NATO_POINT = (50.88, 4.42)  # NATO headquarters, Brussels (lat, lon)
DROPPED_NUMERIC = frozenset({"010"})  # Antarctica
DEFAULT_TOLERANCE = 0.02  # degrees, Douglas-Peucker
DEFAULT_DECIMALS = 3
MAX_GEOJSON_BYTES = 1_200_000

Point = tuple[float, float]  # (lon, lat)
Ring = list[Point]
Polygon = list[Ring]  # exterior first, then holes


class DerivationError(Exception):
    """The source does not have the expected shape."""


# --------------------------------------------------------------------------- TopoJSON decoding


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Decode the (quantized, delta-encoded) arcs of a topology into absolute lon/lat."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points: list[Point] = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def stitch_ring(indices: Sequence[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """Join arcs (negative index = arc ~index reversed) into one ring, dropping shared ends."""
    ring: Ring = []
    for index in indices:
        arc = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        if ring and arc and ring[-1] == arc[0]:
            arc = arc[1:]
        ring.extend(arc)
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


def geometry_polygons(geometry: dict, arcs: Sequence[Sequence[Point]]) -> list[Polygon]:
    """The polygons (lists of rings) of a TopoJSON Polygon or MultiPolygon geometry."""
    kind = geometry.get("type")
    if kind == "Polygon":
        parts = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        parts = geometry["arcs"]
    elif kind is None:
        return []
    else:
        raise DerivationError(f"unexpected geometry type {kind!r}")
    return [[stitch_ring(ring, arcs) for ring in polygon] for polygon in parts]


# --------------------------------------------------------------------------- simplification


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    """Distance (degrees) from p to the segment a-b."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy
    if length2 == 0.0:
        return math.hypot(p[0] - ax, p[1] - ay)
    t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2))
    return math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy))


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker simplification keeping both ends (closed arcs: also the farthest point)."""
    n = len(points)
    if n <= 2 or tolerance <= 0:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    if points[0] == points[-1]:
        far = max(
            range(n),
            key=lambda i: math.hypot(points[i][0] - points[0][0], points[i][1] - points[0][1]),
        )
        keep[far] = True
        stack = [(0, far), (far, n - 1)]
    else:
        stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        best, best_index = 0.0, -1
        for i in range(first + 1, last):
            distance = _segment_distance(points[i], points[first], points[last])
            if distance > best:
                best, best_index = distance, i
        if best_index >= 0 and best > tolerance:
            keep[best_index] = True
            stack.extend([(first, best_index), (best_index, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def round_arc(points: Iterable[Point], decimals: int) -> list[Point]:
    """Round coordinates and drop consecutive duplicates."""
    out: list[Point] = []
    for lon, lat in points:
        p = (round(lon, decimals) + 0.0, round(lat, decimals) + 0.0)
        if not out or out[-1] != p:
            out.append(p)
    return out


# --------------------------------------------------------------------------- planar geometry


def ring_area(ring: Sequence[Point]) -> float:
    """Signed shoelace area in square degrees (positive = counter-clockwise)."""
    total = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        total += x0 * y1 - x1 * y0
    return total / 2.0


def ring_centroid(ring: Sequence[Point]) -> Point:
    """Area centroid of a closed ring (falls back to the vertex mean for degenerate rings)."""
    area2 = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area2 += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area2 == 0.0:
        xs, ys = zip(*ring, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    return cx / (3.0 * area2), cy / (3.0 * area2)


def polygon_area_km_weighted(polygon: Polygon) -> float:
    """Approximate true size: planar area of the exterior minus holes, times cos(latitude)."""
    exterior = polygon[0]
    area = abs(ring_area(exterior)) - sum(abs(ring_area(hole)) for hole in polygon[1:])
    return area * math.cos(math.radians(ring_centroid(exterior)[1]))


def point_in_ring(point: Point, ring: Sequence[Point]) -> bool:
    """Even-odd ray casting."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def point_in_polygon(point: Point, polygon: Polygon) -> bool:
    """Inside the exterior and outside every hole."""
    return point_in_ring(point, polygon[0]) and not any(
        point_in_ring(point, hole) for hole in polygon[1:]
    )


def representative_point(polygon: Polygon) -> Point:
    """The exterior's centroid if it lies inside, else the middle of the widest inner chord.

    Chords are horizontal lines through the centroid and through evenly spaced latitudes.
    """
    centroid = ring_centroid(polygon[0])
    if point_in_polygon(centroid, polygon):
        return centroid
    ys = [y for _, y in polygon[0]]
    y_min, y_max = min(ys), max(ys)
    # The centroid's latitude is preferred (factor 1.5) unless another chord is much wider.
    candidates = [(centroid[1], 1.5)] + [
        (y_min + (y_max - y_min) * k / 32, 1.0) for k in range(1, 32)
    ]
    best: tuple[float, Point] | None = None
    for latitude, preference in candidates:
        y = latitude + 1e-7  # avoid passing exactly through vertices
        crossings = sorted(
            x0 + (y - y0) * (x1 - x0) / (y1 - y0)
            for ring in polygon
            for (x0, y0), (x1, y1) in pairwise(ring)
            if (y0 > y) != (y1 > y)
        )
        for left, right in zip(crossings[::2], crossings[1::2], strict=False):
            weight = (right - left) * preference
            if best is None or weight > best[0]:
                best = (weight, ((left + right) / 2, y))
    if best is None:
        raise DerivationError("no interior point found")
    return best[1]


# --------------------------------------------------------------------------- antimeridian


def _clip_half_plane(ring: Ring, x_limit: float, keep_below: bool) -> Ring:
    """Sutherland-Hodgman clip of a closed ring against x <= x_limit (or x >= x_limit)."""

    def inside(p: Point) -> bool:
        return p[0] <= x_limit if keep_below else p[0] >= x_limit

    out: Ring = []
    for a, b in pairwise(ring):
        if inside(b):
            if not inside(a):
                out.append(_cross_meridian(a, b, x_limit))
            out.append(b)
        elif inside(a):
            out.append(_cross_meridian(a, b, x_limit))
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _cross_meridian(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def unwrap_ring(ring: Ring) -> Ring:
    """Make longitudes continuous: a step of more than 180° is taken the short way round."""
    out: Ring = [ring[0]]
    offset = 0.0
    for (x0, _), (x1, y1) in pairwise(ring):
        step = x1 - x0
        if step > 180:
            offset -= 360
        elif step < -180:
            offset += 360
        out.append((x1 + offset, y1))
    if abs(out[-1][0] - out[0][0]) > 1e-9:
        raise DerivationError("ring winds around a pole; cannot split it at the antimeridian")
    return out


def split_polygon_at_antimeridian(polygon: Polygon) -> list[Polygon]:
    """Cut a polygon whose rings jump across ±180° into pieces that each stay in [-180, 180]."""
    rings = [unwrap_ring(ring) for ring in polygon]
    xs = [x for ring in rings for x, _ in ring]
    if min(xs) >= -180 and max(xs) <= 180:
        return [polygon] if rings == polygon else [rings]
    pieces: list[Polygon] = []
    for shift in range(math.floor((min(xs) + 180) / 360), math.ceil((max(xs) - 180) / 360) + 1):
        low, high = -180 + 360 * shift, 180 + 360 * shift
        piece: Polygon = []
        for index, ring in enumerate(rings):
            clipped = _clip_half_plane(_clip_half_plane(ring, high, True), low, False)
            clipped = [(x - 360 * shift, y) for x, y in clipped]
            if len(clipped) >= 4 and ring_area(clipped) != 0:
                piece.append(clipped)
            elif index == 0:
                break  # no exterior in this window
        if piece:
            pieces.append(piece)
    return pieces


def ring_longitude_span(ring: Sequence[Point]) -> float:
    """Extent in longitude of a ring as written (no unwrapping)."""
    xs = [x for x, _ in ring]
    return max(xs) - min(xs)


# --------------------------------------------------------------------------- derivation


def load_codes(path: Path) -> dict[str, dict[str, str]]:
    """The committed ISO 3166-1 table, keyed by the three-digit numeric code."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["numeric"]: row for row in csv.DictReader(handle)}


def refresh_codes(path: Path) -> None:
    """Regenerate the ISO 3166-1 code table from pycountry (one-off; needs `pip install pycountry`)."""
    import pycountry  # optional: only this one-off step needs it

    rows = sorted(
        (
            country.alpha_2,
            country.alpha_3,
            country.numeric,
            getattr(country, "common_name", None) or country.name,
        )
        for country in pycountry.countries
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["iso2", "iso3", "numeric", "name"])
        writer.writerows(rows)
    print(f"wrote {path} ({len(rows)} rows)")


def clean_polygon(polygon: Polygon, decimals: int) -> Polygon | None:
    """Round, drop degenerate holes, orient (RFC 7946); None if the exterior collapsed."""
    out: Polygon = []
    for index, ring in enumerate(polygon):
        rounded = round_arc(ring, decimals)
        if len(rounded) > 1 and rounded[0] != rounded[-1]:
            rounded.append(rounded[0])
        area = ring_area(rounded) if len(rounded) >= 4 else 0.0
        if area == 0.0:
            if index == 0:
                return None
            continue
        if (index == 0) != (area > 0):
            rounded.reverse()
        out.append(rounded)
    return out


def build_features(
    topology: dict, codes: dict[str, dict[str, str]], tolerance: float, decimals: int
) -> list[dict]:
    """Countries as {'iso2', 'iso3', 'numeric', 'name', 'polygons'} dicts, merged by code."""
    raw_arcs = decode_arcs(topology)
    simple_arcs = [douglas_peucker(arc, tolerance) for arc in raw_arcs]
    by_key: dict[str, dict] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        name = geometry.get("properties", {}).get("name", "")
        if numeric in DROPPED_NUMERIC:
            continue
        code = codes.get(numeric) if numeric else None
        if numeric and code is None:
            raise DerivationError(f"numeric code {numeric} ({name}) is not in {CODES_CSV}")
        polygons: list[Polygon] = []
        for simple, raw in zip(
            geometry_polygons(geometry, simple_arcs),
            geometry_polygons(geometry, raw_arcs),
            strict=True,
        ):
            # Small islands that collapse once simplified keep their unsimplified outline.
            cleaned = clean_polygon(simple, decimals) or clean_polygon(raw, decimals)
            if cleaned is None:
                continue
            for piece in split_polygon_at_antimeridian(cleaned):
                piece = clean_polygon(piece, decimals)
                if piece is not None:
                    polygons.append(piece)
        if not polygons:
            raise DerivationError(f"{name} has no polygon left after simplification")
        key = code["iso2"] if code else f"~{name}"
        feature = by_key.setdefault(
            key,
            {
                "iso2": code["iso2"] if code else None,
                "iso3": code["iso3"] if code else None,
                "numeric": numeric if code else None,
                "name": code["name"] if code else name,
                "polygons": [],
            },
        )
        feature["polygons"].extend(polygons)
    return sorted(by_key.values(), key=lambda f: (f["iso2"] is None, f["iso2"] or "", f["name"]))


def geometry_json(polygons: list[Polygon]) -> dict:
    """A GeoJSON Polygon (one part) or MultiPolygon."""
    coordinates = [[[list(p) for p in ring] for ring in polygon] for polygon in polygons]
    if len(coordinates) == 1:
        return {"type": "Polygon", "coordinates": coordinates[0]}
    return {"type": "MultiPolygon", "coordinates": coordinates}


def feature_collection_text(features: Iterable[dict]) -> str:
    """Compact GeoJSON, one feature per line."""
    lines = [
        json.dumps(
            {"type": "Feature", "properties": properties, "geometry": geometry},
            separators=(",", ":"),
            ensure_ascii=False,
        )
        for properties, geometry in features
    ]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def largest_polygon(polygons: list[Polygon]) -> Polygon:
    """The polygon with the largest (latitude-corrected) area."""
    return max(polygons, key=polygon_area_km_weighted)


def eu_point(eu_polygons: list[Polygon]) -> Point:
    """Area-weighted centroid of the member states' polygons in Europe (inside the EU)."""
    lon_min, lat_min, lon_max, lat_max = EUROPE_BOX
    total = sx = sy = 0.0
    for polygon in eu_polygons:
        x, y = ring_centroid(polygon[0])
        if lon_min <= x <= lon_max and lat_min <= y <= lat_max:
            weight = polygon_area_km_weighted(polygon)
            total += weight
            sx += weight * x
            sy += weight * y
    point = (sx / total, sy / total)
    if not any(point_in_polygon(point, polygon) for polygon in eu_polygons):
        raise DerivationError(f"EU point {point} is outside every member state")
    return point


def derive(source: Path, out_dir: Path, tolerance: float, decimals: int) -> None:
    """Write the GeoJSON files and the points table."""
    topology = json.loads((source / TOPOLOGY_FILE).read_text(encoding="utf-8"))
    codes = load_codes(out_dir / CODES_CSV)
    features = build_features(topology, codes, tolerance, decimals)

    present = {f["iso2"] for f in features}
    missing = sorted(EU_MEMBERS - present)
    if missing:
        raise DerivationError(f"EU members without a shape: {missing}")

    countries_text = feature_collection_text(
        ({"iso2": f["iso2"], "iso3": f["iso3"], "name": f["name"]}, geometry_json(f["polygons"]))
        for f in features
    )
    size = len(countries_text.encode("utf-8"))
    if size > MAX_GEOJSON_BYTES:
        raise DerivationError(f"countries.geojson would be {size} bytes (> {MAX_GEOJSON_BYTES})")
    eu_polygons = [p for f in features if f["iso2"] in EU_MEMBERS for p in f["polygons"]]
    eu_text = feature_collection_text(
        [({"iso2": "EU", "name": "European Union"}, geometry_json(eu_polygons))]
    )

    rows: list[list[str]] = []
    for feature in features:
        if feature["iso2"] is None:
            continue
        lon, lat = representative_point(largest_polygon(feature["polygons"]))
        rows.append([feature["iso2"], feature["iso3"], feature["numeric"], fmt(lat), fmt(lon)])
    lon, lat = eu_point(eu_polygons)
    rows.append(["EU", "", "", fmt(lat), fmt(lon)])
    rows.append(["NATO", "", "", fmt(NATO_POINT[0]), fmt(NATO_POINT[1])])
    rows.sort(key=lambda row: row[0])

    for relative, text in ((COUNTRIES_GEOJSON, countries_text), (EU_GEOJSON, eu_text)):
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {path} ({len(text.encode('utf-8'))} bytes)")
    path = out_dir / POINTS_CSV
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["iso2", "iso3", "numeric", "latitude", "longitude"])
        writer.writerows(rows)
    uncoded = [f["name"] for f in features if f["iso2"] is None]
    print(f"wrote {path} ({len(rows)} rows); {len(features)} features, no ISO code: {uncoded}")


def fmt(value: float) -> str:
    """Three decimals at most, without trailing zeros."""
    return f"{round(value, 3) + 0.0:.3f}".rstrip("0").rstrip(".")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--source", type=Path, help="extracted world-atlas npm package folder (holds *-50m.json)"
    )
    parser.add_argument("--out-dir", type=Path, default=REPO_ROOT, help="repository root")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE, help="degrees")
    parser.add_argument("--decimals", type=int, default=DEFAULT_DECIMALS)
    parser.add_argument(
        "--refresh-codes",
        action="store_true",
        help=f"regenerate {CODES_CSV} from pycountry first (needs pycountry installed)",
    )
    args = parser.parse_args(argv)
    try:
        if args.refresh_codes:
            refresh_codes(args.out_dir / CODES_CSV)
        if args.source is not None:
            derive(args.source, args.out_dir, args.tolerance, args.decimals)
        elif not args.refresh_codes:
            parser.error("--source is required")
    except (DerivationError, OSError, KeyError, ValueError) as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
