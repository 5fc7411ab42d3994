"""Queries behind the Timeline page: incidents per week or month, and the elections to overlay."""

from __future__ import annotations

from datetime import date
from typing import Literal

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source, run

Granularity = Literal["week", "month"]
Stack = Literal["heading", "threat_type"]
GRANULARITIES: tuple[Granularity, ...] = ("week", "month")
STACKS: tuple[Stack, ...] = ("heading", "threat_type")


def incidents_per_bin(
    source: Source,
    principal: Principal,
    filters: Filters,
    granularity: Granularity,
    stack: Stack,
    period: tuple[date, date],
) -> pl.DataFrame:
    """bin_start, series, family, label_en, label_fr, incidents — every bin of `period` × every
    heading or threat type, zeros included, in time then display order."""
    if granularity not in GRANULARITIES or stack not in STACKS:
        raise ValueError(f"unknown granularity {granularity!r} or stack {stack!r}")
    return run(
        source,
        principal,
        "timeline/incidents_per_bin",
        filters,
        granularity=granularity,
        stack=stack,
        period_start=period[0],
        period_end=period[1],
    )


def elections_in_period(
    source: Source, principal: Principal, filters: Filters, period: tuple[date, date]
) -> pl.DataFrame:
    """Visible elections whose watch window overlaps `period`, of the filter's targeted members
    (all when none) and only the filter's election when one is chosen; soonest first."""
    return run(
        source,
        principal,
        "timeline/elections_in_period",
        period_start=period[0],
        period_end=period[1],
        members=list(filters.members),
        election=filters.election,
    )


def timeline_period(filters: Filters, today: date) -> tuple[date, date]:
    """The period the timeline spans: the filter's dates (open ends: the last year to today)."""
    default = Filters.default(today)
    start = filters.date_from or default.date_from or today
    end = filters.date_to or today
    return (start, end) if start <= end else (end, start)
