"""The briefing's content: the period's figures against the previous period, the most important
developments found in the data, the elections ahead, and the highest marking among what it shows
— all for the reader's scope and ceiling."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.analytics.surges import last_complete_week
from rrm_dash.briefing.content import Briefing, briefing_filters, build_briefing
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.reference import load_reference
from rrm_dash.queries import overview
from rrm_dash.queries.runner import Source
from tests.canary import CANARY_RECORDS, VIEWERS, build_canary_warehouse, may_see
from tests.conftest import TODAY, insert_incident

NOW = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC).replace(hour=9)
ANALYST = Principal("ana", Role.ANALYST)
#: Incidents a week against France before the surge, and in the week of the surge.
USUAL, SURGE = 2, 12
WEEKS = 60


def _targeting(con: duckdb.DuckDBPyConnection, incident_id: str, country: str) -> None:
    con.execute(
        "insert into incident_country values ($id, $country, 'targeted')",
        {"id": incident_id, "country": country},
    )


def _weekly_incidents(con: duckdb.DuckDBPyConnection, surge: bool) -> None:
    """USUAL GREEN incidents against France every week for WEEKS weeks; with `surge`, SURGE of
    them in the last complete week."""
    current = last_complete_week(TODAY)
    for back in range(WEEKS):
        monday = current - timedelta(weeks=back)
        count = SURGE if surge and back == 0 else USUAL
        for index in range(count):
            incident_id = f"inc-{monday.isoformat()}-{index}"
            detected = monday + timedelta(days=index % 5)
            insert_incident(
                con, incident_id, tlp="GREEN", originator="FR", detected=min(detected, TODAY)
            )
            _targeting(con, incident_id, "FR")


def _warehouse(folder: Path, *, surge: bool, amber: bool = False) -> Source:
    published = folder / "rrm.duckdb"
    publish(published, lambda con: load_reference(con, TODAY), start_empty=True)

    def add(con: duckdb.DuckDBPyConnection) -> None:
        _weekly_incidents(con, surge)
        if amber:
            insert_incident(
                con, "inc-amber", tlp="AMBER", originator="CA", detected=TODAY - timedelta(days=20)
            )
            _targeting(con, "inc-amber", "CA")

    publish(published, add)
    return Source.live(published)


@pytest.fixture(scope="module")
def surge_source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    return _warehouse(tmp_path_factory.mktemp("surge"), surge=True, amber=True)


@pytest.fixture(scope="module")
def flat_source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    return _warehouse(tmp_path_factory.mktemp("flat"), surge=False)


def brief(source: Source, principal: Principal, lang: str = "en", **filters: object) -> Briefing:
    return build_briefing(
        source, principal, Filters.default(TODAY).with_changes(**filters), lang=lang, now=NOW
    )


def test_an_open_period_becomes_the_last_twelve_months_and_never_runs_past_today() -> None:
    default = Filters.default(TODAY)
    assert briefing_filters(Filters(), TODAY) == default
    later = Filters(date_from=TODAY - timedelta(days=30), date_to=TODAY + timedelta(days=30))
    assert briefing_filters(later, TODAY).date_to == TODAY
    ended = briefing_filters(Filters(date_to=TODAY - timedelta(days=100)), TODAY)
    assert ended.period_days() == 365
    assert ended.date_to == TODAY - timedelta(days=100)


def test_key_figures_compare_the_period_with_the_one_before(demo_source: Source) -> None:
    filters = Filters.default(TODAY).with_changes(date_from=TODAY - timedelta(days=89))
    briefing = build_briefing(demo_source, ANALYST, filters, lang="en", now=NOW)
    current = overview.key_figures(demo_source, ANALYST, filters)
    previous_filters = filters.previous_period()
    assert previous_filters is not None
    previous = overview.key_figures(demo_source, ANALYST, previous_filters)
    figures = {figure.key: figure for figure in briefing.figures}
    assert figures["incidents"].value == current.incidents > 0
    assert figures["incidents"].previous == previous.incidents
    assert figures["actors_seen"].value == current.actors_seen
    assert briefing.period == (TODAY - timedelta(days=89), TODAY)
    assert briefing.previous == (previous_filters.date_from, previous_filters.date_to)


def test_the_figures_count_exactly_the_incidents_of_the_period(surge_source: Source) -> None:
    period = (TODAY - timedelta(days=27), TODAY)
    briefing = brief(surge_source, ANALYST.with_ceiling("GREEN"), date_from=period[0])
    current = last_complete_week(TODAY)
    expected = sum(
        1
        for back in range(WEEKS)
        for index in range(SURGE if back == 0 else USUAL)
        if period[0]
        <= min(current - timedelta(weeks=back) + timedelta(days=index % 5), TODAY)
        <= period[1]
    )
    incidents = next(figure for figure in briefing.figures if figure.key == "incidents")
    assert incidents.value == expected


def test_the_largest_surge_is_one_of_the_developments_in_the_readers_language(
    surge_source: Source,
) -> None:
    for lang, country in (("en", "France"), ("fr", "France")):
        briefing = brief(surge_source, ANALYST, lang)
        surges = [d for d in briefing.developments if d.kind == "surge"]
        assert surges, briefing.developments
        assert surges[0].level == "high"
        assert country in surges[0].text
        assert str(SURGE) in surges[0].text
        assert len(briefing.developments) <= 3
    assert surges[0].link_params.get("member") == "FR"


def test_steady_activity_makes_no_development(flat_source: Source) -> None:
    assert brief(flat_source, ANALYST).developments == ()


def test_the_marking_is_the_highest_among_what_the_briefing_shows(
    surge_source: Source, empty_warehouse: Path
) -> None:
    assert brief(surge_source, ANALYST).marking == "AMBER"
    assert brief(surge_source, ANALYST.with_ceiling("GREEN")).marking == "GREEN"
    assert brief(surge_source, ANALYST.with_ceiling("GREEN")).ceiling == "GREEN"
    nothing = brief(Source.live(empty_warehouse), ANALYST)
    assert nothing.marking == "CLEAR"
    assert not nothing.has_incidents and nothing.developments == ()


def test_a_ceiling_leaves_out_what_is_marked_above_it(surge_source: Source) -> None:
    everything = brief(surge_source, ANALYST, date_from=TODAY - timedelta(days=27))
    capped = brief(
        surge_source, ANALYST.with_ceiling("GREEN"), date_from=TODAY - timedelta(days=27)
    )
    counts = {b.ceiling: {f.key: f.value for f in b.figures} for b in (everything, capped)}
    assert counts["RED"]["incidents"] == counts["GREEN"]["incidents"] + 1  # the AMBER one
    assert counts["RED"]["members_targeted"] == 2 and counts["GREEN"]["members_targeted"] == 1


@pytest.mark.parametrize("as_of", [date(2024, 5, 1), date(2022, 3, 1)])
def test_elections_ahead_are_those_under_way_or_due_within_90_days_soonest_first(
    demo_source: Source, as_of: date
) -> None:
    briefing = brief(demo_source, ANALYST, date_from=as_of - timedelta(days=89), date_to=as_of)
    upcoming = overview.upcoming_elections(demo_source, ANALYST, as_of, 90)
    assert upcoming.height > 0, "the reference calendar has votes in these 90 days"
    assert [e.election_id for e in briefing.elections] == upcoming["election_id"].to_list()[:6]
    assert all(e.days_to_vote <= 90 for e in briefing.elections)
    starts = [e.date_start for e in briefing.elections]
    assert starts == sorted(starts)


def test_with_no_vote_in_the_next_90_days_the_next_one_is_listed(demo_source: Source) -> None:
    as_of = date(2023, 1, 15)  # the next vote of a member or observer is in October 2023
    assert overview.upcoming_elections(demo_source, ANALYST, as_of, 90).is_empty()
    briefing = brief(demo_source, ANALYST, date_from=as_of - timedelta(days=89), date_to=as_of)
    assert len(briefing.elections) == 1
    assert briefing.elections[0].days_to_vote > 90
    assert briefing.elections[0].date_start.year == 2023


def test_the_weekly_chart_covers_every_week_of_the_period(surge_source: Source) -> None:
    briefing = brief(surge_source, ANALYST, date_from=TODAY - timedelta(days=55))
    weeks = [point.week for point in briefing.weeks]
    assert weeks == sorted(weeks) and len(weeks) in (8, 9, 10)
    assert all(week.weekday() == 0 for week in weeks)
    assert sum(point.incidents for point in briefing.weeks) == next(
        f.value for f in briefing.figures if f.key == "incidents"
    )


@pytest.fixture(scope="module")
def canary_source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    return Source.live(
        build_canary_warehouse(tmp_path_factory.mktemp("canary") / "rrm.duckdb", TODAY)
    )


@pytest.mark.parametrize("viewer", ["analyst", "ca_focal", "au_observer", "leadership"])
def test_no_briefing_holds_a_canary_above_its_ceiling_or_outside_its_scope(
    canary_source: Source, viewer: str
) -> None:
    reader = VIEWERS[viewer].with_ceiling("GREEN")
    for lang in ("en", "fr"):
        shown = repr(brief(canary_source, reader, lang))
        hidden = [
            token
            for canary in CANARY_RECORDS
            if not may_see(reader, canary.marking)
            for token in canary.tokens()
        ]
        assert not [token for token in hidden if token in shown]


def test_the_canaries_raise_the_marking_only_as_far_as_the_reader_may_see(
    canary_source: Source,
) -> None:
    assert brief(canary_source, VIEWERS["analyst"]).marking == "RED"
    assert brief(canary_source, VIEWERS["analyst"].with_ceiling("GREEN")).marking == "GREEN"
    assert brief(canary_source, VIEWERS["au_observer"].with_ceiling("AMBER")).marking == "AMBER"
