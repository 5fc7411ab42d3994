"""Queries behind the Elections page: the calendar, and one election's window against its baseline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source, run

#: The baseline is read over the 52 weeks before the watch window opens.
BASELINE_DAYS = 364
#: Below this many incidents per window-length stretch, a baseline is too thin to compare with.
MIN_BASELINE = 3.0


@dataclass(frozen=True)
class BaselineComparison:
    """Incidents in a watch window against the country's baseline for a window of that length."""

    in_window: int
    baseline: float
    change: float | None
    """(in_window - baseline) / baseline; None when the baseline is too thin to compare."""

    @property
    def too_thin(self) -> bool:
        return self.change is None


def compare_with_baseline(
    in_window: int, baseline: float, minimum: float = MIN_BASELINE
) -> BaselineComparison:
    """The relative change against the baseline, unless the baseline is below `minimum`."""
    change = None if baseline < minimum else (in_window - baseline) / baseline
    return BaselineComparison(in_window, baseline, change)


def calendar(source: Source, principal: Principal, filters: Filters, today: date) -> pl.DataFrame:
    """Every visible election (of the filter's targeted members when any): upcoming soonest
    first, then past latest first; labels in both languages."""
    return run(source, principal, "elections/calendar", today=today, members=list(filters.members))


def window_filters(filters: Filters, country: str, start: date, end: date) -> Filters:
    """The filter bar's non-date filters over `start`..`end`, for incidents targeting `country`.

    The filter bar's election is dropped: the window is about dates and the country, not tags."""
    return filters.with_changes(date_from=start, date_to=end, members=(country,), election=None)


def counted_window_end(watch_start: date, watch_end: date, today: date) -> date | None:
    """The last day of the watch window counted so far (None when it has not opened yet)."""
    if today < watch_start:
        return None
    return min(watch_end, today)


def window_vs_baseline(
    source: Source,
    principal: Principal,
    filters: Filters,
    country: str,
    window: tuple[date, date],
) -> pl.DataFrame:
    """One row: in_window, before_window, baseline (average count per equal-length stretch of the
    52 weeks before the window), counted with the filter bar's non-date filters."""
    start, end = window
    window_days = (end - start).days + 1
    period = window_filters(filters, country, start - timedelta(days=BASELINE_DAYS), end)
    return run(
        source,
        principal,
        "elections/window_vs_baseline",
        period,
        window_start=start,
        window_days=window_days,
        baseline_days=BASELINE_DAYS,
    )


def top_techniques(
    source: Source,
    principal: Principal,
    filters: Filters,
    country: str,
    window: tuple[date, date],
    limit: int = 10,
) -> pl.DataFrame:
    """disarm_id, name, incidents — the techniques most seen in the window, most first."""
    scoped = window_filters(filters, country, *window)
    return run(source, principal, "elections/top_techniques", scoped, limit=limit)


def top_actors(
    source: Source,
    principal: Principal,
    filters: Filters,
    country: str,
    window: tuple[date, date],
    limit: int = 10,
) -> pl.DataFrame:
    """actor_id, name, actor_kind, actor_kind_en, actor_kind_fr, incidents — most first."""
    scoped = window_filters(filters, country, *window)
    return run(source, principal, "elections/top_actors", scoped, limit=limit)
