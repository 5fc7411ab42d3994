"""The filter bar's values survive a trip through the URL and narrow incidents in SQL, within scope."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb

from rrm_dash.access import Principal, Role
from rrm_dash.filters import Filters, from_query_params, to_query_params
from rrm_dash.ingest.load import publish
from rrm_dash.queries.runner import Source, scoped_cursor
from tests.conftest import TODAY, insert_incident

DEFAULTS = Filters.default(date(2026, 11, 22))
ANALYST = Principal("analyst", Role.ANALYST)
AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")


def test_the_default_period_is_the_last_twelve_months_including_today() -> None:
    assert DEFAULTS.date_to == date(2026, 11, 22)
    assert DEFAULTS.period_days() == 365


def test_filters_round_trip_through_the_url() -> None:
    chosen = DEFAULTS.with_changes(
        date_from=date(2025, 1, 1),
        members=("CA", "FR"),
        headings=("MIE",),
        techniques=("T0049", "T0097.100"),
        tlp=("AMBER+STRICT",),
        election="ca.legislative-lower.2025-04-28",
    )
    params = to_query_params(chosen, DEFAULTS)
    assert params["member"] == "CA,FR"
    assert "to" not in params  # defaults stay out of the link
    assert from_query_params(params, DEFAULTS) == chosen


def test_malformed_url_values_fall_back_to_the_defaults() -> None:
    parsed = from_query_params(
        {"from": "yesterday", "member": "CA,<script>,FR", "election": "x' or 1=1"}, DEFAULTS
    )
    assert parsed.date_from == DEFAULTS.date_from
    assert parsed.members == ("CA", "FR")
    assert parsed.election is None


def test_dates_in_a_link_are_kept_between_2018_and_today() -> None:
    parsed = from_query_params(
        {"from": "2010-01-01", "to": "2031-01-01"}, DEFAULTS, date(2018, 1, 1)
    )
    assert (parsed.date_from, parsed.date_to) == (date(2018, 1, 1), DEFAULTS.date_to)


def test_a_reversed_date_range_is_put_the_right_way_round() -> None:
    parsed = from_query_params({"from": "2026-05-01", "to": "2026-01-01"}, DEFAULTS)
    assert (parsed.date_from, parsed.date_to) == (date(2026, 1, 1), date(2026, 5, 1))


def test_the_previous_period_has_the_same_length_and_ends_the_day_before() -> None:
    current = DEFAULTS.with_changes(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
    previous = current.previous_period()
    assert previous is not None
    assert (previous.date_from, previous.date_to) == (date(2026, 10, 2), date(2026, 10, 31))


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    insert_incident(con, "old", tlp="GREEN", originator="FR", detected=TODAY - timedelta(days=400))
    insert_incident(con, "mie-ca", tlp="GREEN", originator="FR")
    insert_incident(
        con,
        "hrf-fr",
        tlp="GREEN",
        originator="FR",
        heading="HRF",
        threat_type="transnational_repression",
    )
    insert_incident(con, "amber-actor", tlp="GREEN", originator="FR")
    con.execute(
        "insert into incident_country values ('mie-ca', 'CA', 'targeted'), ('hrf-fr', 'FR', 'targeted'),"
        " ('hrf-fr', 'CA', 'amplification')"
    )
    con.execute(
        "insert into incident_technique values ('mie-ca', 'T0049', 'v1'), ('hrf-fr', 'T0097.100', 'v1')"
    )
    con.execute(
        "insert into actor (actor_id, name, actor_kind, tlp, originator_member, created_at, updated_at)"
        " values ('secret-actor', 'Amber-only actor', 'unknown', 'AMBER', 'FR', now(), now())"
    )
    con.execute("insert into incident_actor values ('amber-actor', 'secret-actor', 'perpetrator')")


def _ids(source: Source, viewer: Principal, filters: Filters) -> set[str]:
    with scoped_cursor(source, viewer, filters) as cursor:
        return {
            row[0] for row in cursor.sql("select incident_id from filtered_incident()").fetchall()
        }


def test_each_filter_narrows_the_incidents(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    defaults = Filters.default(TODAY)
    assert _ids(source, ANALYST, defaults) == {"mie-ca", "hrf-fr", "amber-actor"}
    assert _ids(source, ANALYST, Filters()) == {"old", "mie-ca", "hrf-fr", "amber-actor"}
    assert _ids(source, ANALYST, defaults.with_changes(members=("CA",))) == {"mie-ca"}
    assert _ids(source, ANALYST, defaults.with_changes(headings=("HRF",))) == {"hrf-fr"}
    assert _ids(source, ANALYST, defaults.with_changes(techniques=("T0049",))) == {"mie-ca"}
    assert _ids(source, ANALYST, defaults.with_changes(techniques=("T0097",))) == {"hrf-fr"}
    assert _ids(source, ANALYST, defaults.with_changes(techniques=("T0097.100",))) == {"hrf-fr"}
    assert _ids(source, ANALYST, defaults.with_changes(tactics=("TA16",))) == {"hrf-fr"}
    assert _ids(source, ANALYST, defaults.with_changes(actors=("secret-actor",))) == {"amber-actor"}
    assert _ids(source, ANALYST, defaults.with_changes(tlp=("RED",))) == set()


def test_filtering_on_an_actor_the_viewer_may_not_see_reveals_nothing(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    chosen = Filters.default(TODAY).with_changes(actors=("secret-actor",))
    assert _ids(source, AU_OBSERVER, chosen) == set()
    assert "amber-actor" in _ids(source, AU_OBSERVER, Filters.default(TODAY))


def test_an_actor_filter_whose_visible_actors_were_never_computed_matches_nothing(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    chosen = Filters.default(TODAY).with_changes(actors=("secret-actor",))
    with scoped_cursor(source, ANALYST, chosen) as cursor:
        cursor.execute("reset variable filter_visible_actors")
        rows = cursor.sql("select incident_id from filtered_incident()").fetchall()
    assert rows == []


def test_a_list_filter_matches_an_incident_sharing_any_chosen_value(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    with scoped_cursor(Source.live(empty_warehouse), ANALYST) as cursor:
        tested = cursor.sql(
            "select has_any_of(['CA', 'FR'], ['US', 'FR']), has_any_of(['CA'], ['US']),"
            " has_any_of([], ['US']), has_any_of(null, ['US']), has_any_of(['CA'], null)"
        ).fetchall()
    assert tested == [(True, False, False, False, False)]
