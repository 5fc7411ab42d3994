"""The filtered incidents counted per day over their whole history, summed here for any period.

Overview, Briefing and Early warning count the same filtered incidents over several periods
(this one, the one before, 57 weeks of surges), and every slide of the filter bar's period asks
for new ones. The counts per day of detection (by heading, by targeted code, by actor) depend on
the viewer's scope and on the filter bar's filters other than its period: they are read once for
those, kept in the process's result cache like any query result (a few thousand rows per day
kind, never incidents), and a period's counts are the sum of its days. An incident falls in a
period exactly when its day of detection does (`in_filter_period` in sql/read/scope.sql), so the
sums equal the counts over the period's incidents.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source, run


def _whole_history(filters: Filters) -> Filters:
    return filters.with_changes(date_from=None, date_to=None)


def heading_days(source: Source, principal: Principal, filters: Filters) -> pl.DataFrame:
    """day, heading, incidents, gender_or_vulnerable, highest_rank (of the most restrictive
    marking, 0 CLEAR ... 4 RED): every day and heading with incidents."""
    return run(source, principal, "daily/headings", _whole_history(filters))


def member_days(source: Source, principal: Principal, filters: Filters) -> pl.DataFrame:
    """day, code, incidents: every day and targeted code with incidents (an incident counts once
    for each code it targets)."""
    return run(source, principal, "daily/members", _whole_history(filters))


def actor_days(source: Source, principal: Principal, filters: Filters) -> pl.DataFrame:
    """day, actor_id, incidents: every day and visible actor linked to incidents."""
    return run(source, principal, "daily/actors", _whole_history(filters))


def in_period(days: pl.DataFrame, date_from: date | None, date_to: date | None) -> pl.DataFrame:
    """The rows of `days` from `date_from` to `date_to`, both included (None: unbounded)."""
    if date_from is not None:
        days = days.filter(pl.col("day") >= date_from)
    if date_to is not None:
        days = days.filter(pl.col("day") <= date_to)
    return days


def in_filter_period(days: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """The rows of `days` in the filter bar's period."""
    return in_period(days, filters.date_from, filters.date_to)


def weekly(days: pl.DataFrame, keys: list[str], first: date, last: date) -> pl.DataFrame:
    """*keys, week, incidents: the rows of `days` from `first` to `last` (both included) summed
    per week (its Monday) and `keys`; only weeks with incidents."""
    week = pl.col("day").dt.truncate("1w").alias("week")  # polars weeks start on Monday
    return in_period(days, first, last).group_by(*keys, week).agg(pl.col("incidents").sum())


def totals(days: pl.DataFrame, key: str, filters: Filters) -> pl.DataFrame:
    """`key`, incidents: the filter bar's period summed per `key` (only keys with incidents)."""
    return in_filter_period(days, filters).group_by(key).agg(pl.col("incidents").sum())


def heading_list(source: Source, principal: Principal) -> pl.DataFrame:
    """heading, label_en, label_fr: every G7 heading, in their order."""
    return run(source, principal, "daily/heading_list")


def member_list(source: Source, principal: Principal) -> pl.DataFrame:
    """member_code, name_en, name_fr, status: every member, observer and the Coordination Unit."""
    return run(source, principal, "daily/member_list")


def actor_list(source: Source, principal: Principal) -> pl.DataFrame:
    """actor_id, name, kind_en, kind_fr: every actor the viewer may see."""
    return run(source, principal, "daily/actor_list")
