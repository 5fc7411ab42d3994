"""Surges: a week against its 4- and 52-week baselines, with no alert on a thin baseline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import polars as pl
import pytest

from rrm_dash.analytics.surges import (
    SurgeRule,
    find_surges,
    last_complete_week,
    level_of,
    recent_surges,
    week_start,
)

WEEK = date(2026, 3, 2)  # a Monday


def series(
    counts: Sequence[int], *, key: str = "CA", scope: str = "country", last: date = WEEK
) -> pl.DataFrame:
    """Weekly counts ending with the week `last` (the last value is that week's)."""
    weeks = [last - timedelta(weeks=len(counts) - 1 - i) for i in range(len(counts))]
    return pl.DataFrame(
        {"scope": scope, "key": key, "week": weeks, "incidents": list(counts)},
        schema={"scope": pl.String, "key": pl.String, "week": pl.Date, "incidents": pl.Int64},
    )


def steady(per_week: int, current: int, *, weeks: int = 52) -> list[int]:
    return [per_week] * weeks + [current]


def test_a_surge_is_found_in_the_week_it_happens_and_not_the_week_before() -> None:
    counts = steady(4, 9)
    surges = find_surges(series(counts), WEEK)
    assert surges.select("scope", "key", "week", "current", "level").rows() == [
        ("country", "CA", WEEK, 9, "large")
    ]
    row = surges.row(0, named=True)
    assert row["baseline_4"] == pytest.approx(4.0)
    assert row["baseline_52"] == pytest.approx(4.0)
    assert row["change_4"] == pytest.approx(1.25)
    assert find_surges(series(counts), WEEK - timedelta(weeks=1)).is_empty()


def test_weeks_missing_from_the_input_count_as_zero() -> None:
    # 26 weeks of 4 (the other 26 missing): a 52-week mean of 2, a 4-week mean of 4.
    frame = series([4] * 26 + [6])
    row = find_surges(frame, WEEK).row(0, named=True)
    assert row["baseline_52"] == pytest.approx(2.0)
    assert row["baseline_4"] == pytest.approx(4.0)
    assert (row["change_4"], row["change_52"], row["level"]) == (0.5, 2.0, "large")


@pytest.mark.parametrize(
    ("current", "level"),
    [
        (20, None),  # +0 %
        (21, None),  # +5 %
        (22, "moderate"),  # +10 %: moderate from +10 %
        (24, "moderate"),  # +20 %
        (25, "moderate"),  # +25 %: still moderate
        (26, "large"),  # +30 %: large above +25 %
    ],
)
def test_moderate_from_ten_percent_large_above_twenty_five(current: int, level: str | None) -> None:
    surges = find_surges(series(steady(20, current)), WEEK)
    assert (surges["level"].to_list() or [None]) == [level]


def test_the_level_is_that_of_the_smaller_increase() -> None:
    # 52-week mean about 4.6 (+95 %), but the last 4 weeks were 8 a week (+12.5 %): moderate
    counts = [4] * 48 + [8] * 4 + [9]
    row = find_surges(series(counts), WEEK).row(0, named=True)
    assert row["change_4"] == pytest.approx(0.125)
    assert row["change_52"] > 0.25
    assert row["level"] == "moderate"
    # and no surge at all when the last 4 weeks were as high as this week
    assert find_surges(series([4] * 48 + [9] * 4 + [9]), WEEK).is_empty()


def test_four_quiet_weeks_before_a_busy_one_count_as_above_any_threshold() -> None:
    counts = [3] * 48 + [0] * 4 + [6]
    row = find_surges(series(counts), WEEK).row(0, named=True)
    assert row["change_4"] is None
    assert row["level"] == "large"


@pytest.mark.parametrize(
    ("counts", "why"),
    [
        ([0] * 52 + [9], "no baseline at all"),
        ([1] * 20 + [0] * 32 + [9], "under one incident a week on average"),
        ([0] * 46 + [9] * 6 + [30], "incidents in only 6 of the 52 weeks"),
        (steady(1, 2), "two incidents in the current week"),
    ],
)
def test_no_alert_where_the_baseline_or_the_week_is_too_thin(counts: list[int], why: str) -> None:
    assert find_surges(series(counts), WEEK).is_empty(), why


def test_a_thin_baseline_alerts_once_the_rule_allows_it() -> None:
    counts = [1] * 20 + [0] * 32 + [9]  # 52-week mean 0.38
    lenient = SurgeRule(min_baseline_weekly=0.3)
    assert find_surges(series(counts), WEEK, lenient)["level"].to_list() == ["large"]


def test_series_are_judged_separately_and_listed_large_first_then_by_increase() -> None:
    frame = pl.concat(
        [
            series(steady(10, 11), key="FR"),  # moderate
            series(steady(4, 6), key="CA"),  # large, +50 %
            series(steady(4, 9), key="DIP", scope="heading"),  # large, +125 %
            series(steady(4, 4), key="JP"),  # none
        ]
    )
    surges = find_surges(frame, WEEK)
    assert surges.select("scope", "key", "level").rows() == [
        ("heading", "DIP", "large"),
        ("country", "CA", "large"),
        ("country", "FR", "moderate"),
    ]


def test_weeks_after_the_current_one_change_nothing() -> None:
    frame = series([*steady(4, 9), 40, 0], last=WEEK + timedelta(weeks=2))
    assert find_surges(frame, WEEK)["current"].to_list() == [9]


def test_no_surge_in_an_empty_series_and_the_week_must_be_a_monday() -> None:
    empty = series([]).clear()
    assert find_surges(empty, WEEK).columns == [
        "scope",
        "key",
        "week",
        "current",
        "baseline_4",
        "baseline_52",
        "change_4",
        "change_52",
        "level",
    ]
    with pytest.raises(ValueError, match="Monday"):
        find_surges(empty, WEEK + timedelta(days=1))


def test_the_current_week_is_the_last_complete_one() -> None:
    assert week_start(date(2026, 3, 4)) == WEEK
    assert last_complete_week(date(2026, 3, 8)) == WEEK  # a Sunday: its week is complete
    assert last_complete_week(date(2026, 3, 9)) == WEEK  # a Monday: last week is
    assert last_complete_week(date(2026, 3, 7)) == WEEK - timedelta(weeks=1)


def test_level_of_uses_the_rules_thresholds() -> None:
    rule = SurgeRule(large_above=0.5, moderate_from=0.2)
    assert level_of(0.6, 0.7, rule) == "large"
    assert level_of(0.6, 0.3, rule) == "moderate"
    assert level_of(None, 0.1, rule) is None


def test_recent_surges_lists_each_of_the_last_weeks_latest_first() -> None:
    counts = [4] * 52 + [9, 4, 4, 12]  # surges three weeks ago and this week
    frame = series(counts)
    found = recent_surges(frame, WEEK, weeks=4)
    assert found.select("week", "current").rows() == [
        (WEEK, 12),
        (WEEK - timedelta(weeks=3), 9),
    ]
    assert recent_surges(frame, WEEK, weeks=2)["week"].to_list() == [WEEK]
    assert recent_surges(frame, WEEK, weeks=0).is_empty()
