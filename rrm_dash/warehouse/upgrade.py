"""Bring a published warehouse up to this version's schema before it is served.

A warehouse published by an older version lacks the newer migrations and the derived read
tables they add (incident_facet, ...), which the read model needs. Publishing it once more
through the single write path, with no change, applies the migrations and builds the derived
tables in a new snapshot; readers of the old one are not disturbed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import duckdb

from rrm_dash.ingest.load import publish
from rrm_dash.warehouse.migrate import current_version, latest_version
from rrm_dash.warehouse.snapshot import live_snapshot


def schema_version_of(published: Path) -> int:
    """The schema version of the live snapshot behind `published`."""
    con = duckdb.connect(str(live_snapshot(published)), read_only=True)
    try:
        return current_version(con)
    finally:
        con.close()


def upgrade_if_behind(published: Path, out: TextIO = sys.stdout) -> bool:
    """Publish `published` again when its schema is older than this version's, saying so on
    `out`; whether it did."""
    before = schema_version_of(published)
    if before >= latest_version():
        return False
    print(
        f"Upgrading the warehouse at {published} from schema {before} to {latest_version()} "
        "(a new snapshot; derived tables are built) ...",
        file=out,
        flush=True,
    )
    publish(published, lambda con: None)
    return True
