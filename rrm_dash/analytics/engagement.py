"""The engagement score: weighted components, each measured against the network (pure polars).

The method is written out for members in docs/engagement.md and on the Engagement page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

#: Acknowledgement times under this many hours count as this many (a 10-minute reply is not
#: "ten times faster" than an hour's in any way that matters to the network).
LATENCY_FLOOR_HOURS = 1.0


@dataclass(frozen=True)
class Component:
    """One part of the score: a measure, its weight in points, and which way is better."""

    key: str
    weight: int
    lower_is_better: bool = False


#: The score's parts and weights (they add up to 100 points).
COMPONENTS: tuple[Component, ...] = (
    Component("attendance_rate", 15),
    Component("presentations", 10),
    Component("incidents_contributed", 20),
    Component("reports_shared", 15),
    Component("rfis_answered", 10),
    Component("statements_cosigned", 5),
    Component("responses_joined", 10),
    Component("median_acknowledgement_hours", 15, lower_is_better=True),
)
MAX_SCORE = sum(component.weight for component in COMPONENTS)


def share_column(component: Component) -> str:
    """Column holding the component measured against the network, 0 to 1."""
    return f"share_{component.key}"


def points_column(component: Component) -> str:
    """Column holding the points the component earns, 0 to its weight."""
    return f"points_{component.key}"


def with_attendance_rate(frame: pl.DataFrame) -> pl.DataFrame:
    """attendance_rate = meetings attended / meetings invited to (null when invited to none)."""
    return frame.with_columns(
        pl.when(pl.col("meetings_invited") > 0)
        .then(pl.col("meetings_attended") / pl.col("meetings_invited"))
        .otherwise(None)
        .cast(pl.Float64)
        .alias("attendance_rate")
    )


def _share(component: Component, by: Sequence[str]) -> pl.Expr:
    """The member's measure against the network's best in the same group, 0 to 1, never null."""
    value = pl.col(component.key).cast(pl.Float64)
    over = list(by) or None
    if component.lower_is_better:
        hours = value.clip(lower_bound=LATENCY_FLOOR_HOURS)
        best = hours.min().over(over) if over else hours.min()
        share = best / hours
    else:
        best = value.max().over(over) if over else value.max()
        share = pl.when(best > 0).then(value / best).otherwise(0.0)
    return share.fill_null(0.0).fill_nan(0.0).alias(share_column(component))


def score_members(frame: pl.DataFrame, by: Sequence[str] = ()) -> pl.DataFrame:
    """Add attendance_rate, share_* and points_* for every component, and score (0-100).

    `frame` has one row per member (per group of `by`, e.g. per quarter) with the counts of
    queries/engagement.py. Each member is measured against the best in its group: the best
    gets the component's full weight; a member with nothing recorded gets 0, never NaN.
    """
    scored = with_attendance_rate(frame)
    scored = scored.with_columns(_share(component, by) for component in COMPONENTS)
    scored = scored.with_columns(
        (pl.col(share_column(component)) * component.weight).alias(points_column(component))
        for component in COMPONENTS
    )
    total = pl.sum_horizontal(points_column(component) for component in COMPONENTS)
    return scored.with_columns(total.round(1).alias("score"))


def score_trend(quarterly: pl.DataFrame) -> pl.DataFrame:
    """member_code, quarter, score: each quarter scored against the network in that quarter."""
    return (
        score_members(quarterly, by=("quarter",))
        .select("member_code", "quarter", "score")
        .sort("member_code", "quarter")
    )


def shown_members(scored: pl.DataFrame, members: Sequence[str]) -> pl.DataFrame:
    """The members the filter bar chose (all when none is chosen); scores stay network-wide."""
    if not members:
        return scored
    return scored.filter(pl.col("member_code").is_in(list(members)))


def in_reading_order(scored: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Members first, then observers, each alphabetically by name in the reader's language."""
    return scored.sort(
        pl.col("status") != "member", pl.col(f"name_{lang}").str.to_lowercase(), "member_code"
    )


def has_engagement(frame: pl.DataFrame) -> bool:
    """True when any meeting, event or response was counted (otherwise every score is 0)."""
    counted = [
        "meetings_invited",
        "incidents_contributed",
        "reports_shared",
        "rfis_answered",
        "statements_cosigned",
        "responses_joined",
        "alerts_acknowledged",
    ]
    return bool(frame.select(pl.sum_horizontal(counted).sum()).item() > 0)
