"""Queries behind the Overview: the filtered period against the period before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source, run


@dataclass(frozen=True)
class KeyFigures:
    incidents: int
    members_targeted: int
    actors_seen: int
    gender_or_vulnerable: int


def key_figures(source: Source, principal: Principal, filters: Filters) -> KeyFigures:
    """Incidents, members targeted, actors seen, and incidents targeting women or vulnerable groups."""
    row = run(source, principal, "overview/period_totals", filters).row(0, named=True)
    return KeyFigures(**{name: int(value or 0) for name, value in row.items()})


def _compare(current: pl.DataFrame, previous: pl.DataFrame | None, keys: list[str]) -> pl.DataFrame:
    """`current` with its `incidents` column beside the previous period's (null when unknown)."""
    frame = current.rename({"incidents": "current"})
    if previous is None:
        return frame.with_columns(pl.lit(None, dtype=pl.Int64).alias("previous"))
    earlier = previous.select([*keys, pl.col("incidents").alias("previous")])
    return frame.join(earlier, on=keys, how="left", maintain_order="left")


def incidents_by_heading(source: Source, principal: Principal, filters: Filters) -> pl.DataFrame:
    """heading, label_en, label_fr, current, previous — one row per heading."""
    previous = filters.previous_period()
    return _compare(
        run(source, principal, "overview/incidents_by_heading", filters),
        run(source, principal, "overview/incidents_by_heading", previous) if previous else None,
        ["heading"],
    )


def incidents_by_targeted_member(
    source: Source, principal: Principal, filters: Filters
) -> pl.DataFrame:
    """member_code, name_en, name_fr, status, current, previous — busiest first."""
    previous = filters.previous_period()
    return _compare(
        run(source, principal, "overview/incidents_by_targeted_member", filters),
        run(source, principal, "overview/incidents_by_targeted_member", previous)
        if previous
        else None,
        ["member_code"],
    )


def top_actors(source: Source, principal: Principal, filters: Filters, limit: int) -> pl.DataFrame:
    """actor_id, name, kind_en, kind_fr, incidents, members_en, members_fr — most active first."""
    return run(source, principal, "overview/top_actors", filters, limit=limit)


def open_responses(source: Source, principal: Principal, today: date) -> pl.DataFrame:
    """Responses proposed or under consultation, oldest first, with days open."""
    return run(source, principal, "overview/open_responses", today=today)


def engagement_summary(
    source: Source, principal: Principal, date_from: date, date_to: date
) -> dict[str, float | int | None]:
    """members_engaged, members_total, events, median_ack_hours over the period."""
    frame = run(
        source, principal, "overview/engagement_summary", date_from=date_from, date_to=date_to
    )
    return dict(frame.row(0, named=True))


def upcoming_elections(
    source: Source, principal: Principal, today: date, horizon_days: int
) -> pl.DataFrame:
    """Elections under way or starting within `horizon_days`, soonest first."""
    return run(
        source, principal, "overview/upcoming_elections", today=today, horizon_days=horizon_days
    )
