"""The briefing's own queries: the highest marking among what it shows, and names for codes."""

from __future__ import annotations

from collections.abc import Sequence

from rrm_dash.access import TLP_LEVELS, Principal
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source, run


def highest_marking(
    source: Source,
    principal: Principal,
    filters: Filters,
    *,
    incidents: bool,
    responses: bool,
    actor_ids: Sequence[str] = (),
    narrative_ids: Sequence[str] = (),
    election_ids: Sequence[str] = (),
) -> str | None:
    """The most restrictive TLP level among the filtered incidents (when `incidents`), the
    filtered responses (when `responses`) and the named actors, narratives and elections the
    viewer may see; None when there is none."""
    frame = run(
        source,
        principal,
        "briefing/highest_marking",
        filters,
        incidents=incidents,
        responses=responses,
        actor_ids=list(actor_ids),
        narrative_ids=list(narrative_ids),
        election_ids=list(election_ids),
    )
    rank = frame["highest_rank"][0]
    return None if rank is None else TLP_LEVELS[int(rank)]
