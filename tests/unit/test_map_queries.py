"""Map queries count exactly the incidents the viewer may see, and ship locations only in cells."""

from __future__ import annotations

from pathlib import Path

import duckdb

from rrm_dash.access import Principal, Role
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.queries import map as map_queries
from rrm_dash.queries.runner import Source, scoped_cursor
from tests.conftest import TODAY, insert_incident

AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
ANALYST = Principal("analyst", Role.ANALYST)
ALL_TIME = Filters()


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    insert_incident(con, "green-paris", tlp="GREEN", originator="FR")
    insert_incident(con, "green-lyon", tlp="GREEN", originator="FR")
    insert_incident(con, "amber-tokyo", tlp="AMBER", originator="JP")
    insert_incident(con, "amber-for-au", tlp="AMBER", originator="JP", releasable_to=["AU"])
    con.execute(
        "update incident set latitude = 48.86, longitude = 2.35, place_name = 'Paris'"
        " where incident_id = 'green-paris';"
        "update incident set latitude = 45.76, longitude = 4.84, place_name = 'Lyon'"
        " where incident_id = 'green-lyon';"
        "update incident set latitude = 35.68, longitude = 139.69, place_name = 'Tokyo'"
        " where incident_id in ('amber-tokyo', 'amber-for-au')"
    )
    con.execute(
        "insert into incident_country values ('green-paris', 'FR', 'targeted'),"
        " ('green-paris', 'EU', 'targeted'), ('green-lyon', 'FR', 'targeted'),"
        " ('green-lyon', 'XA', 'origin'), ('amber-tokyo', 'JP', 'targeted'),"
        " ('amber-tokyo', 'NATO', 'targeted'), ('amber-for-au', 'BR', 'targeted')"
    )


def _counts(source: Source, viewer: Principal) -> dict[str, int]:
    frame = map_queries.targeted_countries(source, viewer, ALL_TIME)
    return dict(zip(frame["country_code"], frame["incidents"], strict=True))


def test_countries_count_targeted_roles_only_with_groupings(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    counts = _counts(Source.live(empty_warehouse), ANALYST)
    assert counts == {"FR": 2, "EU": 1, "JP": 1, "NATO": 1, "BR": 1}


def test_observer_never_sees_amber_incidents_on_the_map(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    assert _counts(source, AU_OBSERVER) == {"FR": 2, "EU": 1, "BR": 1}
    bins = map_queries.incident_bins(source, AU_OBSERVER, ALL_TIME)
    tokyo = bins.filter(bins["top_place"] == "Tokyo")
    assert tokyo["incidents"].to_list() == [1]  # only the one released to AU
    assert int(bins["incidents"].sum()) == 3


def test_only_members_and_observers_can_be_filters(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    frame = map_queries.targeted_countries(Source.live(empty_warehouse), ANALYST, ALL_TIME)
    filterable = dict(zip(frame["country_code"], frame["filterable"], strict=True))
    assert filterable == {"FR": True, "EU": True, "JP": True, "NATO": True, "BR": False}
    assert frame.filter(frame["country_code"] == "NATO")["name_fr"].to_list() == ["OTAN"]


def test_locations_are_cells_not_points(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    bins = map_queries.incident_bins(Source.live(empty_warehouse), ANALYST, ALL_TIME)
    assert bins["cell"].unique().to_list() == [0.5]
    for row in bins.iter_rows(named=True):
        assert (row["latitude"] / 0.5 - 0.5) % 1 == 0 and (row["longitude"] / 0.5 - 0.5) % 1 == 0
    assert bins.filter(bins["top_place"] == "Paris")["latitude"].to_list() == [48.75]


def test_a_coarser_grid_is_chosen_when_cells_would_exceed_the_bound(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    bins = map_queries.incident_bins(source, ANALYST, ALL_TIME, cells=(0.5, 5.0), max_bins=2)
    assert bins["cell"].unique().to_list() == [5.0]
    assert bins.height == 2  # Paris and Lyon share a 5° cell; Tokyo has its own
    assert sorted(bins["incidents"].to_list()) == [2, 2]


def test_demo_map_counts_match_a_count_over_the_visible_rows(demo_source: Source) -> None:
    filters = Filters.default(TODAY)
    for viewer in (ANALYST, AU_OBSERVER):
        counts = _counts_for(demo_source, viewer, filters)
        with scoped_cursor(demo_source, viewer, filters) as cursor:
            rows = cursor.sql(
                "select country_code, count(distinct incident_id) from scoped_incident_country()"
                " where role = 'targeted' and incident_id in"
                " (select incident_id from filtered_incident()) group by all"
            ).fetchall()
            located = cursor.sql(
                "select count(*) from filtered_incident() where latitude is not null"
            ).fetchall()[0][0]
        assert counts == dict(rows)
        bins = map_queries.incident_bins(demo_source, viewer, filters)
        assert int(bins["incidents"].sum()) == located > 0
        assert bins.height <= map_queries.MAX_BINS


def _counts_for(source: Source, viewer: Principal, filters: Filters) -> dict[str, int]:
    frame = map_queries.targeted_countries(source, viewer, filters)
    return dict(zip(frame["country_code"], frame["incidents"], strict=True))
