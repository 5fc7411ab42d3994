"""What the importers report (problems, notes, skip reasons) exists in English and French: every
message the parsers use has both texts, and real problems read naturally in French while the
values quoted from the file stay exactly as they were."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from rrm_dash import PROJECT_DIR
from rrm_dash.i18n import LANGUAGES, catalogue
from rrm_dash.ingest.batch import Batch, ObjectProblem
from rrm_dash.ingest.csv_batch import read_csv_batch
from rrm_dash.ingest.csv_template import KIND_MESSAGES, Kind
from rrm_dash.ingest.disarm_bundle import read_disarm_bundle
from rrm_dash.ingest.facts import WarehouseFacts
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.messages import AREA, Message, msg, one_of, render
from rrm_dash.ingest.reference import load_reference
from rrm_dash.ingest.stix_bundle import read_stix_bundle
from rrm_dash.ingest.write import Outcome, write_entities
from rrm_dash.warehouse.snapshot import live_snapshot
from tests.conftest import TODAY
from tests.unit.test_disarm_import import _small_bundle

SOURCES = [
    *sorted((PROJECT_DIR / "rrm_dash" / "ingest").glob("*.py")),
    PROJECT_DIR / "rrm_dash" / "ui" / "import_report.py",
]
#: msg("name", ...) with a literal name (the only way the code builds a message).
NAMED_CALL = re.compile(r"""\bmsg\(\s*["']([a-z0-9_.]+)["']""")
ANY_CALL = re.compile(r"(?<!def )\bmsg\(")
EXAMPLE = PROJECT_DIR / "data" / "examples" / "incidents-example.csv"
STIX20 = PROJECT_DIR / "tests" / "fixtures" / "stix" / "stix20_bundle.json"
ID = "incident--6a0d2f3e-5b1c-4d7e-9f8a-0b1c2d3e4f5a"


def _used_names() -> set[str]:
    names: set[str] = set()
    for path in SOURCES:
        source = path.read_text(encoding="utf-8")
        named = NAMED_CALL.findall(source)
        assert len(named) == len(ANY_CALL.findall(source)), f"{path.name}: msg() without a literal"
        names.update(named)
    return names


def _defined_names(lang: str) -> set[str]:
    """The message names of `lang`, plural forms (.one/.other) counted as their message."""
    names = set()
    for key in catalogue(lang):
        if key.startswith(AREA + "."):
            name = key.removeprefix(AREA + ".")
            names.add(re.sub(r"\.(one|other)$", "", name))
    return names


# -- every key exists --------------------------------------------------------------------------


def test_every_message_the_importers_use_exists_in_english_and_french() -> None:
    used = _used_names()
    assert len(used) > 100, "the scan found too few msg() calls: the pattern is broken"
    for lang in LANGUAGES:
        assert used - _defined_names(lang) == set(), lang


def test_every_import_message_in_the_catalogue_is_used_by_an_importer() -> None:
    assert _defined_names("en") - _used_names() == set()


def test_plural_messages_have_both_forms_in_both_languages() -> None:
    for lang in LANGUAGES:
        keys = catalogue(lang)
        for key in keys:
            if key.startswith(AREA + ".") and key.endswith((".one", ".other")):
                stem = key.rsplit(".", 1)[0]
                assert {stem + ".one", stem + ".other"} <= set(keys), key


def test_every_kind_of_template_cell_is_described_in_both_languages() -> None:
    assert set(KIND_MESSAGES) == set(Kind)
    for kind, message in KIND_MESSAGES.items():
        assert message.render("en") == kind.value
        assert message.render("fr") != kind.value or kind is Kind.BOOLEAN


# -- how a message is rendered -------------------------------------------------------------------


def test_codes_stay_codes_while_the_words_around_them_are_translated() -> None:
    choices = one_of({"low", "high", "moderate"})
    assert choices.render("en") == "one of high, low, moderate"
    assert choices.render("fr") == "l'une des valeurs high, low, moderate"
    assert (
        one_of(("CLEAR", "RED")).render("en") == "one of CLEAR, RED"
    )  # a sequence keeps its order
    many = one_of({f"C{n:02d}" for n in range(25)})
    assert str(many).endswith("C19, …")


@pytest.mark.parametrize(
    ("count", "english", "french"),
    [
        (0, "0 incidents", "0 incident"),
        (1, "1 incident", "1 incident"),
        (2, "2 incidents", "2 incidents"),
    ],
)
def test_counted_words_follow_each_languages_plural_rule(
    count: int, english: str, french: str
) -> None:
    message = msg("incidents", count=count)
    assert (message.render("en"), message.render("fr")) == (english, french)


def test_a_message_is_english_by_default_and_for_an_unknown_language() -> None:
    message = msg("expected.header_row")
    assert str(message) == message.render("de") == "a header row"
    assert render("a code", "fr") == "a code" and render(message, "fr") == "une ligne d'en-tête"


# -- real problems, notes and skip reasons in French ------------------------------------------------


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    published = tmp_path_factory.mktemp("import-messages") / "rrm.duckdb"
    publish(published, lambda con: load_reference(con, TODAY), start_empty=True)
    return published


def _facts(published: Path) -> WarehouseFacts:
    con = duckdb.connect(str(live_snapshot(published)), read_only=True)
    try:
        return WarehouseFacts.of(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def facts(warehouse: Path) -> WarehouseFacts:
    return _facts(warehouse)


def _only(batch: Batch) -> Any:
    assert len(batch.problems) == 1, [str(problem) for problem in batch.problems]
    return batch.problems[0]


def test_a_bad_vocabulary_value_in_a_csv_row_reads_in_french_with_the_value_as_given(
    facts: WarehouseFacts,
) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",assessed,", ",Shred,")
    known = dataclasses.replace(
        facts,
        actor_ids=facts.actor_ids | {"ACT-004", "ACT-005", "ACT-008"},
        narrative_ids=facts.narrative_ids | {"NAR-001", "NAR-003"},
    )
    batch = read_csv_batch("\n".join(lines).encode(), "incidents.csv", known)
    problem = _only(batch)
    french = problem.describe("fr")
    assert french.startswith("incidents.csv, ligne 3, colonne status : 'Shred' — attendu : ")
    assert "un code du vocabulaire incident_status : l'une des valeurs assessed, closed" in french
    assert french.endswith("(vouliez-vous dire 'shared' ?)")
    assert str(problem).startswith("incidents.csv, row 3, column status: 'Shred' — expected a code")
    assert str(problem).endswith("(did you mean 'shared'?)")
    assert render(problem.place, "fr") == "ligne 3" and problem.item == "row 3"


def test_a_stix_20_bundle_is_rejected_in_french_with_how_to_convert_it(
    facts: WarehouseFacts,
) -> None:
    batch = read_stix_bundle(STIX20.read_bytes(), STIX20.name, facts)
    problem = _only(batch)
    assert problem.describe("fr") == (
        "stix20_bundle.json, propriété spec_version : '2.0' — attendu : du STIX 2.1 (des objets "
        'avec "spec_version": "2.1") ; ce paquet est en STIX 2.0 : convertissez-le d\'abord en '
        "STIX 2.1, par exemple avec l'outil stix2-elevator d'OASIS"
    )
    assert "this bundle is STIX 2.0: convert it to STIX 2.1 first" in str(problem)


def test_a_disarm_technique_with_a_bad_id_reads_in_french(facts: WarehouseFacts) -> None:
    bundle = _small_bundle()
    bundle["objects"][3]["external_references"][0]["external_id"] = "TX49"
    batch = read_disarm_bundle(json.dumps(bundle).encode(), "DISARM.json", facts)
    problem = _only(batch)
    assert isinstance(problem, ObjectProblem)
    assert problem.describe("fr") == (
        f"DISARM.json, objet {problem.object_id}, propriété external_references[].external_id : "
        "'TX49' — attendu : un identifiant de technique DISARM T0000 ou de sous-technique "
        "T0000.000"
    )
    assert problem.message.render("fr").startswith("un identifiant de technique DISARM")
    assert problem.expected == "a DISARM technique id T0000 or sub-technique id T0000.000"


def test_the_note_on_retired_techniques_reads_in_french_with_counts_and_ids(
    facts: WarehouseFacts,
) -> None:
    stored = dataclasses.replace(
        facts, technique_ids=frozenset({"T0085", "T0085.001", "T0049", "T0002"})
    )
    bundle = json.dumps(_small_bundle()).encode()
    batch = read_disarm_bundle(bundle, "DISARM.json", stored, tagged={"T0002": 1})
    (note,) = [note for note in batch.notes if note.key.endswith(".retired")]
    version = batch.meta["disarm_version"]
    assert note.render("fr") == (
        f"1 identifiant(s) de technique enregistré(s) dans l'entrepôt ne figurent pas dans "
        f"{version} et sont retirés : T0002 (1 incident) ; 1 incident qui les porte est conservé, "
        "avec ces techniques signalées comme retirées."
    )
    assert str(note) == (
        f"1 technique id(s) stored in the warehouse are not in {version} and are retired: "
        "T0002 (1 incident); 1 incident tagged with them is kept and flagged as retired."
    )


def test_an_unknown_marking_note_reads_in_french(facts: WarehouseFacts) -> None:
    unknown = "marking-definition--4e1a2b3c-5d6e-4f70-8a9b-0c1d2e3f4a5b"
    incident = {
        "type": "incident",
        "spec_version": "2.1",
        "id": ID,
        "created": "2024-06-01T10:00:00.000Z",
        "modified": "2024-06-01T10:00:00.000Z",
        "name": "Forged notice",
        "object_marking_refs": [unknown],
    }
    data = json.dumps({"type": "bundle", "id": "bundle--1", "objects": [incident]}).encode()
    batch = read_stix_bundle(data, "m.json", facts)
    french = [note.render("fr") for note in batch.notes]
    assert (
        f"Le marquage {unknown} a été lu comme TLP:RED (le plus restrictif) : il n'est ni défini "
        "dans le paquet ni un marquage TLP standard."
    ) in french


def _incident_bundle(name: str, modified: str) -> bytes:
    incident = {
        "type": "incident",
        "spec_version": "2.1",
        "id": ID,
        "created": "2024-06-01T10:00:00.000Z",
        "modified": modified,
        "name": name,
        "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
    }
    return json.dumps({"type": "bundle", "id": "bundle--1", "objects": [incident]}).encode()


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    published = tmp_path / "rrm.duckdb"
    publish(published, lambda con: load_reference(con, TODAY), start_empty=True)
    yield published


def test_a_copy_older_than_the_stored_one_is_skipped_with_a_french_reason(scratch: Path) -> None:
    def write(data: bytes) -> Outcome:
        batch = read_stix_bundle(data, "s.json", _facts(scratch))
        now = datetime(2025, 1, 1, 12, 0)
        return publish(scratch, lambda con: write_entities(con, batch.entities, now=now))

    write(_incident_bundle("Forged notice", "2024-07-01T00:00:00.000Z"))
    outcome = write(_incident_bundle("Stale copy", "2024-06-15T00:00:00.000Z"))
    ((item, reason),) = outcome.skipped
    assert item == ID
    assert reason.render("fr") == (
        "plus ancien que la copie enregistrée (modifié le 2024-06-15 00:00:00, "
        "enregistré le 2024-07-01 00:00:00)"
    )
    assert str(reason) == (
        "older than the stored copy (modified 2024-06-15 00:00:00, stored 2024-07-01 00:00:00)"
    )
    shown = msg("skip.item", item=item, reason=reason)
    assert shown.render("fr").startswith(f"{ID} : plus ancien")


def test_messages_compare_by_key_and_parameters() -> None:
    assert msg("item.row", row=3) == Message(f"{AREA}.item.row", {"row": 3})
    assert msg("item.row", row=3) != msg("item.row", row=4)
    assert len({msg("item.row", row=3), msg("item.row", row=3)}) == 1
