"""Write a batch of entities into a snapshot: classify them against what is stored, then upsert in bulk.

Entities go to DuckDB as columns (an EntityTable, or plain Entity objects grouped into a few),
and every step is one statement over all of them: a join on the key says which are new;
stored ones are compared column by column, and link set by link set (a full join of given
and stored link rows), to tell updated from unchanged; then rows are deleted and inserted in
bulk. A group none of whose keys is stored is simply inserted.

The link tables have no key index (its upkeep cost more than the rest of a bulk import): their
rows stay unique on LINK_KEYS because an entity's link set replaces the stored one wholesale,
an EntityTable's producer gives each link row once, and plain entities' repeated link rows are
dropped here. The integrity rule `link_rows_repeated` refuses any snapshot where they are not.

Runs on the writable connection of `rrm_dash.ingest.load.publish` (the single write path), or
on a read-only one with `write=False` to say what an import would do (a dry run).
"""

# ruff: noqa: S608 (statements name only the warehouse's own tables and columns, quoted; values are parameters)
from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import polars as pl
import pyarrow as pa

from rrm_dash.ingest.batch import GIVEN, MODIFIED, ORDER, Entity, EntityTable
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
#: The columns that identify a row of each link table (unique: see the module's docstring).
LINK_KEYS: dict[str, tuple[str, ...]] = {
    "incident_country": ("incident_id", "country_code", "role"),
    "incident_target": ("incident_id", "target_category", "gender", "vulnerable_group"),
    "incident_technique": ("incident_id", "disarm_id"),
    "incident_actor": ("incident_id", "actor_id"),
    "incident_platform": ("incident_id", "platform"),
    "incident_narrative": ("incident_id", "narrative_id"),
    "incident_source": ("incident_id", "url"),
}
STAMPS = ("created_at", "updated_at")
#: Names the staged frames and the classification have in the connection while a batch is written.
_STAGED = "_write_staged"
_STATE = "_write_state"
_DIFFER = "_write_links_differ"
_KEYS = "_write_stored_keys"
_names = itertools.count()


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
    """Upsert `entities` (naive UTC `now` stamps new and changed rows); with `write=False`, only count.

    `entities` is an EntityTable or a sequence of Entity objects (grouped into EntityTables)."""
    outcome = Outcome()
    if isinstance(entities, EntityTable):
        groups = [entities]
        if entities.table not in WRITABLE:
            raise ValueError(f"importers may not write table {entities.table!r}")
    else:
        groups = _grouped(con, entities)
    for table_name in WRITABLE:  # parents before the rows that point at them
        skipped: list[tuple[int, Text, Message]] = []
        for group in (g for g in groups if g.table == table_name and len(g)):
            table = _describe(con, table_name)
            _write_group(con, table, group, _Stamp(now, write), outcome, skipped)
        skipped.sort(key=lambda skip: skip[0])
        outcome.skipped.extend((origin, reason) for _, origin, reason in skipped)
    return outcome


@dataclass(frozen=True)
class _Stamp:
    now: datetime
    write: bool


class _Staged:
    """A group's frames as views of the connection, each made (as Arrow, which DuckDB reads
    faster than a polars frame) when first used and dropped when released: `keys` (the key
    column), `rows` (every column) and `link(name)`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, group: EntityTable) -> None:
        self.con, self.group = con, group
        self._name = f"{_STAGED}_{next(_names)}"
        self._views: dict[str, str] = {}

    def _view(self, part: str, frame: Callable[[], pl.DataFrame]) -> str:
        if part not in self._views:
            self._views[part] = f"{self._name}_{part}"
            self.con.register(self._views[part], _arrow(frame()))
        return self._views[part]

    @property
    def keys(self) -> str:
        return self._view("keys", lambda: self.group.rows.select(self.group.key))

    @property
    def rows(self) -> str:
        rows = self.group.rows
        return self._view(
            "rows", lambda: rows if MODIFIED in rows.columns else _with_modified(rows)
        )

    def link(self, name: str) -> str:
        """The view of the group's rows of link table `name`."""
        return self._view(name, lambda: self.group.links[name])

    def release(self, part: str) -> None:
        self.con.unregister(self._views.pop(part))

    def close(self) -> None:
        for part in list(self._views):
            self.release(part)


