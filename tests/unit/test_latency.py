"""Latency: medians and spread of each handling stage, per originating member and quarter."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest

from rrm_dash.analytics.latency import STAGES, latency_by_member_quarter, quarter_label

START_DAY = date(2026, 7, 1)


def incident(
    incident_id: str,
    member: str | None,
    *,
    detect_after: float,
    assess_after: float | None = None,
    notify_after: float | None = None,
    publish_after: float | None = None,
    first: date = START_DAY,
) -> dict[str, object]:
    """An incident whose moments come the given numbers of days after the previous one."""
    detected = datetime.combine(first, datetime.min.time()) + timedelta(days=detect_after)
    assessed = notified = published = None
    if assess_after is not None:
        assessed = detected + timedelta(days=assess_after)
        if notify_after is not None:
            notified = assessed + timedelta(days=notify_after)
            if publish_after is not None:
                published = notified + timedelta(days=publish_after)
    return {
        "incident_id": incident_id,
        "member": member,
        "first_activity": first,
        "detected_at": detected,
        "assessed_at": assessed,
        "notified_at": notified,
        "published_at": published,
    }


def stages(*rows: dict[str, object]) -> pl.DataFrame:
    return pl.DataFrame(
        list(rows),
        schema={
            "incident_id": pl.String,
            "member": pl.String,
            "first_activity": pl.Date,
            "detected_at": pl.Datetime("us"),
            "assessed_at": pl.Datetime("us"),
            "notified_at": pl.Datetime("us"),
            "published_at": pl.Datetime("us"),
        },
    )


def by_stage(
    result: pl.DataFrame, member: str | None, quarter: str
) -> dict[str, tuple[object, ...]]:
    chosen = result.filter(
        (pl.col("member") == member) if member else pl.col("member").is_null(),
        pl.col("quarter") == quarter,
    )
    return {
        row["stage"]: (row["median_days"], row["p25_days"], row["p75_days"], row["incidents"])
        for row in chosen.iter_rows(named=True)
    }


def test_medians_and_quartiles_of_each_stage_on_a_constructed_set() -> None:
    frame = stages(
        incident("a", "FR", detect_after=1, assess_after=2, notify_after=0.5, publish_after=10),
        incident("b", "FR", detect_after=2, assess_after=4, notify_after=1.5),
        incident("c", "FR", detect_after=3, assess_after=6),
        incident("d", "FR", detect_after=10),
    )
    result = by_stage(latency_by_member_quarter(frame), "FR", "2026-Q3")
    # detection: 1, 2, 3, 10 days -> median 2.5, quartiles 1.75 and 4.75 (linear)
    assert result["activity_to_detection"] == pytest.approx((2.5, 1.75, 4.75, 4))
    assert result["detection_to_assessment"] == pytest.approx((4.0, 3.0, 5.0, 3))
    assert result["assessment_to_notification"] == pytest.approx((1.0, 0.75, 1.25, 2))
    assert result["notification_to_publication"] == pytest.approx((10.0, 10.0, 10.0, 1))


def test_members_and_quarters_are_kept_apart_in_stage_order() -> None:
    frame = stages(
        incident("a", "FR", detect_after=1, assess_after=1),
        incident("b", "CA", detect_after=5, assess_after=1),
        incident("c", "CA", detect_after=1, first=date(2026, 12, 31)),  # detected in 2027-Q1
        incident("d", None, detect_after=7),  # originator withheld from the viewer
    )
    result = latency_by_member_quarter(frame)
    assert result.select("member", "quarter", "stage").rows() == [
        ("CA", "2026-Q3", "activity_to_detection"),
        ("CA", "2026-Q3", "detection_to_assessment"),
        ("CA", "2027-Q1", "activity_to_detection"),
        ("FR", "2026-Q3", "activity_to_detection"),
        ("FR", "2026-Q3", "detection_to_assessment"),
        (None, "2026-Q3", "activity_to_detection"),
    ]
    assert by_stage(result, "CA", "2026-Q3")["activity_to_detection"][0] == pytest.approx(5.0)


def test_a_stage_that_ends_before_it_starts_is_left_out() -> None:
    frame = stages(
        incident("a", "FR", detect_after=-2, assess_after=3),  # detected before first activity
        incident("b", "FR", detect_after=4, assess_after=-1),  # assessed before detection
    )
    result = by_stage(latency_by_member_quarter(frame), "FR", "2026-Q2")
    assert "activity_to_detection" not in result  # a: stage dropped; it is in Q2 (June 29)
    assert result["detection_to_assessment"] == pytest.approx((3.0, 3.0, 3.0, 1))


def test_quarters_are_labelled_year_dash_q() -> None:
    assert [quarter_label(date(2026, m, 1)) for m in (1, 3, 4, 7, 12)] == [
        "2026-Q1",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert STAGES[0] == "activity_to_detection" and len(STAGES) == 4
