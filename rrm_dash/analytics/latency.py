"""Latency: first activity -> detection -> assessment -> notification -> publication.

Each stage is the time in days between its two moments (first activity is a date, taken at its
midnight). A stage is measured for an incident only when both moments are known and the end is
not before the start. Incidents are grouped by their originating member and the quarter they
were detected in; each group gets the median and the 25th and 75th percentiles (linear
interpolation) and how many incidents were measured. The warehouse computes the same in
sql/queries/warning/latency_stages.sql (`rrm_dash.queries.warning.latency_stages`).
"""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

#: Stages in order: (name, start column, end column).
STAGE_SPANS: tuple[tuple[str, str, str], ...] = (
    ("activity_to_detection", "first_activity", "detected_at"),
    ("detection_to_assessment", "detected_at", "assessed_at"),
    ("assessment_to_notification", "assessed_at", "notified_at"),
    ("notification_to_publication", "notified_at", "published_at"),
)
STAGES: tuple[str, ...] = tuple(name for name, _, _ in STAGE_SPANS)

LATENCY_SCHEMA = pl.Schema(
    {
        "member": pl.String,
        "quarter": pl.String,
        "stage": pl.String,
        "median_days": pl.Float64,
        "p25_days": pl.Float64,
        "p75_days": pl.Float64,
        "incidents": pl.Int64,
    }
)
_SECONDS_PER_DAY = 86_400.0
_MOMENTS = ("first_activity", "detected_at", "assessed_at", "notified_at", "published_at")


def quarter_label(moment: date | datetime) -> str:
    """ "2026-Q3" for any day of July to September 2026."""
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def latency_by_member_quarter(stages: pl.DataFrame) -> pl.DataFrame:
    """member, quarter, stage, median_days, p25_days, p75_days, incidents.

    `stages` has one row per incident: incident_id, member (originator), first_activity
    (date), detected_at, assessed_at, notified_at, published_at (datetimes, null when not
    reached). Sorted by member (null last: an originator withheld from the viewer), quarter
    and stage order.
    """
    detected = pl.col("detected_at")
    moments = stages.with_columns(
        *(pl.col(name).cast(pl.Datetime("us")) for name in _MOMENTS),
        pl.format("{}-Q{}", detected.dt.year(), detected.dt.quarter()).alias("quarter"),
    )
    long = pl.concat(
        [
            moments.select(
                "member",
                "quarter",
                pl.lit(rank).alias("rank"),
                pl.lit(name).alias("stage"),
                ((pl.col(end) - pl.col(start)).dt.total_seconds(fractional=True) / _SECONDS_PER_DAY)
                .cast(pl.Float64)
                .alias("days"),
            )
            for rank, (name, start, end) in enumerate(STAGE_SPANS)
        ]
    ).filter(pl.col("days") >= 0)
    days = pl.col("days")
    return (
        long.group_by("member", "quarter", "rank", "stage")
        .agg(
            days.median().alias("median_days"),
            days.quantile(0.25, interpolation="linear").alias("p25_days"),
            days.quantile(0.75, interpolation="linear").alias("p75_days"),
            days.len().alias("incidents"),
        )
        .sort(["member", "quarter", "rank"], nulls_last=True)
        .select(pl.col(name).cast(dtype) for name, dtype in LATENCY_SCHEMA.items())
    )
