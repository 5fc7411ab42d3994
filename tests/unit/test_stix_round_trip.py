"""A STIX bundle exported from the demo imports into an empty warehouse as the same incidents,
techniques, actors and markings; importing it again changes nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from rrm_dash.access import demo_principal
from rrm_dash.exchange.records import incident_records
from rrm_dash.exchange.stix import export_stix
from rrm_dash.ingest.run import ImportFile, ImportResult, import_files
from rrm_dash.queries.runner import Source, run

ANALYST = demo_principal()
NOW = datetime(2025, 6, 1, 12, 0)
#: What an empty warehouse cannot hold: the demo's narratives are not in a STIX export, and its
#: fictional states (XA-XZ) are not in the reference country table.
NOT_CARRIED = ("narratives", "targeted_countries", "origin_countries", "originator_member")


@pytest.fixture(scope="module")
def exported(demo_source: Source) -> bytes:
    return export_stix(demo_source, ANALYST, None, now=NOW)


@pytest.fixture(scope="module")
def round_trip(
    tmp_path_factory: pytest.TempPathFactory, exported: bytes
) -> tuple[Path, ImportResult]:
    target = tmp_path_factory.mktemp("stix-round-trip") / "rrm.duckdb"
    result = import_files(target, [ImportFile("export.json", exported)], principal=ANALYST)
    return target, result


def by_key(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in rows}


def test_the_export_imports_cleanly_into_an_empty_warehouse(
    round_trip: tuple[Path, ImportResult],
) -> None:
    _, result = round_trip
    assert result.written and not result.rejected
    (report,) = result.reports
    assert not report.batch.problems and not report.outcome.skipped
    assert not report.batch.kept_out


def test_the_same_incidents_come_back_with_their_markings_techniques_and_actors(
    demo_source: Source, round_trip: tuple[Path, ImportResult]
) -> None:
    before = by_key(incident_records(demo_source, ANALYST, None).to_dicts(), "incident_id")
    after = by_key(
        incident_records(Source.live(round_trip[0]), ANALYST, None).to_dicts(), "incident_id"
    )
    assert set(after) == set(before)
    for key, old in before.items():
        new = after[key]
        for column, value in old.items():
            if column in NOT_CARRIED or column == "stix_id":
                continue
            assert new[column] == value, (key, column)
        # the Chatham House Rule hid other members' originators: the importer's stands in
        assert new["originator_member"] == (old["originator_member"] or "CU"), key
        for column in ("targeted_countries", "origin_countries"):
            assert set(new[column]) <= set(old[column]), (key, column)


def test_the_same_actors_come_back(
    demo_source: Source, round_trip: tuple[Path, ImportResult]
) -> None:
    before = run(demo_source, ANALYST, "export_stix/actors").to_dicts()
    after = by_key(
        run(Source.live(round_trip[0]), ANALYST, "export_stix/actors").to_dicts(), "actor_id"
    )
    assert {row["actor_id"] for row in before} == set(after)
    for old in before:
        new = after[old["actor_id"]]
        for column, value in old.items():
            if column == "originator_member" and value is None:
                assert new[column] == "CU"
            else:
                assert new[column] == value, (old["actor_id"], column)


def test_importing_the_export_again_changes_nothing(
    round_trip: tuple[Path, ImportResult], exported: bytes
) -> None:
    result = import_files(round_trip[0], [ImportFile("again.json", exported)], principal=ANALYST)
    (report,) = result.reports
    assert not report.outcome.added and not report.outcome.updated
    assert sum(report.outcome.unchanged.values()) > 0


def test_importing_the_export_into_the_warehouse_it_came_from_changes_nothing(
    demo_warehouse: Path, exported: bytes
) -> None:
    result = import_files(
        demo_warehouse, [ImportFile("export.json", exported)], principal=ANALYST, dry_run=True
    )
    (report,) = result.reports
    assert not report.batch.problems
    assert not report.outcome.added and not report.outcome.updated and not report.outcome.skipped
