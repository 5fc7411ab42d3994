"""The RRM Wire: period, type filter, escaped title search, SQL paging and the Chatham House Rule."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from rrm_dash.access import Principal, Role
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.queries import wire
from rrm_dash.queries.runner import Source
from tests.conftest import TODAY

ANALYST = Principal("analyst", Role.ANALYST)
FRANCE = Principal("fr-focal-point", Role.FOCAL_POINT, "FR")
AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
PERIOD = Filters.default(TODAY)
NOW = datetime.combine(TODAY, datetime.min.time())


def _report(
    con: duckdb.DuckDBPyConnection,
    report_id: str,
    title: str,
    *,
    kind: str = "alert",
    days_ago: int = 1,
    tlp: str = "GREEN",
    originator: str = "CA",
    chatham: bool = False,
) -> None:
    moment = NOW - timedelta(days=days_ago)
    con.execute(
        "insert into report (report_id, title, report_type, published_at, tlp,"
        " originator_member, chatham_house, created_at, updated_at)"
        " values ($id, $title, $kind, $at, $tlp, $originator, $chatham, $at, $at)",
        {"id": report_id, "title": title, "kind": kind, "at": moment, "tlp": tlp,
         "originator": originator, "chatham": chatham},
    )  # fmt: skip


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    for number in range(120):
        _report(con, f"a-{number:03d}", f"Alert {number}", days_ago=number + 1)
    _report(con, "pct", "Reach up 50% in a week", kind="brief", days_ago=200)
    _report(con, "under", "Name_with_underscore", kind="brief", days_ago=201)
    _report(con, "chatham", "Assessment under the rule", kind="assessment",
            originator="FR", chatham=True)  # fmt: skip
    _report(con, "amber", "Amber assessment", kind="assessment", tlp="AMBER")
    _report(con, "old", "Old alert", days_ago=900)


def test_reports_come_newest_first_fifty_to_a_page(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    assert wire.report_count(source, ANALYST, PERIOD) == 124  # "old" is outside the period
    first = wire.report_page(source, ANALYST, PERIOD)
    third = wire.report_page(source, ANALYST, PERIOD, page=3)
    assert first.height == 50 and third.height == 24
    moments = first["published_at"].to_list() + third["published_at"].to_list()
    assert moments == sorted(moments, reverse=True)
    assert third["report_id"].to_list()[-1] == "under"


def test_the_type_filter_keeps_only_chosen_types(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    briefs = wire.report_page(source, ANALYST, PERIOD, ["brief", "assessment"])
    assert set(briefs["report_type"].to_list()) == {"brief", "assessment"}
    assert wire.report_count(source, ANALYST, PERIOD, ["brief"]) == 2


def test_the_title_search_is_case_blind_and_takes_wildcards_literally(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    assert wire.report_page(source, ANALYST, PERIOD, search="50%")["report_id"].to_list() == ["pct"]
    assert (
        wire.report_count(source, ANALYST, PERIOD, search="t_u") == 0
    )  # "_" would match "Assessment under"
    assert wire.report_count(source, ANALYST, PERIOD, search="E_WITH") == 1
    assert wire.report_count(source, ANALYST, PERIOD, search="%") == 1
    assert wire.report_count(source, ANALYST, PERIOD, search="'; drop table report; --") == 0
    assert wire.report_count(source, ANALYST, PERIOD, search="  ") == 124


def test_title_patterns_escape_like_wildcards() -> None:
    assert wire.title_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"
    assert wire.title_pattern("") is None


def test_a_chatham_house_report_shows_its_originator_to_the_originator_only(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)

    def originator(viewer: Principal) -> str | None:
        frame = wire.report_page(source, viewer, PERIOD, search="under the rule")
        value: str | None = frame["originator_member"][0]
        return value

    assert originator(ANALYST) is None
    assert originator(AU_OBSERVER) is None
    assert originator(FRANCE) == "FR"


def test_an_au_observer_gets_no_count_from_an_amber_report_not_released_to_au(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    assert wire.report_count(source, ANALYST, PERIOD, ["assessment"]) == 2
    assert wire.report_count(source, AU_OBSERVER, PERIOD, ["assessment"]) == 1
