"""Women and vulnerable groups: shares per heading and month, and their change between periods."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from rrm_dash.analytics.gender import gender_breakdown, gender_by_heading, gender_summary

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


def counts(*rows: tuple[str, date, int, int, int]) -> pl.DataFrame:
    """(heading, month, incidents, women, vulnerable) rows."""
    return pl.DataFrame(
        list(rows),
        schema={
            "heading": pl.String,
            "month": pl.Date,
            "incidents": pl.Int64,
            "women": pl.Int64,
            "vulnerable": pl.Int64,
        },
        orient="row",
    )


CURRENT = counts(
    ("DIP", JAN, 10, 2, 1),
    ("HRF", JAN, 4, 3, 4),
    ("DIP", FEB, 0, 0, 0),
    ("HRF", FEB, 6, 1, 3),
)


def test_shares_per_heading_and_month_null_for_a_month_without_incidents() -> None:
    result = gender_breakdown(CURRENT)
    assert result.select("heading", "month", "women_share", "vulnerable_share").rows() == [
        ("DIP", JAN, pytest.approx(0.2), pytest.approx(0.1)),
        ("HRF", JAN, pytest.approx(0.75), pytest.approx(1.0)),
        ("DIP", FEB, None, None),
        ("HRF", FEB, pytest.approx(1 / 6), pytest.approx(0.5)),
    ]


def test_shares_over_the_period_by_heading() -> None:
    result = gender_by_heading(CURRENT)
    assert result.select("heading", "incidents", "women_share").rows() == [
        ("DIP", 10, pytest.approx(0.2)),
        ("HRF", 10, pytest.approx(0.4)),
    ]


def test_the_summary_gives_the_change_in_points_against_the_previous_period() -> None:
    previous = counts(("DIP", date(2025, 12, 1), 10, 1, 2))
    summary = gender_summary(CURRENT, previous)
    assert (summary["incidents"], summary["women"], summary["vulnerable"]) == (20, 6, 8)
    assert summary["women_share"] == pytest.approx(0.3)
    assert summary["previous_women_share"] == pytest.approx(0.1)
    assert summary["women_change"] == pytest.approx(0.2)
    assert summary["vulnerable_change"] == pytest.approx(0.4 - 0.2)


def test_an_empty_period_has_no_share_and_no_change() -> None:
    summary = gender_summary(CURRENT, counts())
    assert summary["previous_women_share"] is None and summary["women_change"] is None
    assert gender_summary(counts())["women_share"] is None
    assert "women_change" not in gender_summary(CURRENT)
