"""Overview figures count exactly the incidents the viewer may see, in the right windows."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb

from rrm_dash.access import Principal, Role
from rrm_dash.ingest.load import publish
from rrm_dash.queries import overview
from rrm_dash.queries.runner import Source
from tests.conftest import TODAY, insert_incident

AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
ANALYST = Principal("analyst", Role.ANALYST)


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    days = {"today": 0, "day29": 29, "day30": 30, "day89": 89, "day90": 90}
    for name, ago in days.items():
        insert_incident(
            con, f"g-{name}", tlp="GREEN", originator="FR", detected=TODAY - timedelta(days=ago)
        )
    insert_incident(con, "amber-hrf", tlp="AMBER", originator="FR", heading="HRF",
                    threat_type="transnational_repression", detected=TODAY)  # fmt: skip
    insert_incident(con, "future", tlp="GREEN", originator="FR", detected=TODAY + timedelta(days=1))
    con.execute("insert into incident_country values ('g-today', 'CA', 'targeted'),"
                " ('amber-hrf', 'CA', 'targeted'), ('amber-hrf', 'AU', 'origin')")  # fmt: skip


def test_windows_count_the_last_30_and_90_days_including_today(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    frame = overview.incidents_by_heading(Source.live(empty_warehouse), ANALYST, TODAY)
    counts = {
        row["heading"]: (row["last_30_days"], row["last_90_days"])
        for row in frame.iter_rows(named=True)
    }
    assert counts == {"DIP": (0, 0), "MIE": (2, 4), "HRF": (1, 1)}


def test_headings_are_counted_over_visible_incidents_only(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    frame = overview.incidents_by_heading(Source.live(empty_warehouse), AU_OBSERVER, TODAY)
    assert frame.filter(frame["heading"] == "HRF")["last_30_days"].to_list() == [0]


def test_targeted_members_count_only_targeted_roles_of_visible_incidents(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)

    def targeted(viewer: Principal) -> dict[str, int]:
        frame = overview.incidents_by_targeted_member(source, viewer, TODAY)
        return {row["member_code"]: row["last_30_days"] for row in frame.iter_rows(named=True)}

    assert targeted(ANALYST)["CA"] == 2
    assert targeted(ANALYST)["AU"] == 0  # AU is only the origin there
    assert targeted(AU_OBSERVER)["CA"] == 1
    assert "CU" not in targeted(ANALYST)
    assert len(targeted(ANALYST)) == 13


def test_upcoming_elections_are_those_not_over_and_within_the_horizon(
    empty_warehouse: Path,
) -> None:
    frame = overview.upcoming_elections(Source.live(empty_warehouse), ANALYST, TODAY, 365 * 5)
    assert frame.height > 0
    assert all(end >= TODAY for end in frame["date_end"].to_list())
    assert frame["date_start"].to_list() == sorted(frame["date_start"].to_list())
    inside = frame.filter(frame["in_watch_window"])
    for row in inside.iter_rows(named=True):
        assert row["watch_window_start"] <= TODAY <= row["watch_window_end"]


def test_demo_overview_counts_match_a_count_over_the_visible_rows(demo_source: Source) -> None:
    from rrm_dash.queries.runner import scoped_cursor

    for viewer in (ANALYST, AU_OBSERVER):
        frame = overview.incidents_by_heading(demo_source, viewer, TODAY)
        with scoped_cursor(demo_source, viewer) as cursor:
            visible = cursor.sql(
                "select count(*) from scoped_incident()"
                " where detected_at::date between $today::date - 89 and $today::date",
                params={"today": TODAY},
            ).fetchall()[0][0]
        assert int(frame["last_90_days"].sum()) == visible
        assert visible > 0
