"""A warehouse published by an older version is brought up to date before it is served."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from rrm_dash.ingest.demo import publish_demo
from rrm_dash.warehouse import migrate, snapshot
from rrm_dash.warehouse.snapshot import live_snapshot
from rrm_dash.warehouse.upgrade import schema_version_of, upgrade_if_behind
from tests.unit.test_ingest_command import table

#: The schema before incident_facet (migration 009) existed.
OLD_VERSION = 8


@pytest.fixture
def old_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A demo warehouse as a version with migrations 001-008 and no derived tables built it."""
    every = migrate.migrations()
    with monkeypatch.context() as old:
        old.setattr(migrate, "migrations", lambda: every[:OLD_VERSION])
        old.setattr(snapshot, "refresh_derived", lambda con: None)
        published = tmp_path / "warehouse" / "rrm.duckdb"
        publish_demo(published, incidents=120, today=date(2026, 11, 1))
    return published


def test_an_older_warehouse_gets_the_new_schema_and_its_derived_tables_in_a_new_snapshot(
    old_warehouse: Path,
) -> None:
    assert schema_version_of(old_warehouse) == OLD_VERSION
    old_snapshot = live_snapshot(old_warehouse)
    said = io.StringIO()
    assert upgrade_if_behind(old_warehouse, out=said)
    assert f"from schema {OLD_VERSION} to {migrate.latest_version()}" in said.getvalue()
    assert schema_version_of(old_warehouse) == migrate.latest_version()
    assert live_snapshot(old_warehouse) != old_snapshot
    counts = table(
        old_warehouse,
        "select (select count(*) from incident) as incidents,"
        " (select count(*) from incident_facet) as facets",
    )
    assert counts.row(0) == (120, 120)


def test_a_current_warehouse_is_served_as_it_is(old_warehouse: Path) -> None:
    upgrade_if_behind(old_warehouse, out=io.StringIO())
    snapshot = live_snapshot(old_warehouse)
    said = io.StringIO()
    assert not upgrade_if_behind(old_warehouse, out=said)
    assert said.getvalue() == ""
    assert live_snapshot(old_warehouse) == snapshot
