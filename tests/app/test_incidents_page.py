"""The Incidents page renders in both languages, and its links reproduce a search, a page and a detail."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.access import demo_principal
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.i18n.formatting import number
from rrm_dash.queries import incidents
from rrm_dash.queries.runner import Source
from rrm_dash.tables.incidents import csv_payload, incident_table
from rrm_dash.ui.filter_state import DATES_KEY as FILTER_DATES
from tests.conftest import TODAY

PAGE = "views/incidents.py"


def arrive(app: AppTest, **query: str) -> AppTest:
    """Follow a link to the Incidents page carrying `query` (AppTest starts on the default page,
    whose run rewrites the URL, so the link's parameters are put back before switching)."""
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    for name, value in query.items():
        app.query_params[name] = value
    app.switch_page(PAGE).run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def _markdown(at: AppTest) -> list[str]:
    return [str(element.value) for element in at.markdown]


def _first_visible_incident(source: Source) -> dict[str, object]:
    frame = incidents.incident_page(source, demo_principal(), Filters.default(TODAY))
    return frame.row(0, named=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_explorer_shows_a_page_of_50_incidents_in_each_language(
    app: AppTest, demo_source: Source, lang: str
) -> None:
    at = arrive(app, lang=lang)
    t = translator(lang)
    assert at.title[0].value == t("incidents.title")
    table = at.dataframe[0].value
    assert len(table) == incidents.PAGE_SIZE
    assert list(table.columns)[:2] == [t("incidents.column.detected"), t("incidents.column.title")]
    total = incidents.incident_count(demo_source, demo_principal(), Filters.default(TODAY))
    pages = number(-(-total // incidents.PAGE_SIZE), lang)
    assert t("incidents.page_of", page=number(1, lang), pages=pages) in _markdown(at)
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels[:2] == [t("incidents.download_page"), t("incidents.download_all")]


def test_the_page_download_is_the_table_shown(app: AppTest, demo_source: Source) -> None:
    at = arrive(app)
    shown = at.dataframe[0].value
    page = incidents.incident_page(demo_source, demo_principal(), Filters.default(TODAY))
    payload = csv_payload(incident_table(page, translator("en")))
    for title in shown[translator("en")("incidents.column.title")]:
        assert title.replace('"', '""') in payload


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_link_with_an_incident_id_opens_its_detail(
    app: AppTest, demo_source: Source, lang: str
) -> None:
    incident = _first_visible_incident(demo_source)
    at = arrive(app, lang=lang, incident=str(incident["incident_id"]))
    t = translator(lang)
    assert at.subheader[0].value.replace("\\", "") == incident["title"]
    facts = next(
        frame.value for frame in at.dataframe if t("incidents.column.field") in frame.value
    )
    assert t("incidents.field.detected_at") in facts[t("incidents.column.field")].to_list()
    assert at.query_params["incident"] == incident["incident_id"]
    at.run()  # a later run keeps the incident open and in the URL
    assert at.query_params["incident"] == incident["incident_id"]
    assert at.subheader[0].value.replace("\\", "") == incident["title"]


def test_a_hidden_incident_and_a_missing_one_read_the_same(
    app: AppTest, demo_warehouse: Path
) -> None:
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        row = con.execute(
            "select incident_id from incident"
            " where tlp = 'RED' and not list_contains(releasable_to, 'CU') limit 1"
        ).fetchone()
    assert row is not None
    hidden = arrive(app, incident=row[0])
    messages = [warning.value for warning in hidden.warning]
    assert translator("en")("incidents.detail.not_found") in messages
    assert not hidden.subheader
    missing = arrive(app, incident="INC-NO-SUCH")
    assert [warning.value for warning in missing.warning] == messages


def test_a_search_link_reproduces_the_search(app: AppTest, demo_source: Source) -> None:
    at = arrive(app, q="france", sort="title", order="ascending")
    assert at.text_input(key="incidents_search").value == "france"
    assert at.selectbox(key="incidents_sort").value == "title"
    count = incidents.incident_count(
        demo_source, demo_principal(), Filters.default(TODAY), search="france"
    )
    assert translator("en")("incidents.matching", count=number(count, "en")) in [
        caption.value for caption in at.caption
    ]
    titles = list(at.dataframe[0].value[translator("en")("incidents.column.title")])
    assert titles == sorted(titles, key=str.lower)
    assert at.query_params["q"] == "france" and at.query_params["sort"] == "title"


def test_a_cleared_search_stays_cleared_when_a_filter_changes(app: AppTest) -> None:
    at = arrive(app, q="france", sort="title")
    at.text_input(key="incidents_search").set_value("").run()
    at.selectbox(key="incidents_sort").set_value("detected").run()
    assert "q" not in at.query_params and "sort" not in at.query_params
    start, end = at.date_input(key=FILTER_DATES).value
    at.date_input(key=FILTER_DATES).set_value((start, end - timedelta(days=7))).run()
    assert at.text_input(key="incidents_search").value == ""
    assert at.selectbox(key="incidents_sort").value == "detected"


def test_a_filtered_link_shows_only_that_heading(app: AppTest, demo_source: Source) -> None:
    at = arrive(app, heading="HRF")
    headings = set(at.dataframe[0].value[translator("en")("incidents.column.heading")])
    label = incidents.incident_page(demo_source, demo_principal(), Filters(headings=("HRF",)))
    assert headings == {label["heading_en"][0]}


def test_next_page_turns_the_page_and_puts_it_in_the_url(app: AppTest) -> None:
    at = arrive(app)
    first = list(at.dataframe[0].value[translator("en")("incidents.column.reference")])
    at.button(key="incidents_next").click().run()
    assert "Page 2 of" in " ".join(_markdown(at))
    assert at.query_params["page"] == "2"
    second = list(at.dataframe[0].value[translator("en")("incidents.column.reference")])
    assert set(first).isdisjoint(second)
