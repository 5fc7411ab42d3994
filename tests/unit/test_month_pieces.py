"""Election counts read a whole month at a time equal a count over the period's own incidents."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.analytics.election_risk import is_interference
from rrm_dash.filters import Filters
from rrm_dash.queries import warning
from rrm_dash.queries.months import by_month, month_spans
from rrm_dash.queries.runner import Source, scoped_cursor
from tests.conftest import TODAY

VIEWERS = {
    "analyst": Principal("analyst", Role.ANALYST),
    "au_observer": Principal("au-observer", Role.OBSERVER, "AU"),
}


def test_a_period_reads_every_whole_month_it_touches() -> None:
    assert month_spans(date(2025, 11, 15), date(2026, 2, 2)) == [
        (date(2025, 11, 1), date(2025, 11, 30)),
        (date(2025, 12, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
    ]
    assert month_spans(date(2024, 2, 29), date(2024, 2, 29)) == [
        (date(2024, 2, 1), date(2024, 2, 29))
    ]
    assert month_spans(date(2026, 5, 6), date(2026, 5, 5)) == []
    with pytest.raises(ValueError, match="before it starts"):
        by_month(lambda first, last: pl.DataFrame(), date(2026, 5, 6), date(2026, 5, 5))


def _counted_directly(
    source: Source, principal: Principal, election: dict[str, Any]
) -> tuple[dict[str, int], int, dict[str, int]]:
    """Interference techniques, interfering incidents and actors of one election's period,
    counted over the incidents the viewer may see."""
    period = Filters(date_from=election["period_start"], date_to=election["period_end"])
    with scoped_cursor(source, principal, period) as cursor:
        incidents = cursor.sql(
            "select incident_id, technique_ids, actor_ids from filtered_incident()"
            " where list_contains(targeted_members, $country)",
            params={"country": election["country"]},
        ).pl()
        visible_actors = cursor.sql("select actor_id from scoped_actor()").pl()["actor_id"]
    tags = incidents.explode("technique_ids").filter(
        pl.col("technique_ids").map_elements(is_interference, return_dtype=pl.Boolean)
    )
    techniques = dict(tags.group_by("technique_ids").len().iter_rows())
    actors = incidents.explode("actor_ids").filter(
        pl.col("actor_ids").is_in(visible_actors.to_list())
    )
    return (
        techniques,
        tags["incident_id"].n_unique(),
        dict(actors.group_by("actor_ids").len().iter_rows()),
    )


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("days_back", [0, 45, 200])
def test_election_counts_equal_a_count_over_each_periods_incidents(
    demo_source: Source, viewer: str, days_back: int
) -> None:
    principal = VIEWERS[viewer]
    as_of = TODAY - timedelta(days=days_back)
    inputs = warning.election_inputs(demo_source, principal, Filters(), as_of=as_of)
    assert not inputs["elections"].is_empty()
    assert inputs["techniques"].height + inputs["actors"].height > 0
    for election in inputs["elections"].iter_rows(named=True):
        techniques, interfering, actors = _counted_directly(demo_source, principal, election)
        own = pl.col("election_id") == election["election_id"]
        assert (
            dict(inputs["techniques"].filter(own).select("disarm_id", "incidents").iter_rows())
            == techniques
        )
        window = inputs["window"].filter(own).row(0, named=True)
        assert window["interference_incidents"] == interfering
        assert (
            dict(inputs["actors"].filter(own).select("actor_id", "incidents").iter_rows()) == actors
        )
