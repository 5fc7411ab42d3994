"""Apply the ordered schema migrations in rrm_dash/sql/schema to a writable connection."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from rrm_dash import PACKAGE_DIR

SCHEMA_DIR = PACKAGE_DIR / "sql" / "schema"
_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


_SCHEMA_VERSION_COMMENTS = (
    "comment on table schema_version is 'Schema migrations applied to this warehouse, in order.'",
    "comment on column schema_version.version is"
    " 'Migration number (NNN of rrm_dash/sql/schema/NNN_*.sql).'",
    "comment on column schema_version.name is 'Migration name.'",
    "comment on column schema_version.applied_at is 'When it was applied.'",
)


def migrations() -> list[Migration]:
    """Every migration file, in version order; a badly named file is an error, not skipped."""
    found = []
    for path in sorted(SCHEMA_DIR.glob("*.sql")):
        match = _NAME.match(path.name)
        if match is None:
            raise ValueError(f"{path}: migration files are named NNN_name.sql")
        found.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"{SCHEMA_DIR}: migration versions must run 1..n without gaps: {versions}")
    return found


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to this database (0 for an empty one)."""
    exists = con.sql(
        "select count(*) from information_schema.tables where table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    rows = con.sql("select coalesce(max(version), 0) from schema_version").fetchall()
    return int(rows[0][0])


def latest_version() -> int:
    return len(migrations())


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Bring the database to the latest schema, each migration in its own transaction."""
    con.execute(
        "create table if not exists schema_version ("
        " version integer primary key, name varchar not null,"
        " applied_at timestamp not null default current_timestamp)"
    )
    for comment in _SCHEMA_VERSION_COMMENTS:
        con.execute(comment)
    done = current_version(con)
    applied = []
    for migration in migrations():
        if migration.version <= done:
            continue
        con.execute("begin transaction")
        try:
            con.execute(migration.sql())
            con.execute(
                "insert into schema_version (version, name) values ($v, $n)",
                {"v": migration.version, "n": migration.name},
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(migration.version)
    return applied
