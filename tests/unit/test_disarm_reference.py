"""Tests for the project's derived DISARM reference tables in data/reference."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = REPO_ROOT / "data" / "reference"
SHARED_DISARM_DIR = Path(__file__).resolve().parents[3] / "shared" / "reference" / "disarm"
TOOL_PATH = REPO_ROOT / "tools" / "derive_disarm_reference.py"

TECHNIQUE_ID = re.compile(r"^T\d{4}(\.\d{3})?$")
COUNTER_ID = re.compile(r"^C\d{5}$")
EXPECTED_TACTIC_IDS = {"TA01", "TA02", *(f"TA{n:02d}" for n in range(5, 19))}
CSV_FILES = [
    "disarm_phase.csv",
    "disarm_tactic.csv",
    "disarm_technique.csv",
    "disarm_counter.csv",
    "disarm_response_type.csv",
]


def read_table(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_rows(name: str) -> list[list[str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("derive_disarm_reference", TOOL_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_framework_has_4_phases_ranked_1_to_4() -> None:
    phases = read_table("disarm_phase.csv")
    assert [p["phase_id"] for p in phases] == ["P01", "P02", "P03", "P04"]
    assert sorted(int(p["rank"]) for p in phases) == [1, 2, 3, 4]


def test_framework_has_16_tactics_in_display_order() -> None:
    tactics = read_table("disarm_tactic.csv")
    assert len(tactics) == 16
    assert {t["tactic_id"] for t in tactics} == EXPECTED_TACTIC_IDS
    assert sorted(int(t["rank"]) for t in tactics) == list(range(1, 17))


def test_every_tactic_belongs_to_an_existing_phase() -> None:
    phase_ids = {p["phase_id"] for p in read_table("disarm_phase.csv")}
    assert {t["phase_id"] for t in read_table("disarm_tactic.csv")} <= phase_ids


def test_framework_has_391_techniques_103_top_level_and_288_sub() -> None:
    techniques = read_table("disarm_technique.csv")
    assert len(techniques) == 391
    assert len({t["disarm_id"] for t in techniques}) == 391
    assert sum(1 for t in techniques if not t["parent_id"]) == 103
    assert sum(1 for t in techniques if t["parent_id"]) == 288


def test_technique_ids_match_the_disarm_pattern() -> None:
    bad = [t["disarm_id"] for t in read_table("disarm_technique.csv")]
    assert [i for i in bad if not TECHNIQUE_ID.match(i)] == []


def test_every_technique_is_assigned_to_an_existing_tactic() -> None:
    tactic_ids = {t["tactic_id"] for t in read_table("disarm_tactic.csv")}
    assert [t for t in read_table("disarm_technique.csv") if t["tactic_id"] not in tactic_ids] == []


def test_every_sub_technique_has_an_existing_parent_with_the_same_tactic() -> None:
    techniques = {t["disarm_id"]: t for t in read_table("disarm_technique.csv")}
    for tech_id, tech in techniques.items():
        if "." in tech_id:
            assert tech["parent_id"] == tech_id.split(".")[0]
            parent = techniques[tech["parent_id"]]
            assert parent["parent_id"] == ""
            assert tech["tactic_id"] == parent["tactic_id"], tech_id
        else:
            assert tech["parent_id"] == ""


def test_framework_has_140_counters_with_valid_ids_and_references() -> None:
    counters = read_table("disarm_counter.csv")
    assert len(counters) == 140
    assert [c["counter_id"] for c in counters if not COUNTER_ID.match(c["counter_id"])] == []
    tactic_ids = {t["tactic_id"] for t in read_table("disarm_tactic.csv")}
    response_ids = {r["response_type_id"] for r in read_table("disarm_response_type.csv")}
    for counter in counters:
        assert counter["name"] and counter["name"] == counter["name"].strip()
        assert counter["tactic_id"] in tactic_ids | {""}
        assert counter["response_type_id"] in response_ids | {""}
        metas = counter["metatechnique_id"]
        assert metas == "" or all(re.fullmatch(r"M\d{3}", m) for m in metas.split(";"))


def test_framework_has_7_response_types() -> None:
    response_types = read_table("disarm_response_type.csv")
    assert [r["response_type_id"] for r in response_types] == [f"D0{n}" for n in range(1, 8)]


@pytest.mark.parametrize("name", CSV_FILES)
def test_tables_carry_no_description_columns(name: str) -> None:
    header = read_rows(name)[0]
    forbidden = {"summary", "description", "longname", "summary_de", "name_de"}
    assert not forbidden & {column.lower() for column in header}


@pytest.mark.parametrize("name", CSV_FILES)
def test_tables_are_sorted_by_id_with_unique_ids(name: str) -> None:
    ids = [row[0] for row in read_rows(name)[1:]]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))


def test_version_file_is_one_line_naming_the_red_framework() -> None:
    lines = (REFERENCE_DIR / "disarm_version.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("DISARM Red framework v")


def test_committed_tables_equal_tables_derived_from_shared_reference() -> None:
    if not SHARED_DISARM_DIR.is_dir():
        pytest.skip(
            f"../shared/reference is absent: cannot re-derive the DISARM tables ({SHARED_DISARM_DIR})"
        )
    derived = load_tool().derive_all(SHARED_DISARM_DIR)
    assert set(derived) == {*CSV_FILES, "disarm_version.txt"}
    for name, content in derived.items():
        if isinstance(content, str):
            committed = (REFERENCE_DIR / name).read_text(encoding="utf-8")
            assert committed == content + "\n", name
        else:
            header, rows = content
            assert read_rows(name) == [header, *rows], name
