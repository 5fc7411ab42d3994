"""Engagement counts per member: the period, the scope (TLP) and the demo's spread of engagement."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl

from rrm_dash.access import Principal, Role, demo_principal
from rrm_dash.analytics.engagement import score_members
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.queries import engagement
from rrm_dash.queries.runner import Source
from tests.conftest import TODAY

ANALYST = Principal("analyst", Role.ANALYST)
AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
DE_FOCAL_POINT = Principal("de-focal-point", Role.FOCAL_POINT, "DE")
PERIOD = Filters(date_from=TODAY - timedelta(days=89), date_to=TODAY)
NOON = datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=12)


def _event(con: duckdb.DuckDBPyConnection, event_id: str, member: str, kind: str, *,
           days_ago: int = 1, tlp: str = "GREEN", originator: str = "CU",
           releasable_to: list[str] | None = None, latency: float | None = None) -> None:  # fmt: skip
    at = NOON - timedelta(days=days_ago)
    con.execute(
        "insert into engagement_event (event_id, member_code, event_type, occurred_at,"
        " latency_hours, tlp, originator_member, releasable_to, created_at, updated_at)"
        " values ($id, $member, $kind, $at, $latency, $tlp, $originator, $releasable, $at, $at)",
        {"id": event_id, "member": member, "kind": kind, "at": at, "latency": latency,
         "tlp": tlp, "originator": originator, "releasable": releasable_to or []},
    )  # fmt: skip


def _meeting(con: duckdb.DuckDBPyConnection, meeting_id: str, days_ago: int, tlp: str,
             attendance: dict[str, tuple[bool, bool]]) -> None:  # fmt: skip
    held = TODAY - timedelta(days=days_ago)
    con.execute(
        "insert into meeting (meeting_id, meeting_type, title, held_on, tlp, originator_member,"
        " created_at, updated_at) values ($id, 'plenary', 'Plenary', $held, $tlp, 'CU', $at, $at)",
        {"id": meeting_id, "held": held, "tlp": tlp, "at": NOON},
    )
    for member, (attended, presented) in attendance.items():
        con.execute(
            "insert into meeting_attendance values ($id, $member, $attended, $presented)",
            {"id": meeting_id, "member": member, "attended": attended, "presented": presented},
        )


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    _meeting(
        con, "MTG-1", 10, "GREEN", {"CA": (True, True), "IT": (True, False), "AU": (False, False)}
    )
    _meeting(
        con, "MTG-2", 20, "AMBER", {"CA": (True, False), "IT": (False, False), "AU": (True, True)}
    )
    _meeting(
        con, "MTG-OLD", 200, "GREEN", {"CA": (True, True), "IT": (True, True), "AU": (True, True)}
    )
    _event(con, "E1", "CA", "incident_contributed")
    _event(con, "E2", "CA", "incident_contributed", days_ago=5)
    _event(con, "E3", "CA", "report_shared")
    _event(con, "E4", "CA", "rfi_answered", latency=10)
    _event(con, "E5", "CA", "statement_cosigned")
    _event(con, "E6", "CA", "alert_acknowledged", latency=2)
    _event(con, "E7", "CA", "alert_acknowledged", latency=4)
    _event(con, "E8", "CA", "alert_acknowledged", latency=30)
    _event(con, "E9", "IT", "alert_acknowledged", latency=96)
    _event(con, "E-OLD", "IT", "incident_contributed", days_ago=200)
    # Only FR (the originator), the CU and IT (named) may see this one.
    _event(con, "E-STRICT", "IT", "incident_contributed", tlp="AMBER+STRICT", originator="FR",
           releasable_to=["IT"])  # fmt: skip
    _event(con, "E-AMBER", "CA", "report_shared", tlp="AMBER")
    con.execute(
        "insert into response (response_id, title, response_type, lead_member, status,"
        " proposed_at, effectiveness, tlp, originator_member, created_at, updated_at) values"
        " ('R1', 'Joint statement', 'joint_statement', 'CA', 'agreed', $at, 'not_assessed',"
        "  'GREEN', 'CA', $at, $at)",
        {"at": NOON - timedelta(days=3)},
    )
    con.execute(
        "insert into response_member values ('R1', 'CA', 'lead', $at), ('R1', 'IT', 'join', null),"
        " ('R1', 'AU', 'abstain', $at)",
        {"at": NOON - timedelta(days=2)},
    )


def _by_member(frame: pl.DataFrame) -> dict[str, dict[str, object]]:
    return {row["member_code"]: row for row in frame.iter_rows(named=True)}


def test_counts_per_member_are_those_of_the_period(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    rows = _by_member(engagement.member_engagement(Source.live(empty_warehouse), ANALYST, PERIOD))
    assert len(rows) == 13 and "CU" not in rows
    ca, it = rows["CA"], rows["IT"]
    assert (ca["meetings_invited"], ca["meetings_attended"], ca["presentations"]) == (2, 2, 1)
    assert (it["meetings_invited"], it["meetings_attended"], it["presentations"]) == (2, 1, 0)
    assert (ca["incidents_contributed"], ca["reports_shared"], ca["rfis_answered"]) == (2, 2, 1)
    assert ca["statements_cosigned"] == 1
    assert (ca["alerts_acknowledged"], ca["median_acknowledgement_hours"]) == (3, 4.0)
    assert it["incidents_contributed"] == 1  # the AMBER+STRICT one; the old one is out of period
    assert (ca["responses_joined"], it["responses_joined"], rows["AU"]["responses_joined"]) == (
        1, 1, 0,
    )  # fmt: skip
    assert rows["JP"]["meetings_invited"] == 0
    assert rows["JP"]["median_acknowledgement_hours"] is None
    assert rows["IT"]["focal_point_label_en"] and rows["IT"]["focal_point_label_fr"]


def test_an_amber_strict_event_is_not_counted_for_a_member_who_may_not_see_it(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    seen_by_de = _by_member(engagement.member_engagement(source, DE_FOCAL_POINT, PERIOD))
    seen_by_it = _by_member(engagement.member_engagement(source, Principal("it", Role.FOCAL_POINT, "IT"), PERIOD))  # fmt: skip
    assert seen_by_de["IT"]["incidents_contributed"] == 0
    assert seen_by_it["IT"]["incidents_contributed"] == 1
    quarterly = engagement.member_engagement_by_quarter(source, DE_FOCAL_POINT, PERIOD)
    assert quarterly.filter(pl.col("member_code") == "IT")["incidents_contributed"].sum() == 0


def test_an_observer_gets_no_counts_from_amber_meetings_or_events(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    rows = _by_member(
        engagement.member_engagement(Source.live(empty_warehouse), AU_OBSERVER, PERIOD)
    )
    assert rows["AU"]["meetings_invited"] == 1  # MTG-2 is AMBER
    assert rows["CA"]["reports_shared"] == 1  # E-AMBER hidden
    assert rows["IT"]["incidents_contributed"] == 0


def test_quarterly_counts_add_up_to_the_period_counts(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    totals = engagement.member_engagement(source, ANALYST, PERIOD)
    quarterly = engagement.member_engagement_by_quarter(source, ANALYST, PERIOD)
    assert quarterly.height == 13 * quarterly["quarter"].n_unique()
    assert quarterly["quarter"].n_unique() in (1, 2)  # 90 days span one or two quarters
    summed = quarterly.group_by("member_code").agg(
        pl.col("meetings_attended", "incidents_contributed", "responses_joined").sum()
    )
    expected = totals.select("member_code", "meetings_attended", "incidents_contributed",
                             "responses_joined")  # fmt: skip
    assert summed.sort("member_code").equals(expected.sort("member_code"))


def test_in_the_demo_a_temporary_focal_point_scores_lower_than_a_resourced_one(
    demo_source: Source,
) -> None:
    scored = score_members(
        engagement.member_engagement(demo_source, demo_principal(), Filters.default(TODAY))
    )
    scores = dict(zip(scored["member_code"], scored["score"], strict=True))
    statuses = dict(zip(scored["member_code"], scored["focal_point_status"], strict=True))
    assert statuses["IT"] == "temporary" and statuses["CA"] == "permanent"
    assert scores["IT"] < scores["CA"]
    assert all(0 <= score <= 100 for score in scores.values())
