"""Tests for the offline country shapes (static/geo/*.geojson) and points (country_geo.csv)."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from functools import cache
from itertools import pairwise
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
COUNTRIES_GEOJSON = ROOT / "static" / "geo" / "countries.geojson"
EU_GEOJSON = ROOT / "static" / "geo" / "eu.geojson"
POINTS_CSV = ROOT / "data" / "reference" / "country_geo.csv"
CODES_CSV = ROOT / "data" / "reference" / "iso3166_codes.csv"
TOOL = ROOT / "tools" / "derive_country_shapes.py"

MAX_BYTES = 1_200_000
RRM_COUNTRIES = ["CA", "FR", "DE", "IT", "JP", "GB", "US", "AU", "NZ", "NL", "SE"]
EU_MEMBERS = {
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
# (lat_min, lat_max, lon_min, lon_max) of the main territory.
EXPECTED_BOXES = {
    "CA": (42.0, 83.5, -141.5, -52.0),
    "FR": (41.0, 51.5, -5.5, 10.0),
    "JP": (30.0, 45.6, 129.0, 146.0),
    "US": (24.5, 49.5, -125.0, -66.5),
    "AU": (-39.5, -10.5, 113.0, 154.0),
    "NZ": (-47.5, -34.0, 166.0, 179.0),
    "NL": (50.7, 53.6, 3.3, 7.3),
    "DE": (47.2, 55.1, 5.8, 15.1),
    "GB": (49.9, 59.0, -8.2, 1.8),
    "IT": (36.6, 47.1, 6.6, 18.6),
    "SE": (55.3, 69.1, 11.0, 24.2),
    "EU": (35.0, 70.0, -10.0, 35.0),
}


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def countries() -> dict:
    return _read_json(COUNTRIES_GEOJSON)


@cache
def eu() -> dict:
    return _read_json(EU_GEOJSON)


@cache
def points() -> list[dict[str, str]]:
    with POINTS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def polygons_of(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def features_by_iso2() -> dict[str, dict]:
    return {f["properties"]["iso2"]: f for f in countries()["features"]}


def point_in_ring(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def point_in_geometry(lon: float, lat: float, geometry: dict) -> bool:
    return any(
        point_in_ring(lon, lat, polygon[0])
        and not any(point_in_ring(lon, lat, hole) for hole in polygon[1:])
        for polygon in polygons_of(geometry)
    )


def check_geometry(geometry: dict, label: str) -> None:
    assert geometry["type"] in {"Polygon", "MultiPolygon"}, label
    polygons = polygons_of(geometry)
    assert polygons, label
    for polygon in polygons:
        assert polygon, label
        for ring in polygon:
            assert len(ring) >= 4, f"{label}: ring with {len(ring)} positions"
            assert ring[0] == ring[-1], f"{label}: ring not closed"
            for position in ring:
                assert len(position) == 2, label
                lon, lat = position
                assert isinstance(lon, int | float) and isinstance(lat, int | float), label
                assert -180 <= lon <= 180 and -90 <= lat <= 90, f"{label}: {position}"
            lons = [lon for lon, _ in ring]
            # Antimeridian handling: a ring spanning more than half the world would smear.
            assert max(lons) - min(lons) <= 180, f"{label}: ring spans {max(lons) - min(lons)}°"


def test_files_exist_and_sizes() -> None:
    for path in (COUNTRIES_GEOJSON, EU_GEOJSON, POINTS_CSV, CODES_CSV):
        assert path.is_file(), path
    assert COUNTRIES_GEOJSON.stat().st_size <= MAX_BYTES
    assert EU_GEOJSON.stat().st_size <= MAX_BYTES


def test_countries_geojson_is_valid() -> None:
    collection = countries()
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) > 200
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        properties = feature["properties"]
        assert set(properties) == {"iso2", "iso3", "name"}
        assert properties["name"], properties
        if properties["iso2"] is None:
            assert properties["iso3"] is None
        else:
            assert re.fullmatch(r"[A-Z]{2}", properties["iso2"]), properties
            assert re.fullmatch(r"[A-Z]{3}", properties["iso3"]), properties
        check_geometry(feature["geometry"], properties["name"])


def test_iso2_codes_are_unique() -> None:
    codes = [f["properties"]["iso2"] for f in countries()["features"]]
    coded = [code for code in codes if code is not None]
    assert len(coded) == len(set(coded))
    iso2s = [row["iso2"] for row in points()]
    assert len(iso2s) == len(set(iso2s))


def test_codes_agree_with_iso3166_table() -> None:
    with CODES_CSV.open(encoding="utf-8", newline="") as handle:
        table = {row["iso2"]: row for row in csv.DictReader(handle)}
    assert len(table) == 249
    for feature in countries()["features"]:
        iso2 = feature["properties"]["iso2"]
        if iso2 is not None:
            assert table[iso2]["iso3"] == feature["properties"]["iso3"], iso2
    for row in points():
        if row["iso2"] not in {"EU", "NATO"}:
            assert table[row["iso2"]]["iso3"] == row["iso3"], row
            assert table[row["iso2"]]["numeric"] == row["numeric"], row


def test_rrm_members_and_observers_have_shapes() -> None:
    by_iso2 = features_by_iso2()
    for code in RRM_COUNTRIES:
        assert code in by_iso2, code
    assert set(by_iso2) >= EU_MEMBERS
    assert "NATO" not in by_iso2


def test_eu_geojson_is_the_member_states_polygons() -> None:
    collection = eu()
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 1
    feature = collection["features"][0]
    assert feature["type"] == "Feature"
    assert feature["properties"] == {"iso2": "EU", "name": "European Union"}
    assert feature["geometry"]["type"] == "MultiPolygon"
    check_geometry(feature["geometry"], "EU")
    by_iso2 = features_by_iso2()
    members = [p for code in sorted(EU_MEMBERS) for p in polygons_of(by_iso2[code]["geometry"])]
    assert sorted(map(json.dumps, feature["geometry"]["coordinates"])) == sorted(
        map(json.dumps, members)
    )


def test_points_table_format() -> None:
    raw = POINTS_CSV.read_bytes()
    assert b"\r" not in raw
    assert raw.endswith(b"\n")
    assert raw.decode("utf-8").splitlines()[0] == "iso2,iso3,numeric,latitude,longitude"
    rows = points()
    assert [row["iso2"] for row in rows] == sorted(row["iso2"] for row in rows)
    for row in rows:
        lat, lon = float(row["latitude"]), float(row["longitude"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, row
        if row["iso2"] in {"EU", "NATO"}:
            assert row["iso3"] == "" and row["numeric"] == "", row
        else:
            assert re.fullmatch(r"\d{3}", row["numeric"]), row


def test_every_coded_feature_has_a_point() -> None:
    coded = {f["properties"]["iso2"] for f in countries()["features"]} - {None}
    assert {row["iso2"] for row in points()} == coded | {"EU", "NATO"}


def test_rrm_points_and_nato() -> None:
    by_iso2 = {row["iso2"]: row for row in points()}
    for code in [*RRM_COUNTRIES, "EU", "NATO"]:
        assert code in by_iso2, code
    assert (float(by_iso2["NATO"]["latitude"]), float(by_iso2["NATO"]["longitude"])) == (
        50.88,
        4.42,
    )


@pytest.mark.parametrize("code", sorted(EXPECTED_BOXES))
def test_point_in_expected_box(code: str) -> None:
    row = {r["iso2"]: r for r in points()}[code]
    lat, lon = float(row["latitude"]), float(row["longitude"])
    lat_min, lat_max, lon_min, lon_max = EXPECTED_BOXES[code]
    assert lat_min <= lat <= lat_max and lon_min <= lon <= lon_max, (code, lat, lon)


def test_points_lie_inside_their_shapes() -> None:
    by_iso2 = features_by_iso2()
    eu_geometry = eu()["features"][0]["geometry"]
    for row in points():
        lat, lon = float(row["latitude"]), float(row["longitude"])
        if row["iso2"] == "NATO":
            continue
        geometry = eu_geometry if row["iso2"] == "EU" else by_iso2[row["iso2"]]["geometry"]
        assert point_in_geometry(lon, lat, geometry), row


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("derive_country_shapes", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_antimeridian_split() -> None:
    tool = load_tool()
    # A square from 170°E to 170°W, written with the jump across ±180°.
    square = [(170.0, 0.0), (-170.0, 0.0), (-170.0, 10.0), (170.0, 10.0), (170.0, 0.0)]
    pieces = tool.split_polygon_at_antimeridian([square])
    assert len(pieces) == 2
    spans = sorted((min(x for x, _ in p[0]), max(x for x, _ in p[0])) for p in pieces)
    assert spans == [(-180.0, -170.0), (170.0, 180.0)]
    # A ring that does not cross is returned unchanged.
    inside = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 0.0)]
    assert tool.split_polygon_at_antimeridian([inside]) == [[inside]]
