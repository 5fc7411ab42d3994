"""Publish a synthetic demo warehouse through the single write path."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from rrm_dash.demo import DemoSummary, build_demo
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.reference import load_reference

DEFAULT_SEED = 7
DEFAULT_INCIDENTS = 3000
#: DuckDB's memory for building, checking and writing the demo: its cache otherwise grows
#: towards most of the machine's memory on a demo of millions of incidents.
DEMO_MEMORY_LIMIT = "3GB"


def publish_demo(
    published: Path,
    *,
    seed: int = DEFAULT_SEED,
    incidents: int = DEFAULT_INCIDENTS,
    today: date | None = None,
) -> DemoSummary:
    """Build the demo from empty (reference data, then synthetic facts) and publish it."""
    last_day = today or date.today()

    def fill(con: duckdb.DuckDBPyConnection) -> DemoSummary:
        # This build's own connection, closed once the snapshot is published.
        con.execute(f"set memory_limit = '{DEMO_MEMORY_LIMIT}'")
        load_reference(con, last_day)
        return build_demo(con, seed=seed, incidents=incidents, today=last_day)

    return publish(published, fill, start_empty=True)