def _write_group(
    con: duckdb.DuckDBPyConnection,
    table: _Table,
    group: EntityTable,
    stamp: _Stamp,
    outcome: Outcome,
    skipped: list[tuple[int, Text, Message]],
) -> None:
    staged = _Staged(con, group)
    try:
        key = _q(table.key)
        stored = _count(con, f"select count(*) from {staged.keys} where {key} in ({_keys(table)})")
        if stored == 0:
            _write_new(con, table, staged, stamp, outcome, skipped)
            return
        _classify(con, table, staged)
        try:
            counts = dict(
                con.sql(f"select state, count(*) from {_STATE} group by state").fetchall()
            )
            _count_states(table.name, counts, outcome)
            skipped.extend(_skips(con, group))
            if stamp.write and (counts.get("added") or counts.get("updated")):
                _write_changes(con, table, staged, stamp.now)
        finally:
            con.execute(f"drop table if exists {_STATE}")
            con.execute(f"drop table if exists {_DIFFER}")
    finally:
        staged.close()


def _write_new(
    con: duckdb.DuckDBPyConnection,
    table: _Table,
    staged: _Staged,
    stamp: _Stamp,
    outcome: Outcome,
    skipped: list[tuple[int, Text, Message]],
) -> None:
    """No entity of the group is stored: all are added (partial ones skipped)."""
    group = staged.group
    if group.partial:
        reason = msg("skip.not_stored")
        orders = group.rows.get_column(ORDER).to_list()
        skipped.extend((order, group.origin(order), reason) for order in orders)
        return
    outcome.added[table.name] += len(group)
    if not stamp.write:
        return
    _insert(con, table, group, f"select * from {staged.rows}", stamp.now)
    staged.release("rows")
    for name, frame in group.links.items():
        if frame.height:
            _insert_links(con, name, frame, f"select * from {staged.link(name)}")
            staged.release(name)


def _classify(con: duckdb.DuckDBPyConnection, table: _Table, staged: _Staged) -> None:
    """_STATE: each entity's key, ORDER, state (added, updated, unchanged, not_stored,
    older), MODIFIED and the stored updated_at."""
    key, group = _q(table.key), staged.group
    con.execute(
        f"create temp table {_KEYS} as select s.{key} from {staged.rows} s "
        f"semi join {_q(table.name)} t on t.{key} = s.{key}"
    )
    try:
        differ = [
            _links_differ(name, staged.link(name), frame, key)
            for name, frame in group.links.items()
        ]
        con.execute(
            f"create temp table {_DIFFER} as "
            + (" union ".join(differ) if differ else f"select {key} from {_KEYS} limit 0")
        )
    finally:
        con.execute(f"drop table {_KEYS}")
    same_row = " and ".join(
        [
            _given(group, c, f"s.{_q(c)} is not distinct from t.{_q(c)}", "true")
            for c in group.given
            if c not in STAMPS
        ]
        or ["true"]
    )
    updated_at = "t.updated_at" if "updated_at" in table.columns else "null::timestamp"
    con.execute(
        f"""
        create temp table {_STATE} as
        select s.{key} as key, s.{ORDER} as ord, s.{MODIFIED} as modified,
            {updated_at} as stored_at,
            case
                when t.{key} is null then {"'not_stored'" if group.partial else "'added'"}
                when {same_row} and d.{key} is null then 'unchanged'
                when s.{MODIFIED} is not null and {updated_at} is not null
                    and s.{MODIFIED} <= {updated_at} then 'older'
                else 'updated'
            end as state
        from {staged.rows} s
        left join {_q(table.name)} t on t.{key} = s.{key}
        left join {_DIFFER} d on d.{key} = s.{key}
        """
    )


def _links_differ(name: str, link: str, frame: pl.DataFrame, key: str) -> str:
    """A query for the stored keys (_KEYS) whose rows in link table `name` differ from the
    given ones (`link`), compared as sets over the given link columns: a row of either side
    that the other lacks (one full join)."""
    columns = [_q(c) for c in frame.columns]
    same = " and ".join(f"a.{c} is not distinct from b.{c}" for c in columns)
    given = f"(select {', '.join(columns)} from {link} semi join {_KEYS} using ({key}))"
    stored = f"(select {', '.join(columns)} from {_q(name)} semi join {_KEYS} using ({key}))"
    return (
        f"select coalesce(a.{key}, b.{key}) as {key} from {given} a full join {stored} b "
        f"on {same} where a.{key} is null or b.{key} is null"
    )


