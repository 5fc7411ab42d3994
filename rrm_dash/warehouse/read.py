"""Open a published snapshot read-only behind the access-scoped read model (sql/read/scope.sql)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from rrm_dash import PACKAGE_DIR

READ_MODEL_SQL = PACKAGE_DIR / "sql" / "read" / "scope.sql"


def open_read_model(snapshot: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with `snapshot` attached read-only and the scoped read model on top.

    Views and macros live in the in-memory catalog, so every `.cursor()` of the returned
    connection sees them, while the snapshot itself can never be written through it.
    """
    con = duckdb.connect(":memory:")
    con.execute("attach $path as wh (read_only)", {"path": str(snapshot)})
    con.execute(READ_MODEL_SQL.read_text(encoding="utf-8"))
    return con
