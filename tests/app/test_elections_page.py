"""The Elections page: the calendar, one election's window against its baseline, and its links."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.access import demo_principal
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.queries import elections
from rrm_dash.queries.runner import Source
from tests.app.conftest import open_page
from tests.conftest import TODAY


def _latest_held(source: Source) -> str:
    calendar = elections.calendar(source, demo_principal(), Filters(), TODAY)
    past = calendar.filter(~calendar["upcoming"])
    return str(past["election_id"][0])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_elections_page_lists_the_calendar_and_opens_the_next_election(
    app: AppTest, demo_source: Source, lang: str
) -> None:
    at = open_page(app, "elections", lang=lang)
    t = translator(lang)
    assert at.title[0].value == t("elections.title")
    calendar = elections.calendar(demo_source, demo_principal(), Filters(), TODAY)
    table = at.dataframe[0].value
    assert len(table) == calendar.height
    assert t("elections.column.watch") in table.columns
    upcoming = calendar.filter(calendar["upcoming"])["election_id"].to_list()
    assert at.selectbox(key="elections_choice").value == upcoming[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_election_in_the_url_is_chosen_with_its_counts_and_links(
    app: AppTest, demo_source: Source, lang: str
) -> None:
    chosen = _latest_held(demo_source)
    at = open_page(app, "elections", election=chosen, lang=lang)
    t = translator(lang)
    assert at.selectbox(key="elections_choice").value == chosen
    metrics = {metric.label for metric in at.metric}
    assert t("elections.window.metric") in metrics
    links = [m.value for m in at.markdown if "timeline?" in m.value]
    assert len(links) == 1
    country = chosen.split(".")[0].upper()
    assert f"election={chosen}" in links[0] and f"member={country}" in links[0]
    assert f"lang={lang}" in links[0] and "map?" in links[0]
    assert at.query_params["election"] == [chosen] or at.query_params["election"] == chosen
