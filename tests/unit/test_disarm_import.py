"""The DISARM bundle import: names, descriptions and version in; retired ids kept and flagged."""

from __future__ import annotations

import copy
import json
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.ingest.batch import Batch, ObjectProblem
from rrm_dash.ingest.disarm_bundle import read_disarm_bundle, tactic_shortname
from rrm_dash.ingest.facts import WarehouseFacts
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.reference import load_reference
from rrm_dash.ingest.write import Outcome, write_entities
from rrm_dash.queries import incidents
from rrm_dash.queries.runner import Source
from rrm_dash.tables.incident_detail import techniques_table
from rrm_dash.warehouse.migrate import apply_migrations
from tests.conftest import SHARED_DIR, TODAY, insert_incident

BUNDLE = SHARED_DIR / "reference" / "disarm" / "DISARM_v1_red_stix21_bundle.json"
needs_bundle = pytest.mark.skipif(
    not BUNDLE.exists(),
    reason=f"the official DISARM STIX bundle is not at {BUNDLE} (../shared/ is absent)",
)
ANALYST = Principal("analyst", Role.ANALYST)
NOW = datetime(2026, 11, 22, 12, 0)
#: A technique tagged on a stored incident, removed from the bundle in the retirement tests.
DROPPED = "T0049.001"


@pytest.fixture(scope="module")
def facts() -> WarehouseFacts:
    """The facts of a new warehouse holding only the project's reference data."""
    con = duckdb.connect()
    apply_migrations(con)
    load_reference(con, TODAY)
    return WarehouseFacts.of(con)


@pytest.fixture(scope="module")
def official() -> dict[str, Any]:
    if not BUNDLE.exists():
        pytest.skip(f"the official DISARM STIX bundle is not at {BUNDLE} (../shared/ is absent)")
    document: dict[str, Any] = json.loads(BUNDLE.read_bytes())
    return document


def _bytes(bundle: dict[str, Any]) -> bytes:
    return json.dumps(bundle).encode("utf-8")


def _without(bundle: dict[str, Any], disarm_id: str) -> dict[str, Any]:
    """The bundle with one attack-pattern (and its relationships) removed."""
    copied = copy.deepcopy(bundle)
    gone = {
        obj["id"]
        for obj in copied["objects"]
        if obj["type"] == "attack-pattern"
        and any(ref.get("external_id") == disarm_id for ref in obj["external_references"])
    }
    copied["objects"] = [
        obj
        for obj in copied["objects"]
        if obj["id"] not in gone and obj.get("source_ref") not in gone
    ]
    return copied


def _small_bundle() -> dict[str, Any]:
    """Two tactics, a technique with a sub-technique and one more technique, in DISARM's shape."""

    def technique(key: str, disarm_id: str, name: str, phase: str) -> dict[str, Any]:
        return {
            "type": "attack-pattern",
            "spec_version": "2.1",
            "id": f"attack-pattern--0000000{key}-0000-4000-8000-000000000000",
            "name": name,
            "description": f"Description of {name}.",
            "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": phase}],
            "external_references": [{"source_name": "mitre-attack", "external_id": disarm_id}],
        }

    tactics = [
        {
            "type": "x-mitre-tactic",
            "id": f"x-mitre-tactic--0000000{key}-0000-4000-8000-000000000000",
            "name": name,
            "x_mitre_shortname": tactic_shortname(name),
            "external_references": [{"source_name": "DISARM", "external_id": tactic_id}],
        }
        for key, tactic_id, name in (
            ("1", "TA06", "Develop Content"),
            ("2", "TA17", "Maximise Exposure"),
        )
    ]
    techniques = [
        technique("1", "T0085", "Develop Text-Based Content", "develop-content"),
        technique("2", "T0085.001", "Develop AI-Generated Text", "develop-content"),
        technique("3", "T0049", "Flood Information Space", "maximise-exposure"),
    ]
    return {
        "type": "bundle",
        "id": "bundle--00000000-0000-4000-8000-000000000000",
        "objects": [
            *tactics,
            *techniques,
            {
                "type": "relationship",
                "id": "relationship--00000001-0000-4000-8000-000000000000",
                "relationship_type": "subtechnique-of",
                "source_ref": techniques[1]["id"],
                "target_ref": techniques[0]["id"],
            },
            {
                "type": "x-mitre-matrix",
                "id": "x-mitre-matrix--00000001-0000-4000-8000-000000000000",
                "name": "DISARM Framework",
                "modified": "2030-01-02T00:00:00Z",
                "tactic_refs": [tactics[1]["id"], tactics[0]["id"]],
            },
            {"type": "identity", "id": "identity--00000001-0000-4000-8000-000000000000"},
        ],
    }


