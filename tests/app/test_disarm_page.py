"""The DISARM heatmap page in English and French, and a link with filters reproducing it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.access import demo_principal
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.i18n.formatting import number
from rrm_dash.queries import disarm
from rrm_dash.queries.runner import Source
from tests.app.conftest import open_page
from tests.conftest import TODAY


def _heatmap(app: AppTest) -> Any:
    spec: Any = json.loads(app.get("plotly_chart")[0].proto.spec)
    return spec


def _metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_heatmap_shows_every_tactic_and_lists_a_technique_incidents(
    app: AppTest, demo_source: Source, lang: str
) -> None:
    open_page(app, "disarm", lang=lang)
    t = translator(lang)
    assert app.title[0].value == t("disarm.title")
    filters = Filters.default(TODAY)
    totals = disarm.filtered_totals(demo_source, demo_principal(), filters).row(0, named=True)
    assert _metrics(app)[t("disarm.kpi.incidents")] == number(totals["incidents"], lang)
    heatmap = _heatmap(app)["data"][0]
    assert len(heatmap["x"]) == 16 and heatmap["x"][0].startswith("<b>TA01</b>")
    assert _heatmap(app)["layout"]["xaxis"]["title"]["text"] == t("disarm.axis.tactics")
    chosen = app.selectbox(key="disarm_technique")
    assert chosen.value is not None
    table = app.dataframe[-1].value
    assert list(table.columns) == [
        t("disarm.column.title"), t("disarm.column.detected"),
        t("disarm.column.targeted"), t("disarm.column.tlp"),
    ]  # fmt: skip
    assert 0 < len(table) <= disarm.INCIDENT_LIMIT


def test_showing_sub_techniques_adds_their_cells(app: AppTest) -> None:
    open_page(app, "disarm")
    rolled = len(_heatmap(app)["data"][0]["y"])
    app.toggle(key="disarm_sub_techniques").set_value(True).run()
    assert not app.exception
    assert len(_heatmap(app)["data"][0]["y"]) > rolled


def test_a_link_with_a_tactic_keeps_only_that_column(app: AppTest) -> None:
    open_page(app, "disarm", tactic="TA06", lang="fr")
    heatmap = _heatmap(app)["data"][0]
    assert len(heatmap["x"]) == 1 and heatmap["x"][0].startswith("<b>TA06</b>")


def test_a_link_with_a_technique_counts_only_its_incidents(
    app: AppTest, demo_source: Source
) -> None:
    open_page(app, "disarm", technique="T0049")
    narrowed = Filters.default(TODAY).with_changes(techniques=("T0049",))
    totals = disarm.filtered_totals(demo_source, demo_principal(), narrowed).row(0, named=True)
    t = translator("en")
    assert _metrics(app)[t("disarm.kpi.incidents")] == number(totals["incidents"], "en")
    counts = disarm.technique_counts(demo_source, demo_principal(), narrowed)
    assert counts.filter(counts["disarm_id"] == "T0049")["incidents"][0] == totals["incidents"]
    assert app.selectbox(key="disarm_technique").value == "T0049"
