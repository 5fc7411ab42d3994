"""Overview figures count exactly the incidents the viewer may see, this period against the last."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.queries import overview
from rrm_dash.queries.runner import Source, run, scoped_cursor
from tests.conftest import TODAY, insert_incident

AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
ANALYST = Principal("analyst", Role.ANALYST)
LAST_30_DAYS = Filters(date_from=TODAY - timedelta(days=29), date_to=TODAY)


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    for name, ago in {"today": 0, "day29": 29, "day30": 30, "day59": 59, "day60": 60}.items():
        insert_incident(
            con, f"g-{name}", tlp="GREEN", originator="FR", detected=TODAY - timedelta(days=ago)
        )
    insert_incident(con, "amber-hrf", tlp="AMBER", originator="FR", heading="HRF",
                    threat_type="transnational_repression", detected=TODAY)  # fmt: skip
    con.execute(
        "update incident set gender_dimension = 'targets_women' where incident_id = 'g-day29'"
    )
    con.execute("insert into incident_country values ('g-today', 'CA', 'targeted'),"
                " ('amber-hrf', 'CA', 'targeted'), ('amber-hrf', 'AU', 'origin')")  # fmt: skip
    con.execute(
        "insert into actor (actor_id, name, actor_kind, tlp, originator_member, created_at, updated_at)"
        " values ('a1', 'Copper Lantern', 'state_proxy', 'GREEN', 'FR', now(), now())"
    )
    con.execute(
        "insert into incident_actor values ('g-today', 'a1', 'perpetrator'), ('g-day29', 'a1', 'perpetrator')"
    )


def test_headings_compare_the_period_with_the_one_before(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    frame = overview.incidents_by_heading(Source.live(empty_warehouse), ANALYST, LAST_30_DAYS)
    counts = {
        row["heading"]: (row["current"], row["previous"]) for row in frame.iter_rows(named=True)
    }
    assert counts == {"DIP": (0, 0), "MIE": (2, 2), "HRF": (1, 0)}


def test_headings_are_counted_over_visible_incidents_only(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    frame = overview.incidents_by_heading(Source.live(empty_warehouse), AU_OBSERVER, LAST_30_DAYS)
    assert frame.filter(frame["heading"] == "HRF")["current"].to_list() == [0]


def test_without_a_period_there_is_no_previous_period(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    frame = overview.incidents_by_heading(Source.live(empty_warehouse), ANALYST, Filters())
    assert frame["previous"].null_count() == frame.height
    assert int(frame["current"].sum()) == 6


def test_targeted_members_count_only_targeted_roles_of_visible_incidents(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)

    def targeted(viewer: Principal) -> dict[str, int]:
        frame = overview.incidents_by_targeted_member(source, viewer, LAST_30_DAYS)
        return {row["member_code"]: row["current"] for row in frame.iter_rows(named=True)}

    assert targeted(ANALYST)["CA"] == 2
    assert targeted(ANALYST)["AU"] == 0  # AU is only the origin there
    assert targeted(AU_OBSERVER)["CA"] == 1
    assert "CU" not in targeted(ANALYST)
    assert len(targeted(ANALYST)) == 13


def test_key_figures_count_incidents_members_actors_and_gendered_targeting(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    figures = overview.key_figures(source, ANALYST, LAST_30_DAYS)
    assert figures == overview.KeyFigures(
        incidents=3, members_targeted=1, actors_seen=1, gender_or_vulnerable=1
    )
    assert overview.key_figures(source, AU_OBSERVER, LAST_30_DAYS).incidents == 2


def test_top_actors_rank_by_incidents_with_the_members_they_targeted(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    frame = overview.top_actors(Source.live(empty_warehouse), ANALYST, LAST_30_DAYS, 5)
    assert frame.select("name", "incidents", "members_en", "members_fr").rows() == [
        ("Copper Lantern", 2, "Canada", "Canada")
    ]


def test_upcoming_elections_are_those_not_over_and_within_the_horizon(
    empty_warehouse: Path,
) -> None:
    frame = overview.upcoming_elections(Source.live(empty_warehouse), ANALYST, TODAY, 365 * 5)
    assert frame.height > 0
    assert all(end >= TODAY for end in frame["date_end"].to_list())
    assert frame["date_start"].to_list() == sorted(frame["date_start"].to_list())
    for row in frame.filter(frame["in_watch_window"]).iter_rows(named=True):
        assert row["watch_window_start"] <= TODAY <= row["watch_window_end"]


@pytest.mark.parametrize("horizon_days", [0, 30, 90, 400, overview.NEXT_ELECTION_DAYS])
def test_every_horizon_lists_what_the_query_lists_for_it_from_one_read(
    empty_warehouse: Path, horizon_days: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = Source.live(empty_warehouse)
    horizons_read: list[object] = []

    def reading(*args: Any, **params: Any) -> pl.DataFrame:
        horizons_read.append(params["horizon_days"])
        return run(*args, **params)

    monkeypatch.setattr(overview, "run", reading)
    ahead = overview.upcoming_elections(source, ANALYST, TODAY, horizon_days)
    overview.upcoming_elections(source, ANALYST, TODAY, overview.ELECTION_HORIZON_DAYS)
    assert set(horizons_read) == {overview.NEXT_ELECTION_DAYS}
    asked = run(
        source,
        ANALYST,
        "overview/upcoming_elections",
        today=TODAY,
        horizon_days=horizon_days,
    )
    assert ahead.equals(asked)
    assert not overview.upcoming_elections(source, ANALYST, TODAY, 400).is_empty()
    with pytest.raises(ValueError, match="horizon_days"):
        overview.upcoming_elections(source, ANALYST, TODAY, overview.NEXT_ELECTION_DAYS + 1)


def test_open_responses_are_only_proposed_or_under_consultation(demo_source: Source) -> None:
    frame = overview.open_responses(demo_source, ANALYST, TODAY)
    assert frame.height > 0
    assert set(frame["status"].to_list()) <= {"proposed", "under_consultation"}


def test_demo_overview_counts_match_a_count_over_the_visible_rows(demo_source: Source) -> None:
    filters = Filters.default(TODAY)
    for viewer in (ANALYST, AU_OBSERVER):
        frame = overview.incidents_by_heading(demo_source, viewer, filters)
        with scoped_cursor(demo_source, viewer) as cursor:
            visible = cursor.sql(
                "select count(*) from scoped_incident()"
                " where detected_at::date between $from_day and $today::date",
                params={"today": TODAY, "from_day": filters.date_from},
            ).fetchall()[0][0]
        assert int(frame["current"].sum()) == visible
        assert visible > 0
