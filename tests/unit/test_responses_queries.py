"""The response tracker: lifecycle counts, members' positions and linked incidents, in scope."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from rrm_dash.access import Principal, Role
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.queries import responses
from rrm_dash.queries.runner import Source
from tests.conftest import TODAY, insert_incident

AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
ANALYST = Principal("analyst", Role.ANALYST)
PERIOD = Filters.default(TODAY)
NOW = datetime.combine(TODAY, datetime.min.time())


def _response(
    con: duckdb.DuckDBPyConnection,
    response_id: str,
    *,
    status: str,
    lead: str,
    tlp: str = "GREEN",
    days_ago: int = 10,
) -> None:
    moment = NOW - timedelta(days=days_ago)
    con.execute(
        "insert into response (response_id, title, response_type, lead_member, status,"
        " proposed_at, executed_at, tlp, originator_member, created_at, updated_at)"
        " values ($id, $title, 'joint_statement', $lead, $status, $at,"
        " case when $status = 'executed' then $at end, $tlp, $lead, $at, $at)",
        {"id": response_id, "title": f"Response {response_id}", "lead": lead,
         "status": status, "at": moment, "tlp": tlp},
    )  # fmt: skip


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    _response(con, "r-exec", status="executed", lead="FR")
    _response(con, "r-amber", status="proposed", lead="DE", tlp="AMBER")
    _response(con, "r-old", status="withdrawn", lead="GB", days_ago=800)
    con.execute(
        "insert into response_member (response_id, member_code, position) values"
        " ('r-exec', 'FR', 'lead'), ('r-exec', 'DE', 'join'), ('r-exec', 'CA', 'join'),"
        " ('r-exec', 'IT', 'decline'), ('r-exec', 'JP', 'abstain'), ('r-amber', 'DE', 'lead')"
    )
    insert_incident(con, "seen", tlp="GREEN", originator="FR")
    insert_incident(con, "hidden", tlp="AMBER", originator="FR", title="Amber, not for AU")
    con.execute(
        "insert into response_incident values ('r-exec', 'seen'), ('r-exec', 'hidden'),"
        " ('r-amber', 'hidden')"
    )


def _counts(source: Source, viewer: Principal, filters: Filters = PERIOD) -> dict[str, int]:
    frame = responses.status_counts(source, viewer, filters)
    return dict(zip(frame["status"].to_list(), frame["responses"].to_list(), strict=True))


def test_status_counts_follow_the_lifecycle_order_within_the_period(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    frame = responses.status_counts(Source.live(empty_warehouse), ANALYST, PERIOD)
    assert frame["status"].to_list() == [
        "proposed", "under_consultation", "agreed", "executed", "declined", "withdrawn"
    ]  # fmt: skip
    assert frame["responses"].to_list() == [1, 0, 0, 1, 0, 0]  # r-old is outside the period
    assert _counts(Source.live(empty_warehouse), ANALYST, Filters())["withdrawn"] == 1


def test_an_au_observer_gets_no_count_from_an_amber_response_not_released_to_au(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    assert _counts(Source.live(empty_warehouse), AU_OBSERVER)["proposed"] == 0


def test_the_member_filter_selects_responses_a_member_leads_or_joins(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    assert sum(_counts(source, ANALYST, PERIOD.with_changes(members=("CA",))).values()) == 1
    assert sum(_counts(source, ANALYST, PERIOD.with_changes(members=("DE",))).values()) == 2
    assert sum(_counts(source, ANALYST, PERIOD.with_changes(members=("IT",))).values()) == 0


def test_the_table_names_members_by_position_and_counts_visible_linked_incidents(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    page = responses.response_page(source, ANALYST, PERIOD)
    assert page["response_id"].to_list() == ["r-amber", "r-exec"]  # same day: by id
    row = page.filter(page["response_id"] == "r-exec").row(0, named=True)
    assert row["lead_en"] == "France"
    assert row["joining_en"] == "Canada, Germany"
    assert row["declining_fr"] == "Italie"
    assert row["abstaining_en"] == "Japan"
    assert row["status_fr"] == "Exécutée"
    assert row["linked_incidents"] == 2
    au_row = responses.response_page(source, AU_OBSERVER, PERIOD).row(0, named=True)
    assert au_row["response_id"] == "r-exec"
    assert au_row["linked_incidents"] == 1


def test_pages_are_cut_in_sql(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    first = responses.response_page(source, ANALYST, Filters(), page=1, size=2)
    second = responses.response_page(source, ANALYST, Filters(), page=2, size=2)
    assert first.height == 2 and second["response_id"].to_list() == ["r-old"]


def test_every_member_position_is_listed_lead_first(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    frame = responses.member_positions(Source.live(empty_warehouse), ANALYST, "r-exec")
    assert frame["member_code"].to_list()[:5] == ["FR", "CA", "DE", "JP", "IT"]
    assert frame.height == 13  # members and observers, not the Coordination Unit
    assert frame.filter(frame["member_code"] == "AU")["position"].to_list() == [None]


def test_linked_incidents_exclude_those_the_viewer_may_not_see(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    assert sorted(responses.linked_incidents(source, ANALYST, "r-exec")["incident_id"]) == [
        "hidden",
        "seen",
    ]
    assert responses.linked_incidents(source, AU_OBSERVER, "r-exec")["incident_id"].to_list() == [
        "seen"
    ]
    assert responses.member_positions(source, AU_OBSERVER, "r-amber").is_empty()
