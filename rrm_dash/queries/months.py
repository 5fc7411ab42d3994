"""Day rows read by whole calendar month, so that a period sliding by a week reads again only
a month it had not covered before.

A query whose rows are per day (the election inputs' counts per day, country and item) gives
any period the rows of its own days whichever piece they were read in. Reading each whole
month the period touches as its own query makes each month its own entry in the process's
result cache: the periods of a slide share all but at most one month with the period before.
The price is the rest of the first and last months, read once (compare quarters.py, whose
pieces must stop at the period's ends because its query groups by quarter).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import polars as pl


def month_spans(first: date, last: date) -> list[tuple[date, date]]:
    """The whole calendar months from `first`'s to `last`'s: (first day, last day) each (none
    when `first` is after `last`)."""
    spans: list[tuple[date, date]] = []
    if first > last:
        return spans
    start = first.replace(day=1)
    while start <= last:
        following = (start + timedelta(days=31)).replace(day=1)
        spans.append((start, following - timedelta(days=1)))
        start = following
    return spans


def by_month(
    read: Callable[[date, date], pl.DataFrame], first: date, last: date, day: str = "day"
) -> pl.DataFrame:
    """The rows of `read(month_start, month_end)` for every month `first` to `last` touches,
    kept to the days `first` to `last` (column `day`)."""
    if first > last:
        raise ValueError(f"the period ends ({last}) before it starts ({first})")
    pieces = [read(start, end) for start, end in month_spans(first, last)]
    return pl.concat(pieces).filter(pl.col(day).is_between(first, last))
