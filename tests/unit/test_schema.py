"""The warehouse schema is a documented contract: it applies from empty and explains every column."""

from __future__ import annotations

import re

import duckdb
import pytest

from rrm_dash import PACKAGE_DIR, PROJECT_DIR
from rrm_dash.warehouse.migrate import apply_migrations, current_version, latest_version, migrations
from rrm_dash.warehouse.read import READ_MODEL_SQL
from rrm_dash.warehouse.schema_docs import schema_markdown

REQUIRED_TABLES = {
    "member", "actor", "incident", "incident_country", "incident_target", "incident_technique",
    "incident_actor", "incident_platform", "incident_narrative", "incident_source", "narrative",
    "channel", "election", "meeting", "meeting_attendance", "engagement_event", "response",
    "response_member", "response_incident", "report", "access_log", "disarm_phase",
    "disarm_tactic", "disarm_technique", "disarm_counter", "disarm_response_type", "vocabulary",
}  # fmt: skip


@pytest.fixture(scope="module")
def migrated() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    apply_migrations(con)
    return con


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.sql("select table_name from duckdb_tables() where schema_name = 'main'").fetchall()
    return {row[0] for row in rows}


def test_schema_applies_from_empty_and_records_every_migration(
    migrated: duckdb.DuckDBPyConnection,
) -> None:
    assert current_version(migrated) == latest_version() == len(migrations())
    recorded = migrated.sql("select version from schema_version order by version").fetchall()
    assert [row[0] for row in recorded] == list(range(1, latest_version() + 1))


def test_applying_migrations_twice_changes_nothing(migrated: duckdb.DuckDBPyConnection) -> None:
    assert apply_migrations(migrated) == []


def test_schema_has_every_table_of_the_data_model(migrated: duckdb.DuckDBPyConnection) -> None:
    assert _tables(migrated) >= REQUIRED_TABLES


def test_every_table_and_column_is_documented_in_the_schema(
    migrated: duckdb.DuckDBPyConnection,
) -> None:
    missing_tables = migrated.sql(
        "select table_name from duckdb_tables() where schema_name = 'main' and coalesce(comment, '') = ''"
    ).fetchall()
    missing_columns = migrated.sql(
        "select table_name || '.' || column_name from duckdb_columns()"
        " where schema_name = 'main' and not internal and coalesce(comment, '') = ''"
    ).fetchall()
    assert missing_tables == []
    assert missing_columns == []


def test_docs_warehouse_md_is_the_schema_as_built() -> None:
    documented = (PROJECT_DIR / "docs" / "warehouse.md").read_text(encoding="utf-8")
    assert documented == schema_markdown(), (
        "docs/warehouse.md is out of date: run `python -m rrm_dash schema-docs > docs/warehouse.md`"
    )


def test_every_fact_table_carries_a_non_null_tlp(migrated: duckdb.DuckDBPyConnection) -> None:
    rows = migrated.sql(
        "select table_name, is_nullable from duckdb_columns() where column_name = 'tlp'"
    ).fetchall()
    assert {table for table, _ in rows} >= {"incident", "actor", "report", "response", "election"}
    assert all(not nullable for _, nullable in rows)


def test_vocabulary_checks_allow_exactly_the_vocabulary_codes(
    migrated: duckdb.DuckDBPyConnection,
) -> None:
    checks = {
        ("incident", "heading"): "heading",
        ("incident", "threat_type"): "threat_type",
        ("incident", "tnr_vector"): "tnr_vector",
        ("incident", "attribution_status"): "attribution_status",
        ("incident", "likelihood"): "likelihood",
        ("incident", "gender_dimension"): "gender_dimension",
        ("incident", "status"): "incident_status",
        ("incident", "tlp"): "tlp",
        ("incident", "pap"): "pap",
        ("incident_country", "role"): "country_role",
        ("incident_target", "target_category"): "target_category",
        ("incident_target", "vulnerable_group"): "vulnerable_group",
        ("incident_source", "source_category"): "source_category",
        ("actor", "actor_kind"): "actor_kind",
        ("channel", "exposure_category"): "exposure_category",
        ("election", "election_type"): "election_type",
        ("election", "status"): "election_status",
        ("meeting", "meeting_type"): "meeting_type",
        ("engagement_event", "event_type"): "engagement_event_type",
        ("response", "response_type"): "response_type",
        ("response", "status"): "response_status",
        ("response_member", "position"): "response_position",
        ("report", "report_type"): "report_type",
        ("access_log", "action"): "access_action",
    }
    constraints = migrated.sql(
        "select table_name, constraint_column_names, expression from duckdb_constraints()"
        " where constraint_type = 'CHECK' and expression like '% IN (%'"
    ).fetchall()
    for (table, column), vocabulary in checks.items():
        expression = next(e for t, cols, e in constraints if t == table and cols == [column])
        allowed = set(re.findall(r"'([^']*)'", expression))
        codes = migrated.sql(
            "select code from vocabulary where vocabulary = $v", params={"v": vocabulary}
        ).fetchall()
        assert allowed == {row[0] for row in codes}, f"{table}.{column} vs vocabulary {vocabulary}"


def test_every_threat_type_belongs_to_a_heading(migrated: duckdb.DuckDBPyConnection) -> None:
    orphans = migrated.sql(
        "select code from vocabulary where vocabulary = 'threat_type'"
        " and parent not in ('DIP', 'MIE', 'HRF')"
    ).fetchall()
    assert orphans == []


def test_every_vocabulary_code_has_an_english_and_a_french_label(
    migrated: duckdb.DuckDBPyConnection,
) -> None:
    blank = migrated.sql(
        "select vocabulary, code from vocabulary where trim(label_en) = '' or trim(label_fr) = ''"
    ).fetchall()
    assert blank == []


def test_the_read_model_exposes_every_table_through_exactly_one_door(
    migrated: duckdb.DuckDBPyConnection,
) -> None:
    read_model = READ_MODEL_SQL.read_text(encoding="utf-8")
    views = set(re.findall(r"create view (\w+) as select \* from wh\.(\w+);", read_model))
    scoped = set(re.findall(r"create macro scoped_(\w+)\(\) as table", read_model))
    plain = {view for view, source in views if view == source}
    assert len(plain) == len(views), "a reference view must keep its table's name"
    assert plain.isdisjoint(scoped)
    assert plain | scoped == _tables(migrated), (
        "every warehouse table needs a view or a scoped macro"
    )
    facts_with_tlp = {
        row[0]
        for row in migrated.sql(
            "select table_name from duckdb_columns() where column_name = 'tlp'"
        ).fetchall()
    }
    assert facts_with_tlp <= scoped, "a table with markings must never be a plain view"


def test_queries_read_only_through_the_read_model() -> None:
    for path in (PACKAGE_DIR / "sql" / "queries").rglob("*.sql"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bwh\s*\.", text), f"{path} reads the raw snapshot"
        assert text.startswith("--"), f"{path} must open with a comment saying what it answers"
        for table in ("incident", "actor", "narrative", "channel", "report", "response", "meeting"):
            assert not re.search(rf"\b(from|join)\s+{table}\b", text), (
                f"{path} reads {table} unscoped"
            )
