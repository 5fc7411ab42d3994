"""Queries behind the Engagement scorecards: what each focal point did, over the filter's period."""

from __future__ import annotations

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source, run


def member_engagement(source: Source, principal: Principal, filters: Filters) -> pl.DataFrame:
    """One row per member and observer: name_en/fr, status(+labels), focal_point_status(+labels),
    meetings_invited, meetings_attended, presentations, incidents_contributed, reports_shared,
    rfis_answered, statements_cosigned, responses_joined, alerts_acknowledged,
    median_acknowledgement_hours — over the filter's period, visible rows only."""
    return run(
        source,
        principal,
        "engagement/member_engagement",
        date_from=filters.date_from,
        date_to=filters.date_to,
    )


def member_engagement_by_quarter(
    source: Source, principal: Principal, filters: Filters
) -> pl.DataFrame:
    """The same counts per member and observer per calendar quarter of the filter's period."""
    return run(
        source,
        principal,
        "engagement/member_engagement_by_quarter",
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
