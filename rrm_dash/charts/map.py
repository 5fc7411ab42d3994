"""Map view: a pydeck map of targeted countries and of incident locations in grid cells, offline."""

from __future__ import annotations

import bisect
import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pydeck as pdk

from rrm_dash import PROJECT_DIR
from rrm_dash.charts.spec import figure
from rrm_dash.charts.theme import NEUTRAL, base_layout
from rrm_dash.i18n.formatting import number

GEO_DIR = PROJECT_DIR / "static" / "geo"
#: Served by Streamlit's static file serving (.streamlit/config.toml): fetched from the app itself.
BASEMAP_URL = "/app/static/geo/countries.geojson"
EU_OUTLINE_URL = "/app/static/geo/eu.geojson"
#: Countries drawn as shapes (the busiest); any further targeted country is drawn as a point.
MAX_SHAPES = 40
#: Douglas-Peucker tolerance (degrees) of the shapes shipped with each run: finer than a pixel
#: at world zoom; the basemap's full-resolution borders are drawn over them.
SIMPLIFY_DEGREES = 0.15
CLASS_COUNT = 5
LAYER_COUNTRIES, LAYER_GROUPINGS, LAYER_BINS = "targeted_countries", "targeted_groupings", "bins"
#: Streamlit's frontend treats a missing map style as "use Carto's tiles" (a request to the
#: internet); this value, which it reads as "no basemap at all", keeps the map offline.
NO_BASEMAP = "__MAP_STYLE__"
#: Sizes in screen pixels (quoted: pydeck would read a bare string as a data accessor).
PIXELS = {"radius_units": '"pixels"', "line_width_units": '"pixels"'}
TOOLTIP = {"html": "<b>{name}</b><br/>{detail}"}
RGBA = list[int]


class CompactDeck(pdk.Deck):  # type: ignore[misc]
    """A Deck whose JSON has no indentation: pydeck's pretty-printing would triple the payload."""

    def to_json(self) -> str:
        return json.dumps(json.loads(super().to_json()), separators=(",", ":"))


@dataclass(frozen=True)
class MapLabels:
    """Translated words of the map; `{count}` and `{place}` are filled in by the builder."""

    targeted: str
    not_filterable: str
    located: str
    around: str
    unnamed_place: str


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _tint(hex_colour: str, strength: float, alpha: int = 255) -> RGBA:
    """`hex_colour` laid over white at `strength` (0 white … 1 the colour itself)."""
    return [round(255 - (255 - c) * strength) for c in _rgb(hex_colour)] + [alpha]


#: The sequential hue of maps: Okabe-Ito blue (the app's primary colour), colour-blind safe.
#: Wanted in charts/theme.py as SEQUENTIAL_HUE; kept here until the theme has it.
SEQUENTIAL_HUE = "#0072B2"
#: One hue, light to strong: a sequential scale.
CLASS_COLOURS = [_tint(SEQUENTIAL_HUE, s) for s in (0.22, 0.4, 0.58, 0.79, 1.0)]
LAND = _tint(NEUTRAL, 0.14)
BORDER = [255, 255, 255, 255]
OUTLINE = _tint(NEUTRAL, 1.0)
EU_LINE = _tint(NEUTRAL, 1.0, alpha=150)
BIN_FILL = _tint(NEUTRAL, 1.0, alpha=140)


def class_breaks(counts: Sequence[int]) -> list[int]:
    """Lower bounds of the colour classes (first is 1): quantiles of the counts, distinct."""
    values = sorted(c for c in counts if c > 0)
    if not values:
        return [1]
    cuts = {values[int(len(values) * k / CLASS_COUNT)] for k in range(1, CLASS_COUNT)}
    return sorted({1} | {c for c in cuts if c > 1})


def class_colour(count: int, breaks: Sequence[int]) -> RGBA:
    index = bisect.bisect_right(breaks, count) - 1
    spread = CLASS_COUNT - len(breaks)  # with fewer classes, use the stronger end of the scale
    return CLASS_COLOURS[max(index, 0) + spread]


def class_ranges(breaks: Sequence[int], top: int, lang: str) -> list[tuple[str, RGBA]]:
    """Legend entries: ('1–3', colour), ('4–10', colour) … up to the largest count."""
    entries = []
    for index, low in enumerate(breaks):
        high = breaks[index + 1] - 1 if index + 1 < len(breaks) else max(top, low)
        text = number(low, lang) if low == high else f"{number(low, lang)}–{number(high, lang)}"
        entries.append((text, class_colour(low, breaks)))
    return entries


