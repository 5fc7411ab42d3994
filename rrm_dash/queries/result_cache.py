"""Query results kept in memory, per process, for the snapshot, viewer scope, filters and
parameters that produced them.

A published snapshot never changes, so a result is exact for as long as its snapshot is the
one read; a new snapshot has a new path and therefore new keys. The key holds the whole
`viewer` variable the read model applies (member, role flags, TLP ceiling), so a result is
only ever served to a viewer whose scope is identical to the one it was computed for.
Only small results are kept (aggregates, pages of rows): a result larger than a sixteenth of
the budget is returned but not stored, so no full table is ever held here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date, datetime
from typing import Any

import polars as pl


def frozen(value: Any) -> Hashable:
    """`value` (dicts, lists, tuples, sets, scalars) as a hashable, order-preserving key part."""
    if isinstance(value, dict):
        return tuple((key, frozen(item)) for key, item in sorted(value.items()))
    if isinstance(value, list | tuple):
        return tuple(frozen(item) for item in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted(frozen(item) for item in value))  # type: ignore[type-var]
    if value is None or isinstance(value, str | int | float | bool | date | datetime):
        return value
    raise TypeError(f"cannot use a {type(value).__name__} in a query cache key")


class ResultCache:
    """A least-recently-used store of polars frames bounded by their estimated size in bytes."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._entries: OrderedDict[Hashable, tuple[pl.DataFrame, int]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    @property
    def used_bytes(self) -> int:
        return self._used

    def __len__(self) -> int:
        return len(self._entries)

    def get_or_compute(self, key: Hashable, compute: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        """The stored frame for `key`, else `compute()` (stored when small enough)."""
        if self.budget_bytes <= 0:
            return compute()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry[0]
        frame = compute()
        size = int(frame.estimated_size())
        if size <= self.budget_bytes // 16:
            with self._lock:
                if key not in self._entries:
                    self._entries[key] = (frame, size)
                    self._used += size
                    while self._used > self.budget_bytes:
                        _, (_, dropped) = self._entries.popitem(last=False)
                        self._used -= dropped
        return frame

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._used = 0
