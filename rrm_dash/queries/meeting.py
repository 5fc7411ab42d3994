"""What the meeting-mode banner reports: the highest marking on screen."""

from __future__ import annotations

from rrm_dash.access import TLP_LEVELS, Principal
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source, run


def highest_marking(source: Source, principal: Principal, filters: Filters) -> str | None:
    """The most restrictive TLP level among the rows the views show; None when nothing is shown."""
    rank = run(source, principal, "meeting/highest_marking", filters)["highest_rank"][0]
    return None if rank is None else TLP_LEVELS[int(rank)]
