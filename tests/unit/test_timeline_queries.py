"""Timeline counts: binned by week or month on a continuous spine, over visible incidents only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from rrm_dash.access import Principal, Role
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.queries import timeline
from rrm_dash.queries.runner import Source
from tests.conftest import TODAY, insert_incident

AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
ANALYST = Principal("analyst", Role.ANALYST)
JANUARY = (date(2025, 1, 6), date(2025, 2, 2))  # four whole weeks, Monday to Sunday


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    for incident_id, day, heading, threat in (
        ("w1-mie", date(2025, 1, 7), "MIE", "disinformation"),
        ("w1-hrf", date(2025, 1, 12), "HRF", "transnational_repression"),
        ("w4-mie", date(2025, 1, 27), "MIE", "account_hijacking"),
        ("march", date(2025, 3, 15), "DIP", "voter_suppression"),
    ):
        insert_incident(con, incident_id, tlp="GREEN", originator="FR", heading=heading,
                        threat_type=threat, detected=day)  # fmt: skip
    insert_incident(con, "amber", tlp="AMBER", originator="FR", heading="DIP",
                    threat_type="covert_funding", detected=date(2025, 1, 8))  # fmt: skip
    insert_incident(con, "amber-au", tlp="AMBER", originator="FR", releasable_to=["AU"],
                    heading="DIP", threat_type="covert_funding", detected=date(2025, 1, 9))  # fmt: skip
    con.execute("insert into incident_country values ('w1-mie', 'CA', 'targeted'),"
                " ('w1-hrf', 'FR', 'targeted')")  # fmt: skip


def _counts(frame: pl.DataFrame) -> dict[tuple[date, str], int]:
    return {
        (row["bin_start"], row["series"]): row["incidents"]
        for row in frame.iter_rows(named=True)
        if row["incidents"]
    }


def _weekly(source: Source, viewer: Principal, filters: Filters) -> pl.DataFrame:
    return timeline.incidents_per_bin(source, viewer, filters, "week", "heading", JANUARY)


def test_weeks_form_a_continuous_spine_with_zeros_for_empty_weeks(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    frame = _weekly(Source.live(empty_warehouse), ANALYST, Filters(*JANUARY))
    weeks = [date(2025, 1, 6), date(2025, 1, 13), date(2025, 1, 20), date(2025, 1, 27)]
    assert frame["bin_start"].unique().sort().to_list() == weeks
    assert frame.height == len(weeks) * 3  # every week × every heading
    assert _counts(frame) == {
        (weeks[0], "MIE"): 1,
        (weeks[0], "HRF"): 1,
        (weeks[0], "DIP"): 2,
        (weeks[3], "MIE"): 1,
    }
    assert frame.filter(pl.col("bin_start") == weeks[1])["incidents"].to_list() == [0, 0, 0]


def test_months_start_on_the_first_and_include_empty_months(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    quarter = (date(2025, 1, 1), date(2025, 4, 30))
    frame = timeline.incidents_per_bin(
        Source.live(empty_warehouse), ANALYST, Filters(*quarter), "month", "heading", quarter
    )
    totals = frame.group_by("bin_start").agg(pl.col("incidents").sum()).sort("bin_start")
    assert totals["bin_start"].to_list() == [date(2025, month, 1) for month in (1, 2, 3, 4)]
    assert totals["incidents"].to_list() == [5, 0, 1, 0]


def test_threat_types_stack_under_their_heading(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    frame = timeline.incidents_per_bin(
        Source.live(empty_warehouse), ANALYST, Filters(*JANUARY), "week", "threat_type", JANUARY
    )
    assert frame.height == 4 * 14
    families = dict(frame.select("series", "family").unique().iter_rows())
    assert families["disinformation"] == "MIE"
    assert families["covert_funding"] == "DIP"
    assert _counts(frame)[(date(2025, 1, 6), "covert_funding")] == 2


def test_an_observer_never_counts_an_amber_incident_not_released_to_it(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    frame = _weekly(Source.live(empty_warehouse), AU_OBSERVER, Filters(*JANUARY))
    assert _counts(frame)[(date(2025, 1, 6), "DIP")] == 1  # only the one released to AU
    assert int(frame["incidents"].sum()) == 4


def test_the_filter_bar_narrows_the_counts(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    by_heading = _weekly(source, ANALYST, Filters(*JANUARY, headings=("HRF",)))
    assert _counts(by_heading) == {(date(2025, 1, 6), "HRF"): 1}
    by_member = _weekly(source, ANALYST, Filters(*JANUARY, members=("CA",)))
    assert _counts(by_member) == {(date(2025, 1, 6), "MIE"): 1}


def test_elections_overlaid_are_those_whose_window_meets_the_period(
    empty_warehouse: Path,
) -> None:
    source = Source.live(empty_warehouse)
    spring_2025 = (date(2025, 3, 1), date(2025, 5, 31))
    every = timeline.elections_in_period(source, ANALYST, Filters(*spring_2025), spring_2025)
    assert "ca.legislative-lower.2025-04-28" in every["election_id"].to_list()
    for row in every.iter_rows(named=True):
        assert row["watch_window_start"] <= spring_2025[1]
        assert row["watch_window_end"] >= spring_2025[0]
    canada = timeline.elections_in_period(
        source, ANALYST, Filters(*spring_2025, members=("CA",)), spring_2025
    )
    assert canada["election_id"].to_list() == ["ca.legislative-lower.2025-04-28"]
    assert canada["country_fr"].to_list() == ["Canada"]
    chosen = Filters(*spring_2025, election="ca.legislative-lower.2025-04-28")
    assert timeline.elections_in_period(source, ANALYST, chosen, spring_2025).height == 1


def test_the_period_is_the_filters_dates_or_the_last_year() -> None:
    assert timeline.timeline_period(Filters(*JANUARY), TODAY) == JANUARY
    start, end = timeline.timeline_period(Filters(), TODAY)
    assert end == TODAY and (end - start).days == 364