def _count_states(table: str, counts: dict[str, int], outcome: Outcome) -> None:
    for state, counter in (
        ("added", outcome.added),
        ("updated", outcome.updated),
        ("unchanged", outcome.unchanged),
    ):
        if counts.get(state):
            counter[table] += counts[state]


def _skips(con: duckdb.DuckDBPyConnection, group: EntityTable) -> list[tuple[int, Text, Message]]:
    found = con.sql(
        f"select ord, state, modified, stored_at from {_STATE} "
        "where state in ('not_stored', 'older') order by ord"
    ).fetchall()
    skips: list[tuple[int, Text, Message]] = []
    for order, state, modified, stored_at in found:
        if state == "not_stored":
            reason = msg("skip.not_stored")
        else:
            reason = msg(
                "skip.older",
                modified=f"{modified:%Y-%m-%d %H:%M:%S}",
                stored=f"{stored_at:%Y-%m-%d %H:%M:%S}",
            )
        skips.append((order, group.origin(order), reason))
    return skips


def _write_changes(
    con: duckdb.DuckDBPyConnection, table: _Table, staged: _Staged, now: datetime
) -> None:
    """Replace the updated rows (stored columns kept where the entity gives none, created_at
    kept, updated_at stamped), add the new ones, and replace the written entities' links."""
    key, name, group = _q(table.key), _q(table.name), staged.group
    updated = f"select key from {_STATE} where state = 'updated'"
    written = f"select key from {_STATE} where state in ('added', 'updated')"
    given = [c for c in group.given if c != table.key and (c not in STAMPS or not table.stamped)]
    replaced = [f"{_given(group, c, f's.{_q(c)}', f't.{_q(c)}')} as {_q(c)}" for c in given]
    params: dict[str, object] = {}
    if table.stamped:
        replaced.append(f"coalesce(s.{MODIFIED}, $now) as updated_at")
        params["now"] = now
    replace = f" replace ({', '.join(replaced)})" if replaced else ""
    con.execute(
        f"create temp table _write_merged as select t.*{replace} "
        f"from {name} t join {staged.rows} s on s.{key} = t.{key} where t.{key} in ({updated})",
        params,
    )
    try:
        con.execute(f"delete from {name} where {key} in ({updated})")
        con.execute(f"insert into {name} select * from _write_merged")
    finally:
        con.execute("drop table _write_merged")
    added = f"select key from {_STATE} where state = 'added'"
    _insert(con, table, group, f"select * from {staged.rows} where {key} in ({added})", now)
    for link_name, frame in group.links.items():
        con.execute(f"delete from {_q(link_name)} where {key} in ({updated})")
        rows = f"select * from {staged.link(link_name)} where {key} in ({written})"
        _insert_links(con, link_name, frame, rows)


def _insert(
    con: duckdb.DuckDBPyConnection, table: _Table, group: EntityTable, rows: str, now: datetime
) -> None:
    """Insert the new rows `rows` selects; created_at and updated_at are the entity's
    modified time or `now` unless given; columns not given take the table's defaults (one
    statement per set of columns given)."""
    shapes: list[list[str]] = [group.given]
    where = ""
    if GIVEN in group.rows.columns:
        found = con.sql(f"select distinct {GIVEN} from ({rows})").fetchall()
        shapes = [[c for c in group.given if c in given] for (given,) in found]
    for given in shapes:
        columns = [_q(c) for c in given]
        params: dict[str, object] = {}
        if table.stamped:
            missing = [stamp for stamp in STAMPS if stamp not in given]
            columns += [f"coalesce({MODIFIED}, $now) as {stamp}" for stamp in missing]
            params = {"now": now} if missing else {}
        if GIVEN in group.rows.columns:
            where = f" where {GIVEN} = $given"
            params["given"] = sorted(given)
        con.execute(
            f"insert into {_q(table.name)} by name select {', '.join(columns)} from ({rows}){where}",
            params,
        )


