"""Vectorised helpers of the generator: random streams, code lookups, time arrays, bulk inserts."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from datetime import date, datetime, time

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa

SECONDS_PER_DAY = 86_400
_FRAME_NAME = "_rrm_demo_frame"
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent random stream per part of the demo, so changing one part leaves the rest."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])


def chunk_stream(seed: int, name: str, chunk: int) -> np.random.Generator:
    """The stream of one chunk of a part drawn chunk by chunk.

    The first chunk draws from the part's own stream, so a demo of a single chunk is drawn
    exactly as if it were not chunked; each later chunk has an independent stream of its own.
    """
    if chunk == 0:
        return stream(seed, name)
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8")), chunk])


def choice(rng: np.random.Generator, n: int, weights: Sequence[float] | np.ndarray) -> np.ndarray:
    """`n` indices drawn with the given (unnormalised) weights."""
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def labels(codes: Sequence[str], index: np.ndarray, name: str = "") -> pl.Series:
    """The codes at `index` as a string column; negative indices become nulls."""
    index = np.asarray(index)
    lookup = pl.Series(name, list(codes), dtype=pl.String)
    gathered = lookup.gather(np.where(index < 0, 0, index))
    if (index < 0).any():
        gathered = pl.select(
            pl.when(pl.Series(index >= 0)).then(gathered).otherwise(None).alias(name)
        ).to_series()
    return gathered.alias(name)


def conditional_choice(
    rng: np.random.Generator, keys: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """For each row, an index drawn from `weights[key]` (a matrix: one weight row per key).

    One uniform number per row, looked up in the rows' cumulative weights laid end to end
    (row k spans [k, k + 1)): no sorting, no per-key loop.
    """
    weights = np.asarray(weights, dtype=float)
    width = weights.shape[1]
    totals = weights.sum(axis=1, keepdims=True)
    cdf = np.cumsum(weights / np.where(totals > 0, totals, 1.0), axis=1)
    cdf[:, -1] = 1.0
    flat = (np.arange(len(weights))[:, None] + cdf).ravel()
    keys = np.asarray(keys, dtype=np.int64)
    position = np.searchsorted(flat, keys + rng.random(len(keys)), side="right")
    return np.asarray(np.minimum(position - keys * width, width - 1), dtype=np.int64)


def distinct_per_row(matrix: np.ndarray) -> np.ndarray:
    """The matrix with each row's repeated values blanked (-1), keeping the first; -1 is empty."""
    matrix = np.array(matrix, dtype=np.int64)
    for k in range(1, matrix.shape[1]):
        repeated = (matrix[:, [k]] == matrix[:, :k]).any(axis=1)
        matrix[repeated, k] = -1
    return matrix


def list_column(name: str, codes: Sequence[str], matrix: np.ndarray) -> pl.Series:
    """A list-of-codes column from a matrix of code indices per row (-1: no code in that cell)."""
    present = matrix >= 0
    offsets = np.concatenate([[0], np.cumsum(present.sum(axis=1))]).astype(np.int32)
    values = pa.array(np.asarray(codes, dtype=object)[matrix[present]], type=pa.string())
    return pl.Series(name, pa.ListArray.from_arrays(pa.array(offsets), values))


def timestamps(start: date, seconds: np.ndarray, name: str) -> pl.Series:
    """Timestamps `seconds` after midnight of `start` (NaN becomes null)."""
    base = np.datetime64(datetime.combine(start, time()), "s")
    seconds = np.asarray(seconds, dtype=float)
    missing = np.isnan(seconds)
    values = base + np.where(missing, 0, seconds).astype("timedelta64[s]")
    series = pl.Series(name, values.astype("datetime64[us]"))
    if missing.any():
        series = pl.select(
            pl.when(pl.Series(~missing)).then(series).otherwise(None).alias(name)
        ).to_series()
    return series


def dates(start: date, days: np.ndarray, name: str) -> pl.Series:
    """Dates `days` after `start`."""
    base = np.datetime64(start, "D")
    return pl.Series(name, base + np.asarray(days).astype("timedelta64[D]"))


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Insert the whole frame in one statement (columns matched by name); return its row count."""
    if not _IDENTIFIER.fullmatch(table):
        raise ValueError(f"not a table name: {table!r}")
    if frame.height == 0:
        return 0
    # The newest Arrow layout (string views) hands polars' buffers to DuckDB without copying.
    con.register(_FRAME_NAME, frame.to_arrow(compat_level=pl.CompatLevel.newest()))
    try:
        # `table` is a checked identifier from the generator's own code, never user input.
        con.execute(f"insert into {table} by name select * from {_FRAME_NAME}")  # noqa: S608
    finally:
        con.unregister(_FRAME_NAME)
    return frame.height


def text_ids(prefix: str, count: int, width: int, offset: int = 0) -> pl.Series:
    """Ids like INC-0000001, in order: numbers `offset + 1` to `offset + count`."""
    numbers = pl.int_range(offset + 1, offset + count + 1, eager=True).cast(pl.String)
    return (prefix + numbers.str.zfill(width)).alias("id")


def row_ids(prefix: str, rows: np.ndarray, width: int) -> pl.Series:
    """The ids `text_ids` gives rows `rows` (0-based), in the order of `rows`."""
    numbers = pl.Series(np.asarray(rows, dtype=np.int64) + 1).cast(pl.String)
    return (prefix + numbers.str.zfill(width)).alias("id")
