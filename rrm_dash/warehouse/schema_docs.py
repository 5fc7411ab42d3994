"""Write docs/warehouse.md from the schema's own comments, so the documented contract cannot drift."""

from __future__ import annotations

import duckdb

from rrm_dash.warehouse.migrate import apply_migrations

INTRO = """# Warehouse schema

The warehouse is a DuckDB file; analysts may open any published snapshot read-only with their
own tools (`duckdb -readonly data/warehouse/rrm.duckdb`). This page is generated from the
comments in `rrm_dash/sql/schema/` by `python -m rrm_dash schema-docs` (a test keeps it
current), so it is the contract as built.

Conventions: text ids; dates as DATE, moments as TIMESTAMP in UTC; multi-valued facts as link
tables; every fact table carries the marking columns `tlp` (never null), `pap`,
`originator_member`, `releasable_to`, `chatham_house`, `created_at`, `updated_at`. Allowed
codes of every controlled vocabulary, with English and French labels, are rows of
`vocabulary`; the tables check their columns against the same codes. Referential integrity
is checked before a snapshot is published (`rrm_dash/sql/integrity/`), because DuckDB's
foreign keys would forbid updating referenced rows.
"""


def schema_markdown() -> str:
    """The documentation of every table and column of a freshly migrated warehouse."""
    con = duckdb.connect(":memory:")
    apply_migrations(con)
    tables = con.sql(
        "select table_name, comment from duckdb_tables() where schema_name = 'main' "
        "order by table_name"
    ).fetchall()
    columns = con.sql(
        "select table_name, column_name, data_type, is_nullable, comment from duckdb_columns() "
        "where schema_name = 'main' and not internal order by table_name, column_index"
    ).fetchall()
    vocabularies = con.sql(
        "select vocabulary, string_agg(code, ', ' order by rank) from vocabulary "
        "group by vocabulary order by vocabulary"
    ).fetchall()
    lines = [INTRO]
    for table, comment in tables:
        lines += [f"## `{table}`", "", comment or "", "", "| column | type | null | meaning |"]
        lines.append("|---|---|---|---|")
        for column_table, column, data_type, nullable, column_comment in columns:
            if column_table == table:
                null = "yes" if nullable else "no"
                lines.append(f"| `{column}` | {data_type} | {null} | {column_comment or ''} |")
        lines.append("")
    lines += ["## Vocabularies", "", "| vocabulary | codes (in display order) |", "|---|---|"]
    lines += [f"| `{name}` | {codes} |" for name, codes in vocabularies]
    return "\n".join(lines) + "\n"
