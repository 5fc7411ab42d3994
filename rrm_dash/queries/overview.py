"""Queries behind the Overview: the filtered period against the period before it (the counts
summed from rrm_dash/queries/daily.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.filters import Filters
from rrm_dash.queries import daily
from rrm_dash.queries.runner import Source, run

#: Elections listed as ahead: under way, or starting within this many days; when there is
#: none, the next one within NEXT_ELECTION_DAYS (the Overview and the briefing).
ELECTION_HORIZON_DAYS = 90
NEXT_ELECTION_DAYS = 5 * 365


@dataclass(frozen=True)
class KeyFigures:
    incidents: int
    members_targeted: int
    actors_seen: int
    gender_or_vulnerable: int


def key_figures(source: Source, principal: Principal, filters: Filters) -> KeyFigures:
    """Incidents, members targeted, actors seen, and incidents targeting women or vulnerable groups."""
    headings = daily.in_filter_period(daily.heading_days(source, principal, filters), filters)
    codes = daily.in_filter_period(daily.member_days(source, principal, filters), filters)
    actors = daily.in_filter_period(daily.actor_days(source, principal, filters), filters)
    targeted, seen = codes["code"], actors["actor_id"]
    members = daily.member_list(source, principal)["member_code"]
    return KeyFigures(
        incidents=int(headings["incidents"].sum()),
        members_targeted=targeted.filter(targeted.is_in(members.implode())).n_unique(),
        actors_seen=seen.n_unique(),
        gender_or_vulnerable=int(headings["gender_or_vulnerable"].sum()),
    )


def _compared(
    listing: pl.DataFrame, key: str, days: pl.DataFrame, day_key: str, filters: Filters
) -> pl.DataFrame:
    """`listing` with the incidents of the filter bar's period (`current`) and of the one before
    (`previous`, null when the period is not bounded) per `key`, zero where none."""
    previous = filters.previous_period()
    frame = listing
    for name, period in (("current", filters), ("previous", previous)):
        if period is None:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Int64).alias(name))
            continue
        counts = daily.totals(days, day_key, period).rename({day_key: key, "incidents": name})
        frame = frame.join(counts, on=key, how="left", maintain_order="left").with_columns(
            pl.col(name).fill_null(0)
        )
    return frame


def incidents_by_heading(source: Source, principal: Principal, filters: Filters) -> pl.DataFrame:
    """heading, label_en, label_fr, current, previous — one row per heading, in their order."""
    return _compared(
        daily.heading_list(source, principal),
        "heading",
        daily.heading_days(source, principal, filters),
        "heading",
        filters,
    )


def incidents_by_targeted_member(
    source: Source, principal: Principal, filters: Filters
) -> pl.DataFrame:
    """member_code, name_en, name_fr, status, current, previous — every member and observer,
    busiest first."""
    members = daily.member_list(source, principal).filter(pl.col("status") != "secretariat")
    return _compared(
        members, "member_code", daily.member_days(source, principal, filters), "code", filters
    ).sort(["current", "member_code"], descending=[True, False], maintain_order=True)


def top_actors(source: Source, principal: Principal, filters: Filters, limit: int) -> pl.DataFrame:
    """actor_id, name, kind_en, kind_fr, incidents, members_en, members_fr — most active first."""
    counts = daily.totals(daily.actor_days(source, principal, filters), "actor_id", filters)
    top = (
        daily.actor_list(source, principal)
        .join(counts, on="actor_id")
        .sort(["incidents", "name"], descending=[True, False], maintain_order=True)
        .head(limit)
    )
    if top.is_empty():
        return top.with_columns(
            pl.lit(None, dtype=pl.String).alias("members_en"),
            pl.lit(None, dtype=pl.String).alias("members_fr"),
        )
    targets = run(
        source, principal, "overview/actor_targets", filters, actors=top["actor_id"].to_list()
    )
    return top.join(targets, on="actor_id", how="left", maintain_order="left")


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
    """Elections under way or starting within `horizon_days` (at most NEXT_ELECTION_DAYS),
    soonest first. The elections of the NEXT_ELECTION_DAYS ahead are read once for every
    horizon: a page asks for two when none is near."""
    if horizon_days > NEXT_ELECTION_DAYS:
        raise ValueError(f"horizon_days is at most {NEXT_ELECTION_DAYS}, not {horizon_days}")
    ahead = run(
        source,
        principal,
        "overview/upcoming_elections",
        today=today,
        horizon_days=NEXT_ELECTION_DAYS,
    )
    return ahead.filter(pl.col("days_to_vote") <= horizon_days)