def _rows(batch: Batch, table: str) -> dict[str, dict[str, object]]:
    return {e.key: e.row for e in batch.entities if e.table == table}


# --- the official bundle -------------------------------------------------------------------


@needs_bundle
def test_the_official_bundle_gives_391_techniques_and_16_tactics_with_descriptions(
    official: dict[str, Any], facts: WarehouseFacts
) -> None:
    batch = read_disarm_bundle(_bytes(official), "DISARM.json", facts)
    assert batch.problems == []
    techniques = [e for e in batch.entities if e.table == "disarm_technique"]
    tactics = [e for e in batch.entities if e.table == "disarm_tactic"]
    assert len(techniques) == 391 and len(tactics) == 16
    assert all(e.row["name"] and e.row["description"] for e in techniques)
    assert sum(e.row["parent_id"] is not None for e in techniques) == 288
    by_id = {e.key: e.row for e in techniques}
    assert by_id["T0014.001"]["parent_id"] == "T0014"
    assert by_id["T0014.001"]["tactic_id"] == "TA15"
    assert all(e.partial and set(e.row) == {"tactic_id", "name", "rank"} for e in tactics)
    assert sorted(e.row["rank"] for e in tactics) == list(range(1, 17))  # type: ignore[type-var]
    assert batch.meta["disarm_version"]
    assert batch.kept_out == Counter({"identity": 1, "marking-definition": 1})
    assert not any(e.row.get("retired") for e in techniques)


@needs_bundle
def test_the_navigator_tactic_names_are_the_bundle_short_names(official: dict[str, Any]) -> None:
    for obj in official["objects"]:
        if obj["type"] == "x-mitre-tactic":
            assert tactic_shortname(obj["name"]) == obj["x_mitre_shortname"]


def _write(path: Path, batch: Batch) -> Outcome:
    """What the import orchestrator does with a clean batch: entities, then its meta keys."""

    def change(con: duckdb.DuckDBPyConnection) -> Outcome:
        outcome = write_entities(con, batch.entities, now=NOW)
        for key, value in batch.meta.items():
            con.execute("insert or replace into meta (key, value) values (?, ?)", [key, value])
        return outcome

    return publish(path, change)


def _read(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(Source.live(path).snapshot), read_only=True) as con:
        return con.execute(sql).fetchall()


def _facts_of(path: Path) -> WarehouseFacts:
    with duckdb.connect(str(Source.live(path).snapshot), read_only=True) as con:
        return WarehouseFacts.of(con)


@needs_bundle
def test_writing_the_bundle_adds_descriptions_and_keeps_phases_and_is_idempotent(
    official: dict[str, Any], empty_warehouse: Path
) -> None:
    assert _read(empty_warehouse, "select count(description) from disarm_technique") == [(0,)]
    batch = read_disarm_bundle(_bytes(official), "DISARM.json", _facts_of(empty_warehouse))
    outcome = _write(empty_warehouse, batch)
    assert outcome.updated["disarm_technique"] == 391
    assert outcome.unchanged["disarm_tactic"] == 16  # same names and display order
    assert outcome.skipped == []
    assert _read(empty_warehouse, "select count(description) from disarm_technique") == [(391,)]
    assert _read(
        empty_warehouse, "select name, phase_id, rank from disarm_tactic where tactic_id = 'TA06'"
    ) == [("Develop Content", "P02", 5)]
    again = read_disarm_bundle(_bytes(official), "DISARM.json", _facts_of(empty_warehouse))
    assert again.notes == []
    outcome = _write(empty_warehouse, again)
    assert outcome.updated == Counter() and outcome.unchanged["disarm_technique"] == 391


@needs_bundle
def test_a_new_name_in_the_bundle_updates_the_stored_name(
    official: dict[str, Any], empty_warehouse: Path
) -> None:
    renamed = copy.deepcopy(official)
    for obj in renamed["objects"]:
        if obj["type"] == "x-mitre-tactic" and obj["x_mitre_shortname"] == "develop-content":
            obj["name"] = "Develop Content (renamed)"
        if obj["type"] == "attack-pattern" and obj["external_references"][0]["external_id"] == (
            "T0049"
        ):
            obj["name"] = "Flood the Information Space"
    batch = read_disarm_bundle(_bytes(renamed), "DISARM.json", _facts_of(empty_warehouse))
    _write(empty_warehouse, batch)
    assert _read(
        empty_warehouse, "select name from disarm_technique where disarm_id = 'T0049'"
    ) == [("Flood the Information Space",)]
    assert _read(
        empty_warehouse, "select name, phase_id from disarm_tactic where tactic_id = 'TA06'"
    ) == [("Develop Content (renamed)", "P02")]


# --- retired ids ---------------------------------------------------------------------------


