"""The Early warning page: surges, elections at risk and cross-member signals, in English and
French, each row linking to its incidents with the viewer's filters; it refreshes itself; the
Overview shows the top alerts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import polars as pl
import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from rrm_dash.access import Principal, Role, demo_principal
from rrm_dash.analytics.surges import find_surges, week_start
from rrm_dash.config import (
    DEFAULT_WARNING_REFRESH_S,
    MIN_WARNING_REFRESH_S,
    warning_refresh_seconds,
)
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.i18n.formatting import day
from rrm_dash.queries import elections
from rrm_dash.queries.filters import member_options
from rrm_dash.queries.runner import Source
from rrm_dash.queries.warning import weekly_counts
from tests.app.conftest import APP, isolate_side_files, open_page, sign_in_as
from tests.conftest import TODAY

#: The demo's size as `python -m rrm_dash demo` builds it: enough incidents a week per member
#: for its election surges to clear the thin-baseline rule.
FULL_DEMO_INCIDENTS = 3000
#: Recent elections searched for a surge in their run-up.
SEARCH_DAYS = 3 * 365


@pytest.fixture(scope="module")
def full_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rrm_dash.ingest.demo import publish_demo

    published = tmp_path_factory.mktemp("full-demo") / "rrm.duckdb"
    publish_demo(published, incidents=FULL_DEMO_INCIDENTS, today=TODAY)
    return published


@pytest.fixture
def full_app(full_demo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppTest:
    monkeypatch.setenv("RRM_WAREHOUSE", str(full_demo))
    isolate_side_files(monkeypatch, tmp_path)
    sign_in_as(monkeypatch, demo_principal())
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture(scope="module")
def surge_before_vote(full_demo: Path) -> tuple[str, str, date]:
    """(election id, country, week): the latest held election whose country surged in a
    complete week of its watch window before the vote."""
    source = Source.live(full_demo)
    weeks = SEARCH_DAYS // 7 + 60
    weekly = weekly_counts(source, demo_principal(), Filters(), as_of=TODAY, weeks=weeks)
    calendar = elections.calendar(source, demo_principal(), Filters(), TODAY)
    held = calendar.filter(
        ~pl.col("upcoming") & (pl.col("date_start") >= TODAY - timedelta(days=SEARCH_DAYS))
    )
    for vote in held.iter_rows(named=True):
        week = week_start(vote["watch_window_start"]) + timedelta(weeks=1)
        while week + timedelta(days=6) < vote["date_start"]:
            surges = find_surges(weekly, week)
            if not surges.filter(
                (pl.col("scope") == "country") & (pl.col("key") == vote["country"])
            ).is_empty():
                return vote["election_id"], vote["country"], week
            week += timedelta(weeks=1)
    pytest.fail("the demo builds no surge into the run-up of any recent election")


def as_of_params(week: date) -> dict[str, str]:
    """The filter bar's period ending on the Sunday of `week`: the page judges that week."""
    end = week + timedelta(days=6)
    return {"from": (end - timedelta(days=364)).isoformat(), "to": end.isoformat()}


def links(at: AppTest) -> list[str]:
    """Every link to the Incidents view in the page's tables."""
    found = []
    for frame in at.dataframe:
        for column in frame.value.columns:
            found += [v for v in frame.value[column] if isinstance(v, str) and "incidents?" in v]
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_shows_surges_elections_and_signals_with_their_rules_in_each_language(
    app: AppTest, lang: str
) -> None:
    at = open_page(app, "early-warning", lang=lang)
    t = translator(lang)
    assert at.title[0].value == t("warning.title")
    assert [header.value for header in at.subheader] == [
        t("warning.surge.title"),
        t("warning.election.title"),
        t("warning.signal.title"),
    ]
    markdown = "\n".join(element.value for element in at.markdown)
    assert t("warning.surge.by_country") in markdown and t("warning.surge.by_heading") in markdown
    assert ("+25%" if lang == "en" else "+25\u00a0%") in markdown  # the surge rule, written out
    assert "T0029" in markdown  # the election-interference techniques, listed
    captions = [caption.value for caption in at.caption]
    data_as_of = t("warning.as_of", moment="", day="").split("(")[0].strip()
    assert any(caption.startswith(data_as_of) for caption in captions)


