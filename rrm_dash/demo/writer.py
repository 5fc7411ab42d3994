"""Bulk inserts on background threads, so DuckDB indexes rows while the next rows are generated."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass
from types import TracebackType

import duckdb
import polars as pl

from rrm_dash.demo.frames import insert_frame

#: Writer threads. Maintaining primary-key indexes is most of the cost of a big demo and DuckDB
#: does it on one core per statement, so two tables are written at once.
WRITERS = 2


@dataclass(eq=False)
class _Insert:
    """A queued insert (compared by identity)."""

    table: str
    frame: pl.DataFrame | None
    future: Future[int]


class TableWriter:
    """Queue inserts of whole frames for a few writer threads, each with its own cursor.

    Each insert commits on its own (a cursor is a separate DuckDB connection to the same
    database), so use it where the caller provides atomicity, as `next_snapshot` does: a
    failed build is thrown away with its snapshot. A free writer takes the oldest queued
    insert whose table no other writer is writing: tables have no foreign keys, so their order
    does not matter, while a table written in parts gets them one after the other, in the
    order they were queued (its rows are stored in that order).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, writers: int = WRITERS) -> None:
        self._changed = threading.Condition()
        self._queue: list[_Insert] = []
        self._writing: set[str] = set()
        self._closing = False
        self._pending: list[tuple[str, Future[int]]] = []
        self._threads = [
            threading.Thread(
                target=self._write, args=(con.cursor(),), name=f"rrm-demo-writer-{i}", daemon=True
            )
            for i in range(writers)
        ]
        for thread in self._threads:
            thread.start()

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
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        for thread in self._threads:
            thread.join()

    def insert(self, table: str, frame: pl.DataFrame) -> None:
        """Queue an insert of `frame` into `table`."""
        future: Future[int] = Future()
        with self._changed:
            self._queue.append(_Insert(table, frame, future))
            self._changed.notify_all()
        self._pending.append((table, future))

    def submitted(self) -> int:
        """How many inserts were queued so far."""
        return len(self._pending)

    def wait(self, count: int) -> None:
        """Block until the first `count` inserts queued are done (re-raises a failure).

        A done insert no longer holds its frame, so waiting bounds the memory of a producer
        that queues frames faster than they are written.
        """
        for _, future in self._pending[:count]:
            future.result()

    def counts(self) -> dict[str, int]:
        """Rows inserted per table, once every queued insert is done (re-raises the first failure)."""
        counts: dict[str, int] = {}
        for table, future in self._pending:
            counts[table] = counts.get(table, 0) + future.result()
        return counts

    def _write(self, cursor: duckdb.DuckDBPyConnection) -> None:
        """One writer thread: take the next insert it may run, until the writer is closed."""
        try:
            while (job := self._next()) is not None:
                frame, job.frame = job.frame, None  # the queue no longer holds the rows
                try:
                    if frame is not None and job.future.set_running_or_notify_cancel():
                        try:
                            job.future.set_result(insert_frame(cursor, job.table, frame))
                        except BaseException as error:  # handed to whoever waits on it
                            job.future.set_exception(error)
                finally:
                    del frame
                    with self._changed:
                        self._writing.discard(job.table)
                        self._changed.notify_all()
        finally:
            cursor.close()

    def _next(self) -> _Insert | None:
        """The oldest queued insert of a table nobody is writing (None once closed and empty)."""
        with self._changed:
            while True:
                job = next((j for j in self._queue if j.table not in self._writing), None)
                if job is not None:
                    self._queue.remove(job)
                    self._writing.add(job.table)
                    return job
                if self._closing and not self._queue:
                    return None
                self._changed.wait()
