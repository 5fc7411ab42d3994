"""The incident link tables have no key index: the writer keeps their rows unique, an integrity
rule refuses any snapshot where they are not, and existing warehouses migrate with their rows."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from rrm_dash.ingest.batch import Entity
from rrm_dash.ingest.facts import WarehouseFacts
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.write import LINK_KEYS, WRITABLE, write_entities
from rrm_dash.warehouse.integrity import integrity_problems
from rrm_dash.warehouse.migrate import apply_migrations, migrations
from rrm_dash.warehouse.snapshot import live_snapshot

RULE = "link_rows_repeated"
#: A sound row of each link table (every column, the key columns first as in LINK_KEYS).
ROWS: dict[str, dict[str, object]] = {
    "incident_country": {"incident_id": "I-1", "country_code": "CA", "role": "targeted"},
    "incident_target": {
        "incident_id": "I-1",
        "target_category": "electorate",
        "gender": "women",
        "vulnerable_group": "none",
    },
    "incident_technique": {"incident_id": "I-1", "disarm_id": "T0002", "disarm_version": "1.6"},
    "incident_actor": {"incident_id": "I-1", "actor_id": "ACT-1", "role": "perpetrator"},
    "incident_platform": {"incident_id": "I-1", "platform": "x_twitter", "channel_id": None},
    "incident_narrative": {"incident_id": "I-1", "narrative_id": "NAR-1"},
    "incident_source": {
        "incident_id": "I-1",
        "url": "https://example.org/a",
        "archive_url": None,
        "source_category": "media_report",
        "is_claim": False,
        "published_on": None,
    },
}
#: A column outside the key, with another allowed value, for the tables that have one.
OTHER_VALUE: dict[str, tuple[str, object]] = {
    "incident_technique": ("disarm_version", "1.5"),
    "incident_actor": ("role", "amplifier"),
    "incident_platform": ("channel_id", "CH-1"),
    "incident_source": ("source_category", "research_report"),
}
#: Another allowed value of each table's last key column.
OTHER_KEY: dict[str, object] = {
    "incident_country": "origin",
    "incident_target": "diaspora",
    "incident_technique": "T0003",
    "incident_actor": "ACT-2",
    "incident_platform": "telegram",
    "incident_narrative": "NAR-2",
    "incident_source": "https://example.org/b",
}


@pytest.fixture
def migrated() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    apply_migrations(con)
    return con


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, object]]) -> None:
    for row in rows:
        names = ", ".join(row)
        values = ", ".join(f"${name}" for name in row)
        con.execute(f"insert into {table} ({names}) values ({values})", row)


def _repeated(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    found = [problem for problem in integrity_problems(con) if problem.check == RULE]
    return found[0].examples if found else []


def test_the_link_tables_keep_their_checks_but_no_key_index(
    migrated: duckdb.DuckDBPyConnection,
) -> None:
    assert set(LINK_KEYS) == set(WRITABLE["incident"])
    keyed = migrated.sql(
        "select table_name, constraint_type from duckdb_constraints() "
        "where table_name like 'incident\\_%' escape '\\' "
        "and constraint_type in ('PRIMARY KEY', 'UNIQUE')"
    ).fetchall()
    assert [row for row in keyed if row[0] in LINK_KEYS] == []
    with pytest.raises(duckdb.ConstraintException):
        _insert(migrated, "incident_country", [{**ROWS["incident_country"], "role": "victim"}])


@pytest.mark.parametrize("table", sorted(LINK_KEYS))
def test_a_link_row_repeated_on_its_key_is_refused_by_the_integrity_rule(
    migrated: duckdb.DuckDBPyConnection, table: str
) -> None:
    row = ROWS[table]
    assert tuple(row)[: len(LINK_KEYS[table])] == LINK_KEYS[table]
    _insert(migrated, table, [row, {**row, LINK_KEYS[table][-1]: OTHER_KEY[table]}])
    assert _repeated(migrated) == []

    _insert(migrated, table, [row])

    ((link_table, incident_id, _link),) = _repeated(migrated)
    assert (link_table, incident_id) == (table, "I-1")


@pytest.mark.parametrize("table", sorted(OTHER_VALUE))
def test_link_rows_with_one_key_and_different_details_are_refused_too(
    migrated: duckdb.DuckDBPyConnection, table: str
) -> None:
    column, value = OTHER_VALUE[table]
    _insert(migrated, table, [ROWS[table], {**ROWS[table], column: value}])

    assert [example[0] for example in _repeated(migrated)] == [table]


def test_an_existing_warehouse_keeps_its_link_rows_when_it_migrates() -> None:
    con = duckdb.connect()
    con.execute(
        "create table schema_version (version integer primary key, name varchar not null,"
        " applied_at timestamp not null default current_timestamp)"
    )
    version = next(m.version for m in migrations() if m.name == "link_keys")
    for migration in (m for m in migrations() if m.version < version):
        con.execute(migration.sql())
        con.execute(
            "insert into schema_version (version, name) values ($v, $n)",
            {"v": migration.version, "n": migration.name},
        )
    for table, row in ROWS.items():
        _insert(con, table, [row, {**row, LINK_KEYS[table][-1]: OTHER_KEY[table]}])
    before = {table: con.sql(f"select * from {table} order by all").fetchall() for table in ROWS}

    assert version in apply_migrations(con)

    after = {table: con.sql(f"select * from {table} order by all").fetchall() for table in ROWS}
    assert after == before and all(len(rows) == 2 for rows in after.values())
    comments = con.sql(
        "select table_name, comment from duckdb_tables() where table_name in "
        "(select unnest($tables))",
        params={"tables": list(ROWS)},
    ).fetchall()
    assert len(comments) == len(ROWS) and all(comment for _, comment in comments)


def test_plain_entities_that_repeat_a_link_row_store_it_once(empty_warehouse: Path) -> None:
    now = datetime(2025, 6, 1, 12, 0)
    row: dict[str, object] = {
        "incident_id": "I-1",
        "title": "Repeated links",
        "detected_at": now,
        "heading": "MIE",
        "threat_type": "disinformation",
        "tlp": "GREEN",
        "originator_member": "CA",
    }
    country: dict[str, object] = {"incident_id": "I-1", "country_code": "CA", "role": "targeted"}
    platform: dict[str, object] = {"incident_id": "I-1", "platform": "telegram", "channel_id": None}
    links = {"incident_country": [country, dict(country)], "incident_platform": [platform] * 3}
    incident = Entity("incident", "I-1", row, links)

    for _ in range(2):  # added, then unchanged (the stored set equals the given one)
        publish(empty_warehouse, lambda con: write_entities(con, [incident], now=now))

    con = duckdb.connect(str(live_snapshot(empty_warehouse)), read_only=True)
    try:
        counts = con.sql(
            "select (select count(*) from incident_country), (select count(*) from incident_platform)"
        ).fetchall()
    finally:
        con.close()
    assert counts == [(1, 1)]


def test_facts_read_lazily_answer_as_facts_read_at_once(demo_warehouse: Path) -> None:
    con = duckdb.connect(str(live_snapshot(demo_warehouse)), read_only=True)
    try:
        eager, lazy = WarehouseFacts.of(con), WarehouseFacts.of(con, lazy=True)
        stored = next(iter(eager.incident_ids))
        assert stored in lazy.incident_ids and "no-such-incident" not in lazy.incident_ids
        assert set(lazy.incident_ids) == eager.incident_ids and len(lazy.incident_ids) > 0
        assert dict(lazy.stix_ids) == eager.stix_ids
        assert lazy == eager
    finally:
        con.close()
