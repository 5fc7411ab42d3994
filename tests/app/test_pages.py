"""Every page renders for the demo analyst in English and French, with its figures and the demo label."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.access import demo_principal
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.i18n.formatting import number
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.reference import load_reference
from rrm_dash.queries import overview
from rrm_dash.queries.runner import Source
from tests.app.conftest import APP, isolate_side_files, sign_in_as
from tests.conftest import TODAY, insert_incident


def _texts(at: AppTest) -> str:
    parts = [element.value for element in at.markdown] + [element.value for element in at.title]
    parts += [element.value for element in at.warning] + [element.value for element in at.subheader]
    return "\n".join(str(part) for part in parts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_overview_shows_its_figures_charts_and_elections_in_each_language(
    app: AppTest, demo_source: Source, lang: str
) -> None:
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception
    t = translator(lang)
    assert app.title[0].value == t("overview.title")
    filters = Filters.default(TODAY)
    by_heading = overview.incidents_by_heading(demo_source, demo_principal(), filters)
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics[t("overview.kpi.incidents")] == number(int(by_heading["current"].sum()), lang)
    assert len(app.get("plotly_chart")) == 2
    heading_chart = json.loads(app.get("plotly_chart")[0].proto.spec)
    drawn = [label.replace("<br>", " ") for label in heading_chart["data"][0]["y"]]
    assert drawn == by_heading[f"label_{lang}"].to_list()
    assert t("overview.elections", days=90) in _texts(app)
    assert t("overview.top_actors") in _texts(app)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_view_of_a_demo_warehouse_says_the_data_is_synthetic(app: AppTest, lang: str) -> None:
    app.query_params["lang"] = lang
    app.run()
    assert translator(lang)("demo.label") in [warning.value for warning in app.warning]


def test_the_language_switch_changes_the_page_and_the_url(app: AppTest) -> None:
    app.run()
    assert app.title[0].value == translator("en")("overview.title")
    app.radio(key="lang").set_value("fr").run()
    assert app.title[0].value == translator("fr")("overview.title")
    assert app.query_params["lang"] == "fr"


def test_a_missing_warehouse_is_explained_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RRM_WAREHOUSE", str(tmp_path / "absent.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "make run" in at.error[0].value


def test_a_newly_published_snapshot_is_shown_without_a_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = tmp_path / "rrm.duckdb"
    publish(published, lambda con: load_reference(con, TODAY), start_empty=True)
    monkeypatch.setenv("RRM_WAREHOUSE", str(published))
    monkeypatch.setenv("RRM_COOKIE_KEY", "a-test-key-" * 4)  # not a demo warehouse
    isolate_side_files(monkeypatch, tmp_path)
    sign_in_as(monkeypatch, demo_principal())
    at = AppTest.from_file(APP, default_timeout=60).run()
    label = translator("en")("overview.kpi.incidents")
    assert {metric.label: metric.value for metric in at.metric}[label] == "0"

    publish(published, lambda con: insert_incident(con, "fresh", tlp="GREEN", originator="CA"))
    at.run()
    assert {metric.label: metric.value for metric in at.metric}[label] == "1"
