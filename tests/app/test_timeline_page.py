"""The Timeline page draws the filtered incidents per week with the elections, in both languages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.access import demo_principal
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.i18n.formatting import number
from rrm_dash.queries import timeline
from rrm_dash.queries.runner import Source
from tests.app.conftest import open_page
from tests.conftest import TODAY


def _chart(at: AppTest) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(at.get("plotly_chart")[0].proto.spec)
    return spec


def _name(trace: dict[str, Any]) -> str:
    return str(trace["name"]).replace("<br>", " ")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_timeline_shows_weekly_counts_by_heading_with_elections_in_each_language(
    app: AppTest, demo_source: Source, lang: str
) -> None:
    at = open_page(app, "timeline", lang=lang)
    t = translator(lang)
    assert at.title[0].value == t("timeline.title")
    filters = Filters.default(TODAY)
    period = timeline.timeline_period(filters, TODAY)
    bins = timeline.incidents_per_bin(
        demo_source, demo_principal(), filters, "week", "heading", period
    )
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics[t("timeline.kpi.incidents")] == number(int(bins["incidents"].sum()), lang)
    spec = _chart(at)
    bars = [trace for trace in spec["data"] if trace["type"] == "bar"]
    assert {_name(trace) for trace in bars} <= set(bins[f"label_{lang}"].to_list())
    assert spec["layout"]["xaxis"]["title"]["text"] == t("timeline.axis.week")
    elections = timeline.elections_in_period(demo_source, demo_principal(), filters, period)
    rects = [shape for shape in spec["layout"].get("shapes", []) if shape["type"] == "rect"]
    assert len(rects) == elections.height


def test_switching_to_months_and_threat_types_redraws_the_chart(app: AppTest) -> None:
    at = open_page(app, "timeline")
    at.radio(key="timeline_granularity").set_value("month").run()
    at.radio(key="timeline_stack").set_value("threat_type").run()
    assert not at.exception
    spec = _chart(at)
    assert spec["layout"]["xaxis"]["title"]["text"] == translator("en")("timeline.axis.month")
    assert len([trace for trace in spec["data"] if trace["type"] == "bar"]) > 3


def test_a_link_with_a_heading_narrows_the_timeline_to_it(
    app: AppTest, demo_source: Source
) -> None:
    at = open_page(app, "timeline", heading="HRF", lang="fr")
    filters = Filters.default(TODAY).with_changes(headings=("HRF",))
    period = timeline.timeline_period(filters, TODAY)
    bins = timeline.incidents_per_bin(
        demo_source, demo_principal(), filters, "week", "heading", period
    )
    hrf = bins.filter(bins["series"] == "HRF")
    bars = [trace for trace in _chart(at)["data"] if trace["type"] == "bar"]
    assert [_name(trace) for trace in bars] == [hrf["label_fr"][0]]
    assert bars[0]["y"] == hrf["incidents"].to_list()
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics[translator("fr")("timeline.kpi.incidents")] == number(
        int(hrf["incidents"].sum()), "fr"
    )
