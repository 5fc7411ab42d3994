"""Surges: a week's incident count per targeted country and per heading against its baselines.

The rule (the Early warning page writes it out from SurgeRule's values): the current week is
compared with the mean of the 4 weeks before it AND with the mean of the 52 weeks before it.
A surge is an increase over both baselines, and its level is that of the smaller increase:
large above +25 %, moderate from +10 % to +25 % (both included). No alert is raised where the
baseline is too thin to mean anything: fewer than 1 incident a week on average over the 52
weeks, incidents in fewer than 8 of those weeks, or fewer than 3 incidents in the current week.

Weeks run Monday to Sunday; the current week is normally the last complete one
(`last_complete_week`), so that a half-counted week never looks like a fall.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

#: Scopes of the weekly series: incidents per targeted country, or per G7 heading.
SCOPES = ("country", "heading")
LEVELS = ("large", "moderate")
#: Weeks in the short and the long baseline.
SHORT_WEEKS = 4
LONG_WEEKS = 52
#: Weeks of counts `find_surges` reads: the long baseline and the current week.
WEEKS_NEEDED = LONG_WEEKS + 1
# Changes are compared with a little slack so that +10 % computed in floating point is +10 %.
_EPSILON = 1e-9

SURGE_SCHEMA = pl.Schema(
    {
        "scope": pl.String,
        "key": pl.String,
        "week": pl.Date,
        "current": pl.Int64,
        "baseline_4": pl.Float64,
        "baseline_52": pl.Float64,
        "change_4": pl.Float64,
        "change_52": pl.Float64,
        "level": pl.String,
    }
)


@dataclass(frozen=True)
class SurgeRule:
    """When a week's count is a surge (the page states these values)."""

    large_above: float = 0.25
    """Large: both increases above this fraction of their baseline (+25 %)."""
    moderate_from: float = 0.10
    """Moderate: both increases at least this fraction (+10 %), and not large."""
    min_baseline_weekly: float = 1.0
    """No alert when the 52-week baseline averages fewer incidents a week than this."""
    min_baseline_weeks: int = 8
    """No alert when fewer of the 52 baseline weeks than this have any incident."""
    min_current: int = 3
    """No alert when the current week has fewer incidents than this."""


#: The rule the page states unless told otherwise.
DEFAULT_RULE = SurgeRule()


def week_start(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


def last_complete_week(as_of: date) -> date:
    """The Monday of the last Monday-to-Sunday week ended on or before `as_of`."""
    monday = week_start(as_of)
    return monday if as_of.weekday() == 6 else monday - timedelta(days=7)


def level_of(
    change_4: float | None, change_52: float, rule: SurgeRule = DEFAULT_RULE
) -> str | None:
    """ "large", "moderate" or None for the two increases (None for change_4: no short baseline,
    which counts as above any threshold). The level is that of the smaller increase."""
    smaller = change_52 if change_4 is None else min(change_4, change_52)
    if smaller > rule.large_above + _EPSILON:
        return "large"
    if smaller >= rule.moderate_from - _EPSILON:
        return "moderate"
    return None


def find_surges(
    weekly: pl.DataFrame, as_of_week: date, rule: SurgeRule = DEFAULT_RULE
) -> pl.DataFrame:
    """One row per (scope, key) whose week `as_of_week` is a surge under `rule`.

    `weekly` has scope ("country" | "heading"), key (country or heading code), week (the
    Monday, a date) and incidents; a week missing from it counts as 0. The result has scope,
    key, week, current, baseline_4 and baseline_52 (mean incidents per week over the 4 and 52
    weeks before), change_4 and change_52 (fractions: 0.3 is +30 %; change_4 is null when the
    4 weeks before had no incident at all, which counts as above any threshold) and level
    ("large" | "moderate"): large surges first, then by the smaller change, largest first.
    """
    if as_of_week.weekday() != 0:
        raise ValueError(f"as_of_week must be a Monday, not {as_of_week:%A} {as_of_week}")
    short_from = as_of_week - timedelta(weeks=SHORT_WEEKS)
    long_from = as_of_week - timedelta(weeks=LONG_WEEKS)
    week = pl.col("week")
    count = pl.col("incidents").cast(pl.Int64)
    in_long = (week >= long_from) & (week < as_of_week)
    totals = (
        weekly.filter((week >= long_from) & (week <= as_of_week))
        .group_by("scope", "key")
        .agg(
            count.filter(week == as_of_week).sum().alias("current"),
            (count.filter((week >= short_from) & (week < as_of_week)).sum() / SHORT_WEEKS).alias(
                "baseline_4"
            ),
            (count.filter(in_long).sum() / LONG_WEEKS).alias("baseline_52"),
            week.filter(in_long & (count > 0)).n_unique().alias("weeks_with_data"),
        )
        .filter(
            (pl.col("current") >= rule.min_current)
            & (pl.col("baseline_52") >= rule.min_baseline_weekly - _EPSILON)
            & (pl.col("weeks_with_data") >= rule.min_baseline_weeks)
        )
    )
    measured = totals.with_columns(
        pl.lit(as_of_week).alias("week"),
        _change("baseline_4").alias("change_4"),
        _change("baseline_52").alias("change_52"),
    )
    levels = [
        level_of(change_4, change_52, rule)
        for change_4, change_52 in zip(
            measured["change_4"].to_list(), measured["change_52"].to_list(), strict=True
        )
    ]
    smaller = pl.min_horizontal(pl.col("change_4").fill_null(float("inf")), pl.col("change_52"))
    return (
        measured.with_columns(pl.Series("level", levels, dtype=pl.String))
        .filter(pl.col("level").is_not_null())
        .sort(
            [pl.col("level").replace_strict(LEVELS, [0, 1]), smaller, "scope", "key"],
            descending=[False, True, False, False],
        )
        .select(pl.col(name).cast(dtype) for name, dtype in SURGE_SCHEMA.items())
    )


def recent_surges(
    weekly: pl.DataFrame, last_week: date, *, weeks: int = 4, rule: SurgeRule = DEFAULT_RULE
) -> pl.DataFrame:
    """`find_surges` for each of the `weeks` weeks ending with `last_week`, latest week first
    (each in find_surges's order). `weekly` needs LONG_WEEKS + `weeks` weeks of counts:
    rrm_dash.queries.warning.weekly_counts's default covers 4 weeks."""
    found = [find_surges(weekly, last_week - timedelta(weeks=back), rule) for back in range(weeks)]
    return pl.concat(found) if found else find_surges(weekly.clear(), last_week, rule)


def _change(baseline: str) -> pl.Expr:
    """(current - baseline) / baseline, null when the baseline is 0."""
    base = pl.col(baseline)
    return pl.when(base > 0).then((pl.col("current") - base) / base).otherwise(None)
