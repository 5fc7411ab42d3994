"""Elections: the calendar's order, and a watch window counted against the country's baseline."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.queries import elections
from rrm_dash.queries.runner import Source
from tests.conftest import TODAY, insert_incident

AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
ANALYST = Principal("analyst", Role.ANALYST)
WINDOW = (date(2025, 3, 1), date(2025, 3, 28))  # 28 days: 13 such stretches in 52 weeks
OPENS = WINDOW[0]


def _incident(
    con: duckdb.DuckDBPyConnection, incident_id: str, day: date, country: str = "CA", **kw: object
) -> None:
    kw.setdefault("tlp", "GREEN")
    insert_incident(con, incident_id, originator="FR", detected=day, **kw)  # type: ignore[arg-type]
    con.execute("insert into incident_country values (?, ?, 'targeted')", [incident_id, country])


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    for index in range(26):  # 26 in the 52 weeks before: a baseline of 2 per 28 days
        _incident(con, f"before-{index}", OPENS - timedelta(days=1 + index * 13))
    for index in range(5):
        _incident(con, f"in-{index}", OPENS + timedelta(days=index * 6))
    _incident(con, "in-hrf", WINDOW[1], heading="HRF", threat_type="transnational_repression")
    _incident(con, "too-early", OPENS - timedelta(days=365))
    _incident(con, "after", WINDOW[1] + timedelta(days=1))
    _incident(con, "other-country", OPENS + timedelta(days=2), country="FR")
    _incident(con, "amber", OPENS + timedelta(days=3), tlp="AMBER")
    con.execute(
        "insert into actor (actor_id, name, actor_kind, tlp, originator_member, created_at,"
        " updated_at) values ('ACT-1', 'Operation Test', 'state', 'GREEN', 'FR', now(), now()),"
        " ('ACT-2', 'Hidden Actor', 'state', 'RED', 'FR', now(), now())"
    )
    con.execute(
        "insert into incident_actor values ('in-0', 'ACT-1', 'perpetrator'),"
        " ('in-1', 'ACT-1', 'perpetrator'), ('in-2', 'ACT-2', 'perpetrator'),"
        " ('before-0', 'ACT-1', 'perpetrator')"
    )
    con.execute(
        "insert into incident_technique values ('in-0', 'T0023', 'v1.6'),"
        " ('in-1', 'T0023', 'v1.6'), ('in-1', 'T0086', 'v1.6'), ('amber', 'T0087', 'v1.6')"
    )


def _source(warehouse: Path) -> Source:
    publish(warehouse, _fill)
    return Source.live(warehouse)


def test_the_baseline_is_the_average_per_window_length_over_the_52_weeks_before(
    empty_warehouse: Path,
) -> None:
    source = _source(empty_warehouse)
    row = elections.window_vs_baseline(source, ANALYST, Filters(), "CA", WINDOW).row(0, named=True)
    assert row["in_window"] == 7  # five, the HRF one and the AMBER one; not FR's, not after
    assert row["before_window"] == 26  # not the one more than 52 weeks before
    assert row["baseline"] == pytest.approx(2.0)


def test_the_window_keeps_the_filter_bars_other_filters(empty_warehouse: Path) -> None:
    source = _source(empty_warehouse)
    filters = Filters(date_from=TODAY, date_to=TODAY, headings=("HRF",), election="x.y.z")
    row = elections.window_vs_baseline(source, ANALYST, filters, "CA", WINDOW).row(0, named=True)
    assert (row["in_window"], row["before_window"]) == (1, 0)
    scoped = elections.window_filters(filters, "CA", *WINDOW)
    assert (scoped.date_from, scoped.date_to, scoped.members) == (*WINDOW, ("CA",))
    assert scoped.election is None and scoped.headings == ("HRF",)


def test_an_observer_never_counts_an_amber_incident_not_released_to_it(
    empty_warehouse: Path,
) -> None:
    source = _source(empty_warehouse)
    row = elections.window_vs_baseline(source, AU_OBSERVER, Filters(), "CA", WINDOW).row(
        0, named=True
    )
    assert row["in_window"] == 6
    techniques = elections.top_techniques(source, AU_OBSERVER, Filters(), "CA", WINDOW)
    assert "T0087" not in techniques["disarm_id"].to_list()


def test_top_techniques_and_actors_are_those_seen_in_the_window(empty_warehouse: Path) -> None:
    source = _source(empty_warehouse)
    techniques = elections.top_techniques(source, ANALYST, Filters(), "CA", WINDOW)
    assert techniques["disarm_id"].to_list() == ["T0023", "T0086", "T0087"]
    assert techniques["incidents"].to_list() == [2, 1, 1]
    assert techniques["name"][0] == "Distort Facts"
    actors = elections.top_actors(source, ANALYST, Filters(), "CA", WINDOW)
    assert actors["name"].to_list() == ["Operation Test"]  # the RED actor stays hidden
    assert actors["incidents"].to_list() == [2]  # not the one before the window
    assert actors["actor_kind_fr"].to_list() == ["État"]


def test_change_against_the_baseline_and_a_baseline_too_thin_to_compare() -> None:
    comparison = elections.compare_with_baseline(7, 2.0, minimum=1.0)
    assert comparison.change == pytest.approx(2.5)
    assert not comparison.too_thin
    assert elections.compare_with_baseline(7, 2.0).too_thin  # under the default minimum of 3
    assert elections.compare_with_baseline(2, 4.0).change == pytest.approx(-0.5)


def test_only_the_elapsed_part_of_a_window_is_counted() -> None:
    assert elections.counted_window_end(*WINDOW, date(2025, 2, 1)) is None
    assert elections.counted_window_end(*WINDOW, date(2025, 3, 10)) == date(2025, 3, 10)
    assert elections.counted_window_end(*WINDOW, date(2026, 1, 1)) == WINDOW[1]


def test_the_calendar_lists_upcoming_elections_soonest_first_then_past_latest_first(
    empty_warehouse: Path,
) -> None:
    frame = elections.calendar(Source.live(empty_warehouse), ANALYST, Filters(), TODAY)
    upcoming = frame.filter(frame["upcoming"])
    past = frame.filter(~frame["upcoming"])
    assert upcoming.height > 0 and past.height > 0
    assert frame["upcoming"].to_list() == [True] * upcoming.height + [False] * past.height
    assert upcoming["date_start"].to_list() == sorted(upcoming["date_start"].to_list())
    assert past["date_start"].to_list() == sorted(past["date_start"].to_list(), reverse=True)
    assert all(end < TODAY for end in past["date_end"].to_list())
    assert frame["status_fr"].null_count() == 0 and frame["election_type_en"].null_count() == 0


def test_the_calendar_follows_the_targeted_members_filter(empty_warehouse: Path) -> None:
    source = Source.live(empty_warehouse)
    frame = elections.calendar(source, ANALYST, Filters(members=("CA", "NZ")), TODAY)
    assert set(frame["country"].to_list()) == {"CA", "NZ"}
