"""The single write path: every change to the warehouse goes through `publish`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

from rrm_dash.warehouse.integrity import validate_snapshot
from rrm_dash.warehouse.snapshot import next_snapshot

T = TypeVar("T")


def publish(
    published: Path,
    change: Callable[[duckdb.DuckDBPyConnection], T],
    *,
    start_empty: bool = False,
    lock_timeout_s: float = 600.0,
) -> T:
    """Apply `change` to a copy of the live warehouse, check it, and publish it atomically.

    If `change` raises or the result breaks an integrity rule, nothing is published and the
    live warehouse stays exactly as it was.
    """
    with next_snapshot(
        published,
        validate=validate_snapshot,
        start_empty=start_empty,
        lock_timeout_s=lock_timeout_s,
    ) as con:
        result = change(con)
    return result
