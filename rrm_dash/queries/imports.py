"""The import history: every file imported into the warehouse, for administrators."""

from __future__ import annotations

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.queries.runner import Source, run

#: Imports the history view lists.
HISTORY_LIMIT = 200


def import_history(
    source: Source, principal: Principal, limit: int = HISTORY_LIMIT
) -> pl.DataFrame:
    """imported_at, username, role, member_code, file_name, file_sha256, source_format, the
    counts (added, updated, unchanged, skipped, rejected, kept_out) and detail (JSON), newest
    first. Empty for anyone but an administrator."""
    return run(source, principal, "imports/import_history", limit=limit)
