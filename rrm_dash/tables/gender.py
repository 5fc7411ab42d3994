"""Incidents targeting women and vulnerable groups as people read them: per G7 heading over the
period, with the change against the previous period in percentage points."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from rrm_dash.analytics.gender import gender_by_heading
from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import number

GROUPS = ("women", "vulnerable")


def shown_headings(counts: pl.DataFrame, headings: Sequence[str]) -> pl.DataFrame:
    """The rows of the headings chosen in the filter bar (every heading when none is chosen):
    `gender_inputs` lists every heading, also those the filter leaves without incidents."""
    if not headings:
        return counts
    return counts.filter(pl.col("heading").is_in(list(headings)))


def points_text(change: float, t: Translate) -> str:
    """A change in shares (0.031) as signed percentage points: '+3.1 pts' / '+3,1 pts'."""
    points = round(change * 100, 1)
    sign = "+" if points > 0 else ""
    return t("timeline.gender.points", value=sign + number(points, t.lang))


def gender_table(
    current: pl.DataFrame,
    previous: pl.DataFrame | None,
    labels: Mapping[str, str],
    t: Translate,
) -> pl.DataFrame:
    """One row per heading (in the order of `labels`, code → name): incidents, how many target
    women and a vulnerable group, their shares in % (one decimal; empty for a heading without
    incidents) and, with `previous` (the counts of the period before), the change of each share
    in percentage points (empty when either period has no incident under the heading).

    `current` and `previous` are counts per heading and month as `gender_inputs` returns them.
    """
    now = gender_by_heading(current)
    columns: list[pl.Expr] = [
        pl.col("heading")
        .replace_strict(dict(labels), default=pl.col("heading"), return_dtype=pl.String)
        .alias(t("timeline.gender.column.heading")),
        pl.col("incidents").alias(t("timeline.gender.column.incidents")),
    ]
    if previous is not None:
        before = gender_by_heading(previous).select(
            "heading", *(pl.col(f"{g}_share").alias(f"previous_{g}_share") for g in GROUPS)
        )
        now = now.join(before, on="heading", how="left")
    for group in GROUPS:
        share = pl.col(f"{group}_share")
        columns += [
            pl.col(group).alias(t(f"timeline.gender.column.{group}")),
            (share * 100).round(1).alias(t(f"timeline.gender.column.{group}_share")),
        ]
        if previous is not None:
            change = (share - pl.col(f"previous_{group}_share")) * 100
            columns.append(change.round(1).alias(t(f"timeline.gender.column.{group}_change")))
    order = {code: rank for rank, code in enumerate(labels)}
    return (
        now.with_columns(
            pl.col("heading")
            .replace_strict(order, default=len(order), return_dtype=pl.Int64)
            .alias("_rank")
        )
        .sort("_rank", "heading")
        .select(columns)
    )