def _tag(path: Path, *tags: tuple[str, str]) -> None:
    def change(con: duckdb.DuckDBPyConnection) -> None:
        for incident_id, _ in tags:
            if not con.execute(
                "select 1 from incident where incident_id = ?", [incident_id]
            ).fetchall():
                insert_incident(con, incident_id, tlp="GREEN", originator="FR")
        con.executemany(
            "insert into incident_technique values (?, ?, 'test version')", [list(t) for t in tags]
        )

    publish(path, change)


@needs_bundle
def test_a_technique_left_out_of_a_new_version_is_retired_and_its_incidents_kept(
    official: dict[str, Any], empty_warehouse: Path
) -> None:
    _tag(empty_warehouse, ("inc-1", DROPPED), ("inc-1", "T0085"), ("inc-2", DROPPED))
    facts = _facts_of(empty_warehouse)
    batch = read_disarm_bundle(
        _bytes(_without(official, DROPPED)), "DISARM-next.json", facts, tagged={DROPPED: 2}
    )
    assert batch.problems == []
    retired = [e for e in batch.entities if e.row.get("retired") is True]
    assert [(e.key, e.row, e.partial) for e in retired] == [
        (DROPPED, {"disarm_id": DROPPED, "retired": True}, True)
    ]
    note = next(note for note in map(str, batch.notes) if "retired" in note)
    assert f"{DROPPED} (2 incidents)" in note and "1 technique id" in note
    _write(empty_warehouse, batch)
    assert _read(
        empty_warehouse, f"select name, retired from disarm_technique where disarm_id = '{DROPPED}'"
    ) == [("Trolls Amplify and Manipulate", True)]
    assert _read(
        empty_warehouse,
        f"select incident_id from incident_technique where disarm_id = '{DROPPED}' order by 1",
    ) == [("inc-1",), ("inc-2",)]
    # the incident detail flags the retired technique, with the loaded version
    shown = incidents.incident_techniques(Source.live(empty_warehouse), ANALYST, "inc-1")
    flags = dict(zip(shown["disarm_id"], shown["retired"], strict=True))
    assert flags == {DROPPED: True, "T0085": False}
    version = batch.meta["disarm_version"]
    assert shown.filter(pl.col("retired"))["retired_in"].to_list() == [version]
    table = techniques_table(shown, translator("en"))
    status = dict(zip(table["DISARM id"], table["DISARM status"], strict=True))
    assert status == {DROPPED: f"Retired: not in {version}", "T0085": "Current"}
    # the next version brings it back
    restored = read_disarm_bundle(_bytes(official), "DISARM.json", _facts_of(empty_warehouse))
    assert any(DROPPED in note and "no longer retired" in note for note in map(str, restored.notes))
    _write(empty_warehouse, restored)
    assert _read(
        empty_warehouse, f"select retired from disarm_technique where disarm_id = '{DROPPED}'"
    ) == [(False,)]


@needs_bundle
def test_without_incident_counts_the_note_still_names_the_retired_id(
    official: dict[str, Any], facts: WarehouseFacts
) -> None:
    batch = read_disarm_bundle(_bytes(_without(official, DROPPED)), "next.json", facts)
    assert any(DROPPED in note and "kept and flagged" in note for note in map(str, batch.notes))


def test_nothing_is_retired_when_a_technique_id_cannot_be_read(facts: WarehouseFacts) -> None:
    bundle = _small_bundle()
    bundle["objects"][2]["external_references"] = [{"source_name": "mitre-attack"}]
    batch = read_disarm_bundle(_bytes(bundle), "small.json", facts)
    assert not any(e.row.get("retired") is True for e in batch.entities)
    assert any("No technique id was retired" in note for note in map(str, batch.notes))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_incident_detail_flags_a_retired_technique_in_the_reader_language(lang: str) -> None:
    t = translator(lang)
    frame = pl.DataFrame(
        {
            "disarm_id": ["T0049.001", "T0085", "T0099"],
            "technique_name": ["Bots Amplify", "Develop Text-Based Content", "Old one"],
            "tactic_id": ["TA17", "TA06", "TA06"],
            "tactic_name": ["Maximise Exposure", "Develop Content", "Develop Content"],
            "disarm_version": ["v1", "v1", "v1"],
            "retired": [True, False, True],
            "retired_in": ["DISARM 2.0", None, None],
        }
    )
    statuses = techniques_table(frame, t)[t("incidents.column.disarm_status")].to_list()
    assert statuses == [
        t("incidents.detail.technique_retired", version="DISARM 2.0"),
        t("incidents.detail.technique_current"),
        t("incidents.detail.technique_retired_unversioned"),
    ]
    assert "DISARM 2.0" in statuses[0] and statuses[0] != statuses[1]


# --- a small bundle and corrupted copies ---------------------------------------------------


