"""Bulk inserts on background threads, so DuckDB indexes rows while the next table is generated."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

import duckdb
import polars as pl

from rrm_dash.demo.frames import insert_frame

#: Writer threads. Maintaining primary-key indexes is most of the cost of a big demo and DuckDB
#: does it on one core per statement, so two tables are written at once.
WRITERS = 2


class TableWriter:
    """Queue whole-table inserts on a few writer threads, each with its own cursor.

    Each insert commits on its own (a cursor is a separate DuckDB connection to the same
    database), so use it where the caller provides atomicity, as `next_snapshot` does: a
    failed build is thrown away with its snapshot. A table's frame goes to the writer with
    the fewest queued rows; tables have no foreign keys, so their order does not matter.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, writers: int = WRITERS) -> None:
        self._cursors = [con.cursor() for _ in range(writers)]
        self._pools = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"rrm-demo-writer-{i}")
            for i in range(writers)
        ]
        self._queued = [0] * writers
        self._pending: list[tuple[str, Future[int]]] = []

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is not None:
            for _, future in self._pending:
                future.cancel()
        for pool in self._pools:
            pool.shutdown(wait=True)
        for cursor in self._cursors:
            cursor.close()

    def insert(self, table: str, frame: pl.DataFrame) -> None:
        """Insert `frame` into `table` on the least busy writer."""
        worker = min(range(len(self._pools)), key=lambda i: self._queued[i])
        self._queued[worker] += frame.height
        future = self._pools[worker].submit(insert_frame, self._cursors[worker], table, frame)
        self._pending.append((table, future))

    def counts(self) -> dict[str, int]:
        """Rows inserted per table, once every queued insert is done (re-raises the first failure)."""
        counts: dict[str, int] = {}
        for table, future in self._pending:
            counts[table] = counts.get(table, 0) + future.result()
        return counts
