"""The map builder: offline deck, countries by class, cells not points, payload within budget."""

from __future__ import annotations

import json
import re

import polars as pl

from rrm_dash.access import Principal, Role
from rrm_dash.charts import map as map_chart
from rrm_dash.filters import Filters
from rrm_dash.queries import map as map_queries
from rrm_dash.queries.runner import Source
from tests.conftest import TODAY

LABELS = map_chart.MapLabels(
    targeted="Targeted incidents: {count}",
    not_filterable="no filter",
    located="Incidents located here: {count}",
    around="Around {place}",
    unnamed_place="Place not named",
)
PAYLOAD_BUDGET = 500_000


#: Representative points as the warehouse's country table holds them (EU, NATO have no shape).
POINTS = {"EU": (49.832, 12.506), "NATO": (50.88, 4.42)}


def _countries(rows: list[tuple[str, int, bool]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "country_code": [code for code, _, _ in rows],
            "name_en": [f"Name {code}" for code, _, _ in rows],
            "name_fr": [f"Nom {code}" for code, _, _ in rows],
            "latitude": [POINTS.get(code, (None, None))[0] for code, _, _ in rows],
            "longitude": [POINTS.get(code, (None, None))[1] for code, _, _ in rows],
            "filterable": [filterable for _, _, filterable in rows],
            "incidents": [count for _, count, _ in rows],
        },
        schema_overrides={"latitude": pl.Float64, "longitude": pl.Float64},
    )


def _bins(count: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "cell": [0.5] * count,
            "latitude": [-89.75 + 0.5 * (i % 359) for i in range(count)],
            "longitude": [-179.75 + 0.5 * (i // 359) for i in range(count)],
            "incidents": [1000 - i % 1000 for i in range(count)],
            "top_place": [f"Place with a long name {i}" for i in range(count)],
        }
    )


def _layers(deck_json: str) -> dict[str, dict[str, object]]:
    return {layer["id"]: layer for layer in json.loads(deck_json)["layers"]}


def test_the_deck_fetches_nothing_from_outside() -> None:
    countries = _countries([("FR", 10, True), ("EU", 4, True), ("NATO", 2, True)])
    text = map_chart.targeted_map(countries, _bins(3), "en", LABELS).to_json()
    assert "http" not in text
    assert "mapbox" not in text.lower() and "carto" not in text.lower()
    urls = set(re.findall(r'"data":"([^"]+)"', text))
    assert urls == {map_chart.BASEMAP_URL, map_chart.EU_OUTLINE_URL}
    assert all(url.startswith("/app/static/") for url in urls)


def test_countries_are_coloured_by_class_and_groupings_are_points() -> None:
    countries = _countries(
        [("US", 100, True), ("FR", 10, True), ("EU", 40, True), ("BR", 1, False)]
    )
    layers = _layers(map_chart.targeted_map(countries, _bins(0), "fr", LABELS).to_json())
    assert list(layers) == [
        "basemap", "targeted_countries", "borders", "eu_outline", "bins", "targeted_groupings"
    ]  # fmt: skip
    features = layers["targeted_countries"]["data"]["features"]  # type: ignore[index]
    by_code = {feature["properties"]["code"]: feature["properties"] for feature in features}
    assert set(by_code) == {"US", "FR", "BR"}  # countries without incidents stay grey basemap
    assert by_code["US"]["name"] == "Nom US"
    assert by_code["US"]["fill"] == map_chart.CLASS_COLOURS[-1]
    assert by_code["BR"]["fill"] != by_code["US"]["fill"]
    assert "no filter" in by_code["BR"]["detail"] and "no filter" not in by_code["FR"]["detail"]
    points = {row["code"]: row for row in layers["targeted_groupings"]["data"]}  # type: ignore[attr-defined]
    assert set(points) == {"EU"}
    assert points["EU"]["position"] == [12.506, 49.832]


def test_class_colours_are_one_hue_getting_stronger() -> None:
    lightness = [sum(colour[:3]) for colour in map_chart.CLASS_COLOURS]
    assert lightness == sorted(lightness, reverse=True)
    assert map_chart.class_breaks([1, 2, 3, 50, 100]) == sorted(
        set(map_chart.class_breaks([1, 2, 3, 50, 100]))
    )
    breaks = map_chart.class_breaks([5])
    assert map_chart.class_colour(5, breaks) == map_chart.CLASS_COLOURS[-1]


def test_cells_are_drawn_with_a_radius_by_count_and_no_incident_ids(demo_source: Source) -> None:
    filters = Filters.default(TODAY)
    analyst = Principal("analyst", Role.ANALYST)
    countries = map_queries.targeted_countries(demo_source, analyst, filters)
    bins = map_queries.incident_bins(demo_source, analyst, filters)
    text = map_chart.targeted_map(countries, bins, "en", LABELS).to_json()
    drawn = _layers(text)["bins"]["data"]
    assert len(drawn) == bins.height  # type: ignore[arg-type]
    radii = [row["radius"] for row in drawn]  # type: ignore[attr-defined]
    assert radii == sorted(radii, reverse=True)
    assert not re.search(r"inc-|incident_id", text)
    assert len(text.encode()) <= PAYLOAD_BUDGET


def test_payload_stays_within_budget_at_the_largest_bounds() -> None:
    """At any number of incidents: every coded country targeted and the most cells allowed."""
    codes = [*sorted(map_chart.country_shapes()), "EU", "NATO"]
    countries = _countries([(code, 1_000_000 - i, True) for i, code in enumerate(codes)])
    deck = map_chart.targeted_map(countries, _bins(map_queries.MAX_BINS), "fr", LABELS)
    assert len(deck.to_json().encode()) <= PAYLOAD_BUDGET


def test_the_legend_names_each_class_range_in_the_language() -> None:
    countries = _countries([("US", 1500, True), ("FR", 10, True), ("DE", 1, True)])
    figure = map_chart.legend_chart(countries, "fr", "Incidents ciblant chaque pays")
    assert list(figure.data[0].x)[-1].endswith("1\u202f500")
    assert figure.layout.xaxis.title.text == "Incidents ciblant chaque pays"
