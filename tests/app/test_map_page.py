"""The Map view renders in both languages, follows the filter bar and the URL, and hides what the viewer may not see."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.access import Principal, Role, demo_principal
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.ingest.load import publish
from rrm_dash.queries import map as map_queries
from rrm_dash.queries.runner import Source
from tests.app.conftest import APP, isolate_side_files, open_page, sign_in_as
from tests.conftest import TODAY, insert_incident

PAYLOAD_BUDGET = 500_000


def _deck(at: AppTest) -> tuple[str, dict[str, dict[str, object]]]:
    text = at.get("deck_gl_json_chart")[0].proto.json
    return text, {layer["id"]: layer for layer in json.loads(text)["layers"]}


def _drawn_counts(layers: dict[str, dict[str, object]]) -> dict[str, str]:
    shapes = [f["properties"] for f in layers["targeted_countries"]["data"]["features"]]  # type: ignore[index]
    points = list(layers["targeted_groupings"]["data"])  # type: ignore[call-overload]
    return {item["code"]: item["detail"] for item in shapes + points}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_shows_countries_cells_legend_and_table_in_each_language(
    app: AppTest, demo_source: Source, lang: str
) -> None:
    at = open_page(app, "map", lang=lang)
    t = translator(lang)
    assert at.title[0].value == t("map.title")
    text, layers = _deck(at)
    assert len(text.encode()) <= PAYLOAD_BUDGET
    assert "http" not in text
    countries = map_queries.targeted_countries(
        demo_source, demo_principal(), Filters.default(TODAY)
    )
    assert set(_drawn_counts(layers)) == set(countries["country_code"])
    table = at.dataframe[0].value
    assert next(iter(table.columns)) == t("map.column.country")
    assert table.iloc[:, 1].tolist() == countries["incidents"].to_list()
    assert len(at.get("plotly_chart")) == 1  # the legend


def test_a_link_with_member_ca_reproduces_the_focused_map(
    app: AppTest, demo_source: Source
) -> None:
    at = open_page(app, "map", member="CA")
    assert at.selectbox(key="map_focus").value == "CA"
    expected = map_queries.targeted_countries(
        demo_source, demo_principal(), Filters.default(TODAY).with_changes(members=("CA",))
    )
    _, layers = _deck(at)
    drawn = _drawn_counts(layers)
    assert set(drawn) == set(expected["country_code"])
    ca = expected.filter(expected["country_code"] == "CA")["incidents"].item()
    assert str(ca) in drawn["CA"]
    assert at.dataframe[0].value.iloc[:, 1].sum() == expected["incidents"].sum()


def test_focusing_on_a_country_narrows_the_filters_to_it(app: AppTest, demo_source: Source) -> None:
    at = open_page(app, "map")
    at.selectbox(key="map_focus").set_value("JP").run()
    assert not at.exception
    expected = map_queries.targeted_countries(
        demo_source, demo_principal(), Filters.default(TODAY).with_changes(members=("JP",))
    )
    table = at.dataframe[0].value
    assert table.iloc[:, 1].tolist() == expected["incidents"].to_list()
    assert table.iloc[0, 0] == "Japan"
    at.run()  # the focus stays on the next run (it lives in the filter bar's state)
    assert at.selectbox(key="map_focus").value == "JP"
    at.selectbox(key="map_focus").set_value("").run()
    everything = map_queries.targeted_countries(
        demo_source, demo_principal(), Filters.default(TODAY)
    )
    assert at.dataframe[0].value.iloc[:, 1].tolist() == everything["incidents"].to_list()


def _secret_fill(con: duckdb.DuckDBPyConnection) -> None:
    insert_incident(con, "green-ottawa", tlp="GREEN", originator="CA")
    insert_incident(con, "amber-secret", tlp="AMBER", originator="JP")
    con.execute(
        "update incident set latitude = 45.42, longitude = -75.7, place_name = 'Ottawa'"
        " where incident_id = 'green-ottawa';"
        "update incident set latitude = 43.06, longitude = 141.35, place_name = 'Sapporo'"
        " where incident_id = 'amber-secret';"
        "insert into incident_country values ('green-ottawa', 'CA', 'targeted'),"
        " ('amber-secret', 'JP', 'targeted')"
    )


def test_an_au_observer_map_has_nothing_from_an_amber_incident_not_released_to_au(
    empty_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(empty_warehouse, _secret_fill)
    monkeypatch.setenv("RRM_WAREHOUSE", str(empty_warehouse))
    monkeypatch.setenv("RRM_COOKIE_KEY", "a-test-key-" * 4)  # not a demo warehouse
    isolate_side_files(monkeypatch, empty_warehouse.parent)
    sign_in_as(monkeypatch, Principal("au", Role.OBSERVER, "AU"))
    at = open_page(AppTest.from_file(APP, default_timeout=60), "map")
    text, layers = _deck(at)
    assert set(_drawn_counts(layers)) == {"CA"}
    assert "Sapporo" not in text and "Ottawa" in text
    assert at.dataframe[0].value.iloc[:, 1].tolist() == [1]
