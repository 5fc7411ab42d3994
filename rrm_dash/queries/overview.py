"""Queries behind the Overview page."""

from __future__ import annotations

from datetime import date

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.queries.runner import Source, run


def incidents_by_heading(source: Source, principal: Principal, today: date) -> pl.DataFrame:
    """heading, label_en, label_fr, last_30_days, last_90_days — one row per heading."""
    return run(source, principal, "overview/incidents_by_heading", today=today)


def incidents_by_targeted_member(source: Source, principal: Principal, today: date) -> pl.DataFrame:
    """member_code, name_en, name_fr, status, last_30_days, last_90_days — busiest first."""
    return run(source, principal, "overview/incidents_by_targeted_member", today=today)


def upcoming_elections(
    source: Source, principal: Principal, today: date, horizon_days: int
) -> pl.DataFrame:
    """Elections under way or starting within `horizon_days`, soonest first."""
    return run(
        source, principal, "overview/upcoming_elections", today=today, horizon_days=horizon_days
    )