def _given(group: EntityTable, column: str, then: str, otherwise: str) -> str:
    """SQL for `then` where the staged row (s) gives `column`, else `otherwise`."""
    if GIVEN not in group.rows.columns:
        return then
    return f"(case when list_contains(s.{GIVEN}, '{column}') then {then} else {otherwise} end)"


def _insert_links(
    con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame, rows: str
) -> None:
    if frame.height:
        columns = ", ".join(_q(c) for c in frame.columns)
        con.execute(f"insert into {_q(name)} by name select {columns} from ({rows})")


def _arrow(frame: pl.DataFrame) -> pa.Table:
    """`frame` as Arrow, which DuckDB reads faster than a polars frame (plain strings convert
    faster than string views)."""
    return frame.to_arrow(compat_level=pl.CompatLevel.oldest())


def _with_modified(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.with_columns(pl.lit(None, dtype=pl.Datetime("us")).alias(MODIFIED))


def _keys(table: _Table) -> str:
    return f"select {_q(table.key)} from {_q(table.name)}"


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.sql(sql).fetchall()[0][0])


def _q(name: str) -> str:
    """A table or column name quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


# -- plain Entity objects as EntityTables --------------------------------------------------------


def _grouped(con: duckdb.DuckDBPyConnection, entities: Sequence[Entity]) -> list[EntityTable]:
    """Entities grouped by table, link tables owned and partial, as EntityTables typed like the
    warehouse's tables (ORDER is each entity's place in `entities`; GIVEN the columns each
    gives, when they differ)."""
    groups: dict[tuple[str, tuple[str, ...], bool], list[int]] = {}
    for number, entity in enumerate(entities):
        if entity.table not in WRITABLE:
            raise ValueError(f"importers may not write table {entity.table!r}")
        shape = (entity.table, tuple(sorted(entity.links)), entity.partial)
        groups.setdefault(shape, []).append(number)
    schemas: dict[str, pa.Schema] = {}

    def schema(table: str) -> pa.Schema:
        if table not in schemas:
            schemas[table] = con.sql(f"select * from {_q(table)} limit 0").to_arrow_table().schema
        return schemas[table]

    def origin(order: int) -> Text:
        return entities[order].origin or entities[order].key

    tables = []
    for (table, link_names, partial), numbers in groups.items():
        key = _describe(con, table).key
        members = [entities[n] for n in numbers]
        extra: dict[str, Sequence[object]] = {
            ORDER: numbers,
            MODIFIED: [e.modified for e in members],
        }
        givens = [sorted({key, *e.row}) for e in members]
        if len({tuple(given) for given in givens}) > 1:
            extra[GIVEN] = givens
        rows = _frame([{key: e.key, **e.row} for e in members], schema(table), key, extra)
        links = {
            name: _frame(
                _once([link for e in members for link in e.links[name]]), schema(name), key
            )
            for name in link_names
        }
        tables.append(EntityTable(table, key, rows, links, origin, partial=partial))
    return tables


def _once(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """`rows` without repeats (the first of equal rows kept, in order): a link set is a set."""
    seen: set[tuple[tuple[str, object], ...]] = set()
    kept = []
    for row in rows:
        identity = tuple(sorted((name, _hashable(value)) for name, value in row.items()))
        if identity not in seen:
            seen.add(identity)
            kept.append(row)
    return kept


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def _frame(
    rows: list[dict[str, object]],
    schema: pa.Schema,
    key: str,
    extra: Mapping[str, Sequence[object]] | None = None,
) -> pl.DataFrame:
    """`rows` typed by the table's `schema` (the `key` column and the columns they give), with
    `extra` columns."""
    names = list(dict.fromkeys([key, *(name for row in rows for name in row)]))
    arrow = pa.Table.from_pylist(rows, schema=pa.schema([schema.field(n) for n in names]))
    frame = pl.from_arrow(arrow)
    assert isinstance(frame, pl.DataFrame)
    dtypes = {ORDER: pl.Int64(), MODIFIED: pl.Datetime("us"), GIVEN: pl.List(pl.String())}
    extras = [pl.Series(name, values, dtype=dtypes[name]) for name, values in (extra or {}).items()]
    return frame.with_columns(extras) if extras else frame


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