def _simplify(ring: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas-Peucker on one closed ring (iterative)."""
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = ring[first], ring[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5 or 1.0
        far, far_index = 0.0, -1
        for i in range(first + 1, last):
            x, y = ring[i]
            distance = abs(dy * (x - x1) - dx * (y - y1)) / norm if dx or dy else abs(x - x1)
            if distance > far:
                far, far_index = distance, i
        if far > tolerance:
            keep[far_index] = True
            stack += [(first, far_index), (far_index, last)]
    return [point for point, kept in zip(ring, keep, strict=True) if kept]


@functools.cache
def country_shapes() -> dict[str, dict[str, Any]]:
    """Simplified polygons by ISO alpha-2 code, from the shapes shipped in static/geo."""
    collection = json.loads((GEO_DIR / "countries.geojson").read_text(encoding="utf-8"))
    shapes: dict[str, dict[str, Any]] = {}
    for feature in collection["features"]:
        code, geometry = feature["properties"].get("iso2"), feature["geometry"]
        if not code:
            continue
        polygons = geometry["coordinates"]
        polygons = [polygons] if geometry["type"] == "Polygon" else polygons
        kept = []
        for polygon in polygons:
            rings = [_simplify(ring, SIMPLIFY_DEGREES) for ring in polygon]
            if len(rings[0]) >= 4:  # an island smaller than the tolerance is dropped
                kept.append([ring for ring in rings if len(ring) >= 4])
        if kept:
            shapes[code] = {"type": "MultiPolygon", "coordinates": kept}
    return shapes


def _country_detail(row: Mapping[str, Any], lang: str, labels: MapLabels) -> str:
    detail = labels.targeted.format(count=number(row["incidents"], lang))
    return detail if row["filterable"] else f"{detail} · {labels.not_filterable}"


def _bin_rows(bins: pl.DataFrame, lang: str, labels: MapLabels) -> list[dict[str, Any]]:
    top = max(bins["incidents"].max() or 1, 1) if bins.height else 1
    return [
        {
            "position": [round(row["longitude"], 3), round(row["latitude"], 3)],
            "radius": round(3 + 13 * (row["incidents"] / top) ** 0.5, 1),
            "name": labels.around.format(place=row["top_place"])
            if row["top_place"]
            else labels.unnamed_place,
            "detail": labels.located.format(count=number(row["incidents"], lang)),
        }
        for row in bins.iter_rows(named=True)
    ]


def _outline(url: str, layer_id: str, colour: RGBA, width: float) -> pdk.Layer:
    """Lines only, from a shape file the app serves: costs nothing in the page's payload."""
    return pdk.Layer(
        "GeoJsonLayer",
        url,
        id=layer_id,
        pickable=False,
        filled=False,
        stroked=True,
        get_line_color=colour,
        get_line_width=width,
        line_width_units='"pixels"',
    )


def targeted_map(
    countries: pl.DataFrame, bins: pl.DataFrame, lang: str, labels: MapLabels
) -> pdk.Deck:
    """The deck: grey land, targeted countries by class, groupings as points, incident cells."""
    breaks = class_breaks(countries["incidents"].to_list())
    shapes = country_shapes()
    features: list[dict[str, Any]] = []
    markers: list[dict[str, Any]] = []
    for row in countries.iter_rows(named=True):
        code = row["country_code"]
        properties = {
            "code": code,
            "name": row[f"name_{lang}"],
            "detail": _country_detail(row, lang, labels),
            "fill": class_colour(row["incidents"], breaks),
        }
        if code in shapes and len(features) < MAX_SHAPES:
            features.append({"type": "Feature", "geometry": shapes[code], "properties": properties})
            continue
        position = (row["longitude"], row["latitude"])  # the country table's representative point
        if None not in position:
            markers.append({**properties, "position": [round(p, 3) for p in position]})
    land = {"filled": True, "stroked": False, "get_fill_color": LAND}
    layers = [pdk.Layer("GeoJsonLayer", BASEMAP_URL, id="basemap", pickable=False, **land)]
    layers.append(
        pdk.Layer(
            "GeoJsonLayer",
            {"type": "FeatureCollection", "features": features},
            id=LAYER_COUNTRIES,
            pickable=True,
            auto_highlight=True,
            stroked=False,
            get_fill_color="properties.fill",
        )
    )
    layers.append(_outline(BASEMAP_URL, "borders", BORDER, 0.6))
    if "EU" in countries["country_code"].to_list():
        layers.append(_outline(EU_OUTLINE_URL, "eu_outline", EU_LINE, 1))
    dots: dict[str, Any] = {"pickable": True, "stroked": True, "get_position": "position"}
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            _bin_rows(bins, lang, labels),
            id=LAYER_BINS,
            get_radius="radius",
            get_fill_color=BIN_FILL,
            get_line_color=BORDER,
            get_line_width=1,
            **dots,
            **PIXELS,
        )
    )
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            markers,
            id=LAYER_GROUPINGS,
            auto_highlight=True,
            get_radius=11,
            get_fill_color="fill",
            get_line_color=OUTLINE,
            get_line_width=2,
            **dots,
            **PIXELS,
        )
    )
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(latitude=32, longitude=12, zoom=0.3),
        map_style=NO_BASEMAP,
        map_provider=None,
        tooltip=TOOLTIP,
    )


def legend_chart(countries: pl.DataFrame, lang: str, axis_title: str) -> go.Figure:
    """The colour scale as a row of labelled swatches (one per class)."""
    counts = countries["incidents"].to_list()
    entries = class_ranges(class_breaks(counts), max(counts, default=1), lang)
    bar = {
        "type": "bar",
        "x": [text for text, _ in entries],
        "y": [1] * len(entries),
        "marker": {"color": [f"rgb({c[0]},{c[1]},{c[2]})" for _, c in entries]},
        "hoverinfo": "skip",
    }
    layout = base_layout(
        height=110,
        bargap=0.05,
        margin={"l": 0, "r": 0, "t": 0},
        xaxis={"title": {"text": axis_title}, "type": "category"},
        yaxis={"visible": False},
    )
    return figure([bar], layout)


def top_countries_table(
    countries: pl.DataFrame, lang: str, columns: Mapping[str, str]
) -> pl.DataFrame:
    """Targeted countries, busiest first: name, incidents, whether it can be a filter."""
    return countries.select(
        pl.col(f"name_{lang}").alias(columns["country"]),
        pl.col("incidents").alias(columns["incidents"]),
        pl.when(pl.col("filterable"))
        .then(pl.lit(columns["yes"]))
        .otherwise(pl.lit(columns["no"]))
        .alias(columns["filterable"]),
    )
