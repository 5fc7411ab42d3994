"""Aggregates never count a hidden row: each viewer's key figures, timeline, DISARM and map
totals grow by exactly the canaries that viewer may see, and equal a count of its visible rows.

The demo is published, then the canaries on top (tests/canary.py); both snapshots stay on
disk, so every aggregate is computed on each. The difference must be the number of canaries
the viewer may see by docs/access.md (computed in Python): a canary the viewer may not see
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import pytest

from rrm_dash.access import Principal, with_role_ceiling
from rrm_dash.filters import Filters
from rrm_dash.ingest.demo import publish_demo
from rrm_dash.ingest.load import publish
from rrm_dash.queries import disarm, overview, timeline
from rrm_dash.queries import map as map_queries
from rrm_dash.queries.runner import Source, scoped_cursor
from tests.canary import DEMO_INCIDENTS, VIEWERS, add_canaries, visible_canaries
from tests.conftest import TODAY


@dataclass(frozen=True)
class Snapshots:
    demo: Source
    canaries: Source


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> Snapshots:
    published = tmp_path_factory.mktemp("canary-aggregates") / "rrm.duckdb"
    publish_demo(published, incidents=DEMO_INCIDENTS, today=TODAY)
    demo = Source.live(published)
    publish(published, lambda con: add_canaries(con, TODAY))
    return Snapshots(demo, Source.live(published))


def aggregates(source: Source, principal: Principal) -> dict[str, int]:
    """Every aggregate a view shows that counts incidents, under the default filters."""
    filters = Filters.default(TODAY)
    figures = overview.key_figures(source, principal, filters)
    period = timeline.timeline_period(filters, TODAY)
    counts = disarm.technique_counts(source, principal, filters)
    totals = disarm.filtered_totals(source, principal, filters)
    by_heading = overview.incidents_by_heading(source, principal, filters)
    countries = map_queries.targeted_countries(source, principal, filters)
    result = {
        "overview.incidents": figures.incidents,
        "overview.actors_seen": figures.actors_seen,
        "overview.gender_or_vulnerable": figures.gender_or_vulnerable,
        "overview.by_heading": int(by_heading["current"].sum()),
        "disarm.incidents": int(totals["incidents"][0]),
        "disarm.tagged": int(totals["tagged_incidents"][0]),
        "disarm.T0049": int(counts.filter(pl.col("disarm_id") == "T0049")["incidents"].sum()),
        "disarm.T0085": int(counts.filter(pl.col("disarm_id") == "T0085")["incidents"].sum()),
        "map.CA": int(countries.filter(pl.col("country_code") == "CA")["incidents"].sum()),
        "map.FR": int(countries.filter(pl.col("country_code") == "FR")["incidents"].sum()),
        "map.bins": int(map_queries.incident_bins(source, principal, filters)["incidents"].sum()),
    }
    for granularity in timeline.GRANULARITIES:
        for stack in timeline.STACKS:
            bins = timeline.incidents_per_bin(
                source, principal, filters, granularity, stack, period
            )
            result[f"timeline.{granularity}.{stack}"] = int(bins["incidents"].sum())
    return result


def visible_row_count(source: Source, principal: Principal) -> int:
    """The filtered incidents the viewer may see, counted straight from the read model."""
    with scoped_cursor(source, principal, Filters.default(TODAY)) as cursor:
        row = cursor.execute("select count(*) from filtered_incident()").fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_every_aggregate_grows_by_exactly_the_canaries_the_viewer_may_see(
    snapshots: Snapshots, viewer: str
) -> None:
    principal = with_role_ceiling(VIEWERS[viewer])
    before = aggregates(snapshots.demo, principal)
    after = aggregates(snapshots.canaries, principal)
    seen = len(visible_canaries(viewer))
    # each canary: one incident, targeting CA and FR, targets women, tagged T0049 and
    # T0085.001, its own actor, its own map cell
    assert {name: after[name] - before[name] for name in after} == dict.fromkeys(after, seen)


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_the_incident_totals_equal_the_rows_the_viewer_may_see(
    snapshots: Snapshots, viewer: str
) -> None:
    principal = with_role_ceiling(VIEWERS[viewer])
    shown = aggregates(snapshots.canaries, principal)
    rows = visible_row_count(snapshots.canaries, principal)
    # (map bins count located incidents only: checked by the difference test above)
    for name in ("overview.incidents", "overview.by_heading", "disarm.incidents"):
        assert shown[name] == rows, name
    for name in (n for n in shown if n.startswith("timeline.")):
        assert shown[name] == rows, name


def test_the_viewers_see_different_numbers_of_canaries() -> None:
    """The canaries discriminate: from the leadership's 2 to the French focal point's 8."""
    seen = {viewer: len(visible_canaries(viewer)) for viewer in VIEWERS}
    assert seen == {
        "analyst": 7,
        "admin": 7,
        "ca_focal": 5,
        "fr_focal": 8,
        "ca_taskforce": 5,
        "au_observer": 3,
        "leadership": 2,
    }
