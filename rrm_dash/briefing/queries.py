"""The briefing's own queries: the highest marking among what it shows, and names for codes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from rrm_dash.access import TLP_LEVELS, Principal
from rrm_dash.filters import Filters
from rrm_dash.queries import daily
from rrm_dash.queries.runner import Source, run


def highest_marking(
    source: Source,
    principal: Principal,
    filters: Filters,
    *,
    actor_ids: Sequence[str] = (),
    narrative_ids: Sequence[str] = (),
    election_ids: Sequence[str] = (),
) -> str | None:
    """The most restrictive TLP level among the filtered responses and the named actors,
    narratives and elections the viewer may see; None when there is none."""
    frame = run(
        source,
        principal,
        "briefing/highest_marking",
        filters,
        actor_ids=list(actor_ids),
        narrative_ids=list(narrative_ids),
        election_ids=list(election_ids),
    )
    return _level(frame["highest_rank"].max())


def highest_incident_marking(source: Source, principal: Principal, filters: Filters) -> str | None:
    """The most restrictive TLP level among the filtered incidents; None when there is none."""
    days = daily.in_filter_period(daily.heading_days(source, principal, filters), filters)
    return _level(days["highest_rank"].max())


def _level(rank: object) -> str | None:
    """The TLP level of a rank (0 CLEAR ... 4 RED); None for no rank."""
    return None if rank is None else TLP_LEVELS[int(cast(int, rank))]
