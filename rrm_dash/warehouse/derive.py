"""Read tables derived from the facts, kept up to date in every snapshot before it is checked.

Importers write facts only (`rrm_dash/ingest/write.py`); what the pages read fast — one row
per incident with its links as lists (`incident_facet`), the search index
(`incident_search`) — is derived from those facts here, called by the single write path
(`rrm_dash/warehouse/snapshot.next_snapshot`) after every change and before the integrity
checks. A derived table therefore always agrees with the facts of its snapshot, whoever wrote
them.

Each derived table has one row per incident and keeps its incident's `updated_at` (the facet's
builder also numbers any marking it has not seen before in `incident_marking`, which only
grows). Only the
rows of incidents that are new, removed, or stamped differently are rebuilt: the write path
stamps `updated_at` whenever it changes an incident or one of its link sets (an older copy is
skipped, never written), and a table just created finds every incident stale. Stale incidents
are rebuilt in chunks of CHUNK_INCIDENTS in detection order, so memory stays bounded at any
size (a 10M first build in one statement ran out of the demo build's 3 GB) and a first build
stores the rows in detection order, which lets a period filter skip whole row groups.
"""

# ruff: noqa: S608 (statements name only this module's own tables; values are parameters)
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from rrm_dash import PACKAGE_DIR
from rrm_dash.warehouse.search_index import insert_search_rows

DERIVE_DIR = PACKAGE_DIR / "sql" / "derive"
#: Incidents rebuilt per statement.
CHUNK_INCIDENTS = 250_000
#: Temporary tables the builders read: the stale incidents, and the chunk being rebuilt.
STALE = "derive_stale"
CHUNK = "derive_chunk"

_FIND_STALE = f"""
create or replace temp table {STALE} as
with changed as (
    select incident_id from (
        select incident_id, updated_at from incident
        except
        select incident_id, updated_at from {{table}}
    )
    union
    select incident_id from (
        select incident_id, updated_at from {{table}}
        except
        select incident_id, updated_at from incident
    )
)
select
    changed.incident_id,
    row_number() over (order by incident.detected_at, changed.incident_id) - 1 as position
from changed
left join incident using (incident_id)
"""


@dataclass(frozen=True)
class Derived:
    """A derived table and how to insert the rows of the incidents in the chunk table."""

    table: str
    insert: Callable[[duckdb.DuckDBPyConnection], None]


def _sql_builder(name: str) -> Callable[[duckdb.DuckDBPyConnection], None]:
    text = (DERIVE_DIR / name).read_text(encoding="utf-8")

    def insert(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(text)

    return insert


DERIVED = (
    Derived("incident_facet", _sql_builder("incident_facet.sql")),
    Derived("incident_search", insert_search_rows),
)


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Bring every derived read table of the snapshot open on `con` up to date with its facts."""
    for derived in DERIVED:
        refresh(con, derived)


def refresh(con: duckdb.DuckDBPyConnection, derived: Derived) -> int:
    """Rebuild the stale rows of one derived table; how many incidents were stale."""
    con.execute(_FIND_STALE.format(table=derived.table))
    try:
        stale = int(con.sql(f"select count(*) from {STALE}").fetchall()[0][0])
        con.execute(
            f"delete from {derived.table} where incident_id in (select incident_id from {STALE})"
        )
        for start in range(0, stale, CHUNK_INCIDENTS):
            con.execute(
                f"create or replace temp table {CHUNK} as select incident_id from {STALE}"
                " where position >= $start and position < $end",
                {"start": start, "end": start + CHUNK_INCIDENTS},
            )
            derived.insert(con)
        return stale
    finally:
        con.execute(f"drop table if exists {CHUNK}")
        con.execute(f"drop table if exists {STALE}")
