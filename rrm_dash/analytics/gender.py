"""Incidents targeting women and vulnerable groups: share and trend, by heading.

An incident targets women when one of its targets is women or its gender dimension is
"targets women" or "gendered narrative"; it targets a vulnerable group when one of its targets
belongs to one, or its gender dimension is "targets LGBTQI+ people". Together these are the
Overview's "incidents targeting women or vulnerable groups". The warehouse counts them per
heading and month (`rrm_dash.queries.warning.gender_inputs`); shares are of the month's
incidents under that heading, null for a month without incidents.
"""

from __future__ import annotations

import polars as pl

COUNT_COLUMNS = ("incidents", "women", "vulnerable")


def _shares(frame: pl.DataFrame) -> pl.DataFrame:
    incidents = pl.col("incidents")
    return frame.with_columns(
        *(
            pl.when(incidents > 0)
            .then(pl.col(name) / incidents)
            .otherwise(None)
            .cast(pl.Float64)
            .alias(f"{name}_share")
            for name in ("women", "vulnerable")
        )
    )


def gender_breakdown(incidents: pl.DataFrame) -> pl.DataFrame:
    """heading, month, incidents, women, vulnerable, women_share, vulnerable_share.

    `incidents` holds the counts per heading and month (heading, month, incidents, women,
    vulnerable, as `gender_inputs` returns them); rows are summed per heading and month, then
    sorted by month and heading.
    """
    counts = incidents.group_by("heading", "month").agg(
        pl.col(name).sum().cast(pl.Int64) for name in COUNT_COLUMNS
    )
    return _shares(counts).sort("month", "heading")


def gender_by_heading(incidents: pl.DataFrame) -> pl.DataFrame:
    """heading, incidents, women, vulnerable, women_share, vulnerable_share over the whole period."""
    counts = incidents.group_by("heading").agg(
        pl.col(name).sum().cast(pl.Int64) for name in COUNT_COLUMNS
    )
    return _shares(counts).sort("heading")


def gender_summary(
    current: pl.DataFrame, previous: pl.DataFrame | None = None
) -> dict[str, float | int | None]:
    """incidents, women, vulnerable, women_share, vulnerable_share over the whole period of
    `current` (counts as for `gender_breakdown`), and with `previous` (the period before) the
    previous shares and the change in percentage points (women_change, vulnerable_change:
    0.05 is +5 points); None where a period has no incidents."""
    summary: dict[str, float | int | None] = {}
    totals = {name: int(current[name].sum()) for name in COUNT_COLUMNS}
    summary.update(totals)
    for name in ("women", "vulnerable"):
        summary[f"{name}_share"] = _share(totals[name], totals["incidents"])
    if previous is not None:
        before = {name: int(previous[name].sum()) for name in COUNT_COLUMNS}
        for name in ("women", "vulnerable"):
            earlier = _share(before[name], before["incidents"])
            now = summary[f"{name}_share"]
            summary[f"previous_{name}_share"] = earlier
            summary[f"{name}_change"] = (
                None if earlier is None or now is None else float(now) - earlier
            )
    return summary


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