def test_a_small_bundle_reads_parents_tactics_order_and_version(facts: WarehouseFacts) -> None:
    batch = read_disarm_bundle(_bytes(_small_bundle()), "small.json", facts)
    assert batch.problems == []
    techniques = _rows(batch, "disarm_technique")
    assert techniques["T0085.001"]["parent_id"] == "T0085"
    assert techniques["T0085.001"]["description"] == "Description of Develop AI-Generated Text."
    assert techniques["T0049"]["tactic_id"] == "TA17"
    tactics = _rows(batch, "disarm_tactic")
    assert tactics["TA17"]["rank"] == 1 and tactics["TA06"]["rank"] == 2
    assert batch.meta["disarm_version"] == "DISARM Framework (STIX bundle dated 2030-01-02)"
    assert batch.kept_out == Counter({"identity": 1})


def _only_problem(batch: Batch) -> ObjectProblem:
    assert len(batch.problems) == 1, [str(p) for p in batch.problems]
    problem = batch.problems[0]
    assert isinstance(problem, ObjectProblem)
    return problem


def test_a_truncated_file_is_rejected_as_not_json(facts: WarehouseFacts) -> None:
    data = _bytes(_small_bundle())
    batch = read_disarm_bundle(data[: len(data) // 2], "DISARM.json", facts)
    problem = _only_problem(batch)
    assert batch.file_rejected and batch.entities == []
    assert str(problem).startswith("DISARM.json: expected a JSON document (")
    assert "line 1" in str(problem)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe\x00garbage", "UTF-8 text"),
        (b"[1, 2, 3]", "a STIX 2.1 bundle"),
        (b"[" * 100_000, "a JSON document"),
        (b'{"type": "report", "objects": []}', "a STIX 2.1 bundle"),
        (b'{"type": "bundle", "objects": {"a": 1}}', "a list of STIX objects"),
        (b'{"type": "bundle", "objects": [{"type": "identity", "id": "x"}]}', "attack-pattern"),
    ],
)
def test_a_file_that_is_not_a_disarm_bundle_is_rejected_with_what_was_expected(
    data: bytes, expected: str, facts: WarehouseFacts
) -> None:
    batch = read_disarm_bundle(data, "upload.json", facts)
    assert batch.file_rejected and batch.entities == []
    assert expected in str(_only_problem(batch)) and "upload.json" in str(batch.problems[0])


def test_a_technique_with_a_bad_external_id_is_named_with_the_field(facts: WarehouseFacts) -> None:
    bundle = _small_bundle()
    bundle["objects"][3]["external_references"][0]["external_id"] = "TX49"
    batch = read_disarm_bundle(_bytes(bundle), "DISARM.json", facts)
    problem = _only_problem(batch)
    assert problem.object_id is not None and bundle["objects"][3]["id"] in problem.object_id
    assert problem.path == "external_references[].external_id" and problem.value == "TX49"
    assert "T0000.000" in problem.expected
    assert not batch.file_rejected and batch.rejected_items == [problem.object_id]
    assert set(_rows(batch, "disarm_technique")) == {"T0085", "T0049"}


def test_a_technique_whose_tactic_is_not_in_the_bundle_is_named(facts: WarehouseFacts) -> None:
    bundle = _small_bundle()
    bundle["objects"][4]["kill_chain_phases"][0]["phase_name"] = "develop-contents"
    batch = read_disarm_bundle(_bytes(bundle), "DISARM.json", facts)
    problem = _only_problem(batch)
    assert problem.object_id is not None and problem.object_id.startswith("T0049 (")
    assert problem.path == "kill_chain_phases[].phase_name"
    assert problem.value == "develop-contents" and "develop-content" in problem.expected
    # every entity of a rejected object can be left out by its origin (--skip-invalid)
    assert all(e.origin != problem.object_id for e in batch.entities)


def test_odd_objects_are_reported_never_raised(facts: WarehouseFacts) -> None:
    bundle = _small_bundle()
    bundle["objects"] += [
        "not an object",
        {"type": "attack-pattern", "id": "attack-pattern--x", "name": None},
        {"type": "attack-pattern", "id": "attack-pattern--y", "external_references": "T0001"},
        {"type": "x-mitre-tactic", "id": "x-mitre-tactic--z", "external_references": [{}]},
    ]
    bundle["objects"][4]["kill_chain_phases"] = None
    batch = read_disarm_bundle(_bytes(bundle), "odd.json", facts)
    items = {p.item for p in batch.problems}
    assert "objects[8]" in items
    assert {"attack-pattern--x", "attack-pattern--y", "x-mitre-tactic--z"} <= items
    assert any(item.startswith("T0049 (") for item in items)
    assert not batch.file_rejected
