"""Write a batch of entities into a snapshot: classify each against what is stored, then upsert in bulk.

Runs on the writable connection of `rrm_dash.ingest.load.publish` (the single write path), or
on a read-only one with `write=False` to say what an import would do (a dry run).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from rrm_dash.ingest.batch import Entity
from rrm_dash.ingest.messages import Message, Text, msg

#: Each table an importer may write, with the link tables its entities own.
WRITABLE: dict[str, tuple[str, ...]] = {
    "incident": (
        "incident_country",
        "incident_target",
        "incident_technique",
        "incident_actor",
        "incident_platform",
        "incident_narrative",
        "incident_source",
    ),
    "actor": (),
    "narrative": (),
    "disarm_technique": (),
    "disarm_tactic": (),
}
STAMPS = ("created_at", "updated_at")


@dataclass
class Outcome:
    """What a batch did (or would do): counts by table, and each skipped entity (its origin) with
    the reason."""

    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[Text, Message]] = field(default_factory=list)


@dataclass(frozen=True)
class _Table:
    name: str
    key: str
    columns: tuple[str, ...]

    @property
    def stamped(self) -> bool:
        return all(stamp in self.columns for stamp in STAMPS)


def write_entities(
    con: duckdb.DuckDBPyConnection,
    entities: Sequence[Entity],
    *,
    now: datetime,
    write: bool = True,
) -> Outcome:
    """Upsert `entities` (naive UTC `now` stamps new and changed rows); with `write=False`, only count."""
    outcome = Outcome()
    by_table: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities:
        if entity.table not in WRITABLE:
            raise ValueError(f"importers may not write table {entity.table!r}")
        by_table[entity.table].append(entity)
    for table_name in WRITABLE:  # parents before the rows that point at them
        if by_table.get(table_name):
            _write_table(con, _describe(con, table_name), by_table[table_name], now, write, outcome)
    return outcome


def _write_table(
    con: duckdb.DuckDBPyConnection,
    table: _Table,
    entities: list[Entity],
    now: datetime,
    write: bool,
    outcome: Outcome,
) -> None:
    keys = [entity.key for entity in entities]
    stored = {row[table.key]: row for row in _rows(con, table.name, table.key, keys)}
    link_tables = sorted({name for entity in entities for name in entity.links})
    stored_links = {
        name: _group(_rows(con, name, table.key, keys), table.key) for name in link_tables
    }
    rows: list[dict[str, object]] = []
    written: list[Entity] = []
    for entity in entities:
        old = stored.get(entity.key)
        if old is None:
            if entity.partial:
                outcome.skipped.append((entity.origin or entity.key, msg("skip.not_stored")))
                continue
            rows.append(_new_row(table, entity, now))
            outcome.added[table.name] += 1
        elif _unchanged(
            entity, old, {n: stored_links[n].get(entity.key, []) for n in entity.links}
        ):
            outcome.unchanged[table.name] += 1
            continue
        elif _is_older(entity, old):
            stamp = old["updated_at"]
            reason = msg(
                "skip.older",
                modified=f"{entity.modified:%Y-%m-%d %H:%M:%S}",
                stored=f"{stamp:%Y-%m-%d %H:%M:%S}",
            )
            outcome.skipped.append((entity.origin or entity.key, reason))
            continue
        else:
            rows.append(_merged_row(table, entity, old, now))
            outcome.updated[table.name] += 1
        written.append(entity)
    if not write or not written:
        return
    _delete(con, table.name, table.key, [e.key for e in written if e.key in stored])
    _insert(con, table.name, rows)
    for name in link_tables:
        owners = [e for e in written if name in e.links]
        _delete(con, name, table.key, [e.key for e in owners if e.key in stored])
        _insert(con, name, [row for e in owners for row in e.links[name]])


def _unchanged(
    entity: Entity, old: dict[str, Any], old_links: dict[str, list[dict[str, Any]]]
) -> bool:
    return _same_row(entity.row, old) and all(
        _same_links(rows, old_links[name]) for name, rows in entity.links.items()
    )


def _is_older(entity: Entity, old: dict[str, Any]) -> bool:
    """A producer's copy no newer than the stored one (same content was counted unchanged)."""
    stamp = old.get("updated_at")
    return entity.modified is not None and isinstance(stamp, datetime) and entity.modified <= stamp


def _merged_row(
    table: _Table, entity: Entity, old: dict[str, Any], now: datetime
) -> dict[str, object]:
    """The stored row with the entity's columns over it; created_at kept, updated_at stamped."""
    merged = {**old, **entity.row}
    if table.stamped:
        merged["created_at"] = old["created_at"]
        merged["updated_at"] = entity.modified or now
    return merged


def _new_row(table: _Table, entity: Entity, now: datetime) -> dict[str, object]:
    row = dict(entity.row)
    if table.stamped:
        row.setdefault("created_at", entity.modified or now)
        row.setdefault("updated_at", entity.modified or now)
    return row


def _same_row(given: dict[str, object], stored: dict[str, Any]) -> bool:
    return all(
        _normal(value) == _normal(stored.get(column))
        for column, value in given.items()
        if column not in STAMPS
    )


def _same_links(given: list[dict[str, object]], stored: list[dict[str, Any]]) -> bool:
    columns = sorted({column for row in given for column in row})
    if not given:
        return not stored

    def as_set(rows: list[dict[str, Any]]) -> set[tuple[object, ...]]:
        return {tuple(_normal(row.get(column)) for column in columns) for row in rows}

    return as_set(given) == as_set(stored)


def _normal(value: object) -> object:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _describe(con: duckdb.DuckDBPyConnection, table: str) -> _Table:
    columns = tuple(
        name
        for (name,) in con.execute(
            "select column_name from duckdb_columns() where schema_name = 'main' "
            "and table_name = $table order by column_index",
            {"table": table},
        ).fetchall()
    )
    key = con.execute(
        "select constraint_column_names[1] from duckdb_constraints() "
        "where schema_name = 'main' and table_name = $table and constraint_type = 'PRIMARY KEY'",
        {"table": table},
    ).fetchall()[0][0]
    return _Table(table, key, columns)


def _rows(
    con: duckdb.DuckDBPyConnection, table: str, key: str, keys: Sequence[str]
) -> list[dict[str, Any]]:
    if not keys:
        return []
    relation = con.sql(
        f"select * from {table} where {key} in (select unnest($keys))",  # noqa: S608 (WRITABLE names)
        params={"keys": list(keys)},
    )
    columns = relation.columns
    return [dict(zip(columns, values, strict=True)) for values in relation.fetchall()]


def _group(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _delete(con: duckdb.DuckDBPyConnection, table: str, key: str, keys: Sequence[str]) -> None:
    if keys:
        con.execute(
            f"delete from {table} where {key} in (select unnest($keys))",  # noqa: S608
            {"keys": list(keys)},
        )


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, object]]) -> None:
    """Insert in bulk through Arrow, typed like the table; columns a row leaves out take defaults."""
    groups: dict[tuple[str, ...], list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        groups[tuple(sorted(row))].append(row)
    if not groups:
        return
    full = con.sql(f"select * from {table} limit 0").to_arrow_table().schema  # noqa: S608
    for columns, group in groups.items():
        schema = pa.schema([full.field(column) for column in columns])
        staged = pa.Table.from_pylist(group, schema=schema)
        con.register("staged_rows", staged)
        try:
            con.execute(f"insert into {table} by name select * from staged_rows")  # noqa: S608
        finally:
            con.unregister("staged_rows")