def test_the_demo_shows_a_surge_in_the_run_up_to_an_election(
    full_app: AppTest, full_demo: Path, surge_before_vote: tuple[str, str, date]
) -> None:
    _, country, week = surge_before_vote
    at = open_page(full_app, "early-warning", lang="en", **as_of_params(week))
    t = translator("en")
    table = at.dataframe[0].value  # surges by targeted country come first
    members = member_options(Source.live(full_demo), demo_principal())
    name = members.filter(pl.col("code") == country)["label_en"].item()
    shown_week = t("warning.week_of", date=day(week, "en"))
    row = table[
        (table[t("warning.column.where")] == name) & (table[t("warning.column.week")] == shown_week)
    ]
    assert len(row) == 1, f"no surge row for {country} in the week of {week}"
    query = parse_qs(urlparse(row[t("warning.column.link")].iloc[0]).query)
    assert query["member"] == [country]
    assert query["from"] == [week.isoformat()]
    assert query["to"] == [(week + timedelta(days=6)).isoformat()]
    assert query["lang"] == ["en"]


def test_every_link_carries_the_viewers_filters_and_language(
    full_app: AppTest, surge_before_vote: tuple[str, str, date]
) -> None:
    _, _, week = surge_before_vote
    every_marking = "CLEAR,GREEN,AMBER,AMBER+STRICT,RED"
    at = open_page(full_app, "early-warning", lang="fr", tlp=every_marking, **as_of_params(week))
    found = links(at)
    assert len(at.dataframe) >= 3 and len(found) >= 3
    for link in found:
        query = parse_qs(urlparse(link).query)
        assert query["tlp"] == [every_marking], link
        assert query["lang"] == ["fr"], link
        assert "from" in query and "to" in query, link


def test_the_page_refreshes_itself_at_the_configured_interval(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RRM_WARNING_REFRESH_S", "30")
    intervals: list[Any] = []
    fragment: Callable[..., Any] = streamlit.fragment

    def recording_fragment(func: Any = None, **kwargs: Any) -> Any:
        intervals.append(kwargs.get("run_every"))
        return fragment(func, **kwargs)

    monkeypatch.setattr(streamlit, "fragment", recording_fragment)
    at = open_page(app, "early-warning", lang="en")
    assert intervals == [30]
    t = translator("en")
    expected = t("warning.refresh_seconds", count="30", time="")
    assert any(c.value.startswith(expected.split("(")[0]) for c in at.caption)


def test_a_warehouse_without_incidents_has_nothing_to_warn_about(
    empty_warehouse: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RRM_WAREHOUSE", str(empty_warehouse))
    monkeypatch.setenv("RRM_COOKIE_KEY", "a-test-key-" * 4)  # not a demo warehouse
    isolate_side_files(monkeypatch, tmp_path)
    sign_in_as(monkeypatch, demo_principal())
    at = open_page(AppTest.from_file(APP, default_timeout=60), "early-warning", lang="fr")
    assert [info.value for info in at.info] == [translator("fr")("warning.no_data")]
    assert not at.dataframe


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_overview_shows_the_top_alerts_and_leads_to_early_warning(
    full_app: AppTest, surge_before_vote: tuple[str, str, date], lang: str
) -> None:
    _, _, week = surge_before_vote
    full_app.query_params.update({"lang": lang, **as_of_params(week)})
    full_app.run()
    assert not full_app.exception
    t = translator(lang)
    assert t("overview.top_alerts") in [header.value for header in full_app.subheader]
    alerts = [m.value for m in full_app.markdown if m.value.startswith("- ")]
    assert len(alerts) == 1 and 1 <= alerts[0].count("\n- ") + 1 <= 3
    page_links = full_app.get("page_link")
    assert [link.proto.label for link in page_links] == [t("overview.early_warning_link")]


def test_leadership_sees_the_top_alerts_without_a_link_to_a_page_it_may_not_open(
    full_app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in_as(monkeypatch, Principal("lead", Role.LEADERSHIP))
    full_app.run()
    assert not full_app.exception
    assert translator("en")("overview.top_alerts") in [h.value for h in full_app.subheader]
    assert not full_app.get("page_link")


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [
        (None, DEFAULT_WARNING_REFRESH_S),
        ("", DEFAULT_WARNING_REFRESH_S),
        ("60", 60),
        (" 120 ", 120),
        ("soon", DEFAULT_WARNING_REFRESH_S),
        ("1", MIN_WARNING_REFRESH_S),
    ],
)
def test_the_refresh_interval_comes_from_the_environment_within_bounds(
    monkeypatch: pytest.MonkeyPatch, raw: str | None, seconds: int
) -> None:
    if raw is None:
        monkeypatch.delenv("RRM_WARNING_REFRESH_S", raising=False)
    else:
        monkeypatch.setenv("RRM_WARNING_REFRESH_S", raw)
    assert warning_refresh_seconds() == seconds
