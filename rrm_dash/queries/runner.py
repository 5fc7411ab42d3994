"""Run a named .sql query under a principal's access scope, on a fresh cursor of a snapshot's read model."""

from __future__ import annotations

import contextlib
import functools
import re
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from rrm_dash import PACKAGE_DIR
from rrm_dash.access import Principal
from rrm_dash.config import query_cache_megabytes
from rrm_dash.filters import Filters
from rrm_dash.queries.result_cache import ResultCache, frozen
from rrm_dash.warehouse.read import open_read_model
from rrm_dash.warehouse.snapshot import live_snapshot

QUERY_DIR = PACKAGE_DIR / "sql" / "queries"

# Queries run with cursor.execute() and are read as Arrow: DuckDB warns that reading a DB-API
# result that way copies its rows once more, which costs far less than the second binding of a
# statement that cursor.sql() makes (once to describe the relation, once to run it). pytest
# restores its own filters for each test: pyproject.toml repeats this one.
warnings.filterwarnings(
    "ignore", "Arrow output on a DB-API result", UserWarning, r"rrm_dash\.queries\.runner"
)
_QUERY_NAME = re.compile(r"^[a-z_]+/[a-z0-9_]+$")


@dataclass(frozen=True)
class Source:
    """One published snapshot: the immutable file a published warehouse path pointed at."""

    snapshot: Path

    @classmethod
    def live(cls, published: Path) -> Source:
        """The snapshot published at `published` right now (a new one is picked up on the next call)."""
        return cls(live_snapshot(published))


@functools.lru_cache(maxsize=4)
def _read_model(snapshot: Path) -> duckdb.DuckDBPyConnection:
    # One read-only connection per snapshot for the whole process; queries take a cursor each,
    # because a DuckDB connection must not be shared between Streamlit's script threads.
    return open_read_model(snapshot)


@functools.cache
def query_text(name: str) -> str:
    """The SQL of `sql/queries/<area>/<name>.sql`."""
    if not _QUERY_NAME.match(name):
        raise ValueError(f"query names look like 'area/name', not {name!r}")
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=64)
def _visible_markings(snapshot: Path, viewer: tuple[tuple[str, Any], ...]) -> str | None:
    # The viewer's bit per incident marking (scope.sql, visible_markings()): the TLP rule over a
    # few thousand markings, worked out once per viewer scope and snapshot, and set on every
    # cursor so that facet queries test a bit instead of the rule on each row.
    cursor = _read_model(snapshot).cursor()
    try:
        cursor.execute("set variable viewer = as_viewer($viewer)", {"viewer": dict(viewer)})
        row = cursor.execute("select visible_markings()::varchar").fetchone()
        return None if row is None else row[0]
    finally:
        cursor.close()


@contextlib.contextmanager
def scoped_cursor(
    source: Source, principal: Principal, filters: Filters | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh cursor on the snapshot's read model that sees only what `principal` may see,
    with `filtered_incident()` narrowed to `filters` (all incidents in scope when None)."""
    viewer = principal.viewer()
    bits = _visible_markings(source.snapshot, tuple(sorted(viewer.items())))
    cursor = _read_model(source.snapshot).cursor()
    try:
        cursor.execute("set variable viewer = as_viewer($viewer)", {"viewer": viewer})
        cursor.execute("set variable visible_markings = $bits::bit", {"bits": bits})
        if filters is not None:
            values = {"filters": filters.as_variable()}
            cursor.execute("set variable filters = as_filters($filters)", values)
            if filters.actors:
                cursor.execute("set variable filter_visible_actors = filter_visible_actors()")
            if filters.tactics:
                cursor.execute("set variable filter_tactic_techniques = filter_tactic_techniques()")
        yield cursor
    finally:
        cursor.close()


#: (query name, seconds) of every query run while a `recorded_queries()` block is open.
_recording: list[list[tuple[str, float]]] = []
_recording_lock = threading.Lock()


@contextlib.contextmanager
def recorded_queries() -> Iterator[list[tuple[str, float]]]:
    """Collect (name, seconds) of every query run in this process, from any thread, until the
    block ends (the benchmark times each query a page runs this way)."""
    log: list[tuple[str, float]] = []
    with _recording_lock:
        _recording.append(log)
    try:
        yield log
    finally:
        with _recording_lock:
            _recording.remove(log)


def _record(name: str, seconds: float) -> None:
    if _recording:
        with _recording_lock:
            for log in _recording:
                log.append((name, seconds))


#: Results of this process's queries (see result_cache.py for why a hit is always exact).
results = ResultCache(query_cache_megabytes() * 1024 * 1024)


def run(
    source: Source,
    principal: Principal,
    name: str,
    filters: Filters | None = None,
    **params: Any,
) -> pl.DataFrame:
    """Rows of query `name` that `principal` may see, narrowed by `filters`, `params` bound by name.

    Served from this process's result cache when the same snapshot, viewer scope, filters and
    parameters were asked before."""
    started = time.perf_counter()

    def compute() -> pl.DataFrame:
        with scoped_cursor(source, principal, filters) as cursor:
            cursor.execute(query_text(name), params or None)
            return pl.DataFrame(cursor.to_arrow_table())

    key = (
        str(source.snapshot),
        name,
        frozen(principal.viewer()),
        frozen(filters.as_variable() if filters is not None else None),
        frozen(params),
    )
    frame = results.get_or_compute(key, compute)
    _record(name, time.perf_counter() - started)
    return frame
