"""The response tracker page in English and French, and a link with a member reproducing it."""

from __future__ import annotations

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.access import demo_principal
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.i18n.formatting import number
from rrm_dash.queries import responses
from rrm_dash.queries.runner import Source
from tests.app.conftest import open_page
from tests.conftest import TODAY


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_tracker_shows_the_lifecycle_the_table_and_a_response_detail(
    app: AppTest, demo_source: Source, lang: str
) -> None:
    open_page(app, "responses", lang=lang, **{"from": "2018-01-01"})
    t = translator(lang)
    assert app.title[0].value == t("responses.title")
    filters = Filters(date_from=date(2018, 1, 1), date_to=TODAY)
    counts = responses.status_counts(demo_source, demo_principal(), filters)
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics[t("responses.kpi.total")] == number(int(counts["responses"].sum()), lang)
    chart = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert chart["data"][0]["y"] == counts[f"label_{lang}"].to_list()
    table = app.dataframe[0].value
    assert t("responses.column.joining") in table.columns
    assert len(table) == min(int(counts["responses"].sum()), responses.PAGE_SIZE)
    assert app.number_input(key="responses_page").value == 1
    assert app.selectbox(key="responses_selected").value is not None
    positions = app.dataframe[2].value
    assert positions.columns[0] == t("responses.column.member")


def test_a_link_with_a_member_counts_the_responses_it_leads_or_joins(
    app: AppTest, demo_source: Source
) -> None:
    open_page(app, "responses", member="JP")
    chosen = Filters.default(TODAY).with_changes(members=("JP",))
    counts = responses.status_counts(demo_source, demo_principal(), chosen)
    everyone = responses.status_counts(demo_source, demo_principal(), Filters.default(TODAY))
    assert int(counts["responses"].sum()) < int(everyone["responses"].sum())
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics[translator("en")("responses.kpi.total")] == number(
        int(counts["responses"].sum()), "en"
    )
