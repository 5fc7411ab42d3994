"""STIX 2.1 bundles as OpenCTI, MISP and others write them become incidents and actors with the
right markings; bad bundles are reported, never crash, and re-importing changes nothing."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from stix2 import TLP_AMBER, TLP_GREEN, TLP_RED, TLP_WHITE

from rrm_dash.ingest.batch import Batch, Entity
from rrm_dash.ingest.facts import WarehouseFacts
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.reference import load_reference
from rrm_dash.ingest.stix_bundle import derived_key, export_id, read_stix_bundle
from rrm_dash.ingest.stix_markings import TLP2_EXTENSION, TLP2_IDS
from rrm_dash.ingest.write import Outcome, write_entities
from rrm_dash.warehouse.snapshot import live_snapshot
from tests.conftest import TODAY

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stix"
NOW = datetime(2025, 1, 1, 12, 0)
ID = "incident--6a0d2f3e-5b1c-4d7e-9f8a-0b1c2d3e4f5a"
LOOK_ALIKE = "marking-definition--4e1a2b3c-5d6e-4f70-8a9b-0c1d2e3f4a5b"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    published = tmp_path_factory.mktemp("stix-import") / "rrm.duckdb"
    publish(published, lambda con: load_reference(con, TODAY), start_empty=True)
    return published


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """An empty warehouse of its own, for tests that write."""
    published = tmp_path / "rrm.duckdb"
    publish(published, lambda con: load_reference(con, TODAY), start_empty=True)
    return published


def facts_of(published: Path) -> WarehouseFacts:
    con = duckdb.connect(str(live_snapshot(published)), read_only=True)
    try:
        return WarehouseFacts.of(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def facts(warehouse: Path) -> WarehouseFacts:
    return facts_of(warehouse)


def bundle(*objects: dict[str, Any], **extra: Any) -> bytes:
    document = {"type": "bundle", "id": "bundle--0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b", **extra}
    return json.dumps({**document, "objects": list(objects)}).encode()


def incident(stix_id: str = ID, **properties: Any) -> dict[str, Any]:
    return {
        "type": "incident",
        "spec_version": "2.1",
        "id": stix_id,
        "created": "2024-06-01T10:00:00.000Z",
        "modified": "2024-06-01T10:00:00.000Z",
        "name": "Forged ministry notice on a cloned site",
        **properties,
    }


def marking(stix_id: str, **properties: Any) -> dict[str, Any]:
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": stix_id,
        "created": "2022-10-01T00:00:00.000Z",
        **properties,
    }


def read(data: bytes, facts: WarehouseFacts, originator: str = "CU") -> Batch:
    return read_stix_bundle(data, "test.json", facts, originator=originator)


def read_fixture(name: str, facts: WarehouseFacts) -> Batch:
    return read_stix_bundle((FIXTURES / name).read_bytes(), name, facts, originator="CU")


def entity(batch: Batch, origin: str) -> Entity:
    (found,) = [e for e in batch.entities if e.origin == origin]
    return found


def tlp_of(batch: Batch, origin: str = ID) -> object:
    return entity(batch, origin).row.get("tlp")


def write(published: Path, batch: Batch) -> Outcome:
    return publish(published, lambda con: write_entities(con, batch.entities, now=NOW))


def problems_text(batch: Batch) -> str:
    return "\n".join(str(problem) for problem in batch.problems)


def notes_of(batch: Batch) -> list[str]:
    """The report's notes, in English."""
    return [str(note) for note in batch.notes]


# -- markings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("definition", "level"),
    [(TLP_WHITE, "CLEAR"), (TLP_GREEN, "GREEN"), (TLP_AMBER, "AMBER"), (TLP_RED, "RED")],
)
def test_tlp1_markings_are_read_by_their_standard_id(
    facts: WarehouseFacts, definition: Any, level: str
) -> None:
    given = json.loads(definition.serialize())
    batch = read(bundle(given, incident(object_marking_refs=[given["id"]])), facts)
    assert tlp_of(batch) == level
    # ... also when the bundle leaves the standard definition out
    assert tlp_of(read(bundle(incident(object_marking_refs=[given["id"]])), facts)) == level


@pytest.mark.parametrize("level", list(TLP2_IDS))
def test_tlp2_markings_are_read_by_their_standard_id(facts: WarehouseFacts, level: str) -> None:
    batch = read(bundle(incident(object_marking_refs=[TLP2_IDS[level]])), facts)
    assert tlp_of(batch) == level
    assert not [note for note in notes_of(batch) if "arking" in note]


@pytest.mark.parametrize("value", ["clear", "green", "amber", "amber+strict", "red"])
def test_tlp2_extension_form_is_read_whatever_its_id(facts: WarehouseFacts, value: str) -> None:
    own = marking(
        LOOK_ALIKE,
        name=f"TLP:{value.upper()}",
        extensions={TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": value}},
    )
    batch = read(bundle(own, incident(object_marking_refs=[LOOK_ALIKE])), facts)
    assert tlp_of(batch) == value.upper()


def test_shared_reference_tlp2_definitions_are_read_as_their_level(facts: WarehouseFacts) -> None:
    folder = Path(__file__).resolve().parents[3] / "shared" / "reference" / "tlp"
    if not folder.is_dir():
        pytest.skip(f"the shared TLP reference files are not here ({folder})")
    for path in sorted(folder.glob("*.json")):
        (definition,) = json.loads(path.read_text(encoding="utf-8"))["objects"]
        level = path.stem.rsplit("_", 1)[1]
        batch = read(bundle(definition, incident(object_marking_refs=[definition["id"]])), facts)
        assert tlp_of(batch) == level, path.name


def test_granular_markings_give_the_object_its_most_restrictive_marking(
    facts: WarehouseFacts,
) -> None:
    given = incident(
        object_marking_refs=[TLP2_IDS["GREEN"]],
        granular_markings=[
            {"marking_ref": TLP2_IDS["AMBER+STRICT"], "selectors": ["description"]},
            {"marking_ref": TLP2_IDS["CLEAR"], "selectors": ["name"]},
        ],
        description="Only the description is AMBER+STRICT.",
    )
    assert tlp_of(read(bundle(given), facts)) == "AMBER+STRICT"


@pytest.mark.parametrize(
    "look_alike",
    [
        marking(LOOK_ALIKE, name="TLP:GREEN"),
        marking(LOOK_ALIKE, definition_type="tlp", definition={"tlp": "green"}, name="TLP:GREEN"),
        marking(LOOK_ALIKE, definition_type="statement", definition={"statement": "TLP:CLEAR"}),
        marking(LOOK_ALIKE, definition_type="x-acme-classification", definition={"level": "open"}),
    ],
    ids=["name-only", "tlp-type-wrong-id", "tlp-statement", "unknown-type"],
)
def test_look_alike_and_unknown_markings_are_read_as_red_with_a_note(
    facts: WarehouseFacts, look_alike: dict[str, Any]
) -> None:
    batch = read(bundle(look_alike, incident(object_marking_refs=[LOOK_ALIKE])), facts)
    assert tlp_of(batch) == "RED"
    assert any(LOOK_ALIKE in note and "TLP:RED" in note for note in notes_of(batch))


def test_a_marking_the_bundle_does_not_define_is_read_as_red(facts: WarehouseFacts) -> None:
    batch = read(bundle(incident(object_marking_refs=[LOOK_ALIKE, TLP2_IDS["GREEN"]])), facts)
    assert tlp_of(batch) == "RED"


def test_a_standard_id_whose_definition_claims_another_level_is_read_as_red(
    facts: WarehouseFacts,
) -> None:
    forged = marking(
        TLP2_IDS["RED"],
        name="TLP:CLEAR",
        extensions={TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": "clear"}},
    )
    batch = read(bundle(forged, incident(object_marking_refs=[TLP2_IDS["RED"]])), facts)
    assert tlp_of(batch) == "RED"
    assert any("claims TLP:CLEAR" in note for note in notes_of(batch))


def test_a_new_object_without_marking_is_amber_and_the_report_says_so(
    facts: WarehouseFacts,
) -> None:
    batch = read(bundle(incident()), facts)
    assert tlp_of(batch) == "AMBER"
    assert any("no TLP marking" in note for note in notes_of(batch))


def test_statement_markings_set_pap_and_chatham_house_and_copyright_restricts_nothing(
    facts: WarehouseFacts,
) -> None:
    pap = "marking-definition--1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"
    chr_ = "marking-definition--2c3d4e5f-6071-4b8c-9d0e-1f2a3b4c5d6e"
    copyright_ = "marking-definition--3d4e5f60-7182-4c9d-8e0f-2a3b4c5d6e7f"
    objects = (
        marking(pap, definition_type="statement", definition={"statement": "PAP:RED"}),
        marking(chr_, definition_type="statement", definition={"statement": "tlp:ex:chr"}),
        marking(copyright_, definition_type="statement", definition={"statement": "© Example"}),
        incident(object_marking_refs=[TLP2_IDS["GREEN"], pap, chr_, copyright_]),
    )
    row = entity(read(bundle(*objects), facts), ID).row
    assert (row["tlp"], row["pap"], row["chatham_house"]) == ("GREEN", "RED", True)


# -- OpenCTI and MISP ---------------------------------------------------------------------------


def test_an_opencti_bundle_gives_its_incidents_actors_techniques_and_countries(
    facts: WarehouseFacts,
) -> None:
    batch = read_fixture("opencti_bundle.json", facts)
    assert not batch.problems, problems_text(batch)
    cloned = entity(batch, "incident--0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")
    assert cloned.key == derived_key("INC", "incident--0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")
    assert cloned.row["title"] == "Cloned news site spreads fabricated ministry notice"
    assert (cloned.row["heading"], cloned.row["threat_type"]) == ("MIE", "disinformation")
    assert cloned.row["tlp"] == "GREEN"  # OpenCTI's TLP:GREEN under the TLP 1.0 id
    assert cloned.row["originator_member"] == "FR"  # its creator identity names a member
    assert cloned.row["detected_at"] == datetime(2024, 3, 1)  # first_seen
    assert cloned.row["stix_id"] == "incident--0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
    assert cloned.modified == datetime(2024, 3, 5, 17, 40)
    mirror = entity(batch, "intrusion-set--1c2b3a4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
    assert [row["disarm_id"] for row in cloned.links["incident_technique"]] == ["T0085.003"]
    assert cloned.links["incident_technique"][0]["disarm_version"] == facts.disarm_version
    assert [(r["actor_id"], r["role"]) for r in cloned.links["incident_actor"]] == [
        (mirror.key, "perpetrator")
    ]
    assert [(r["country_code"], r["role"]) for r in cloned.links["incident_country"]] == [
        ("FR", "targeted")
    ]
    sources = {r["url"]: r["source_category"] for r in cloned.links["incident_source"]}
    assert sources == {
        "https://example.org/reports/cloned-sites": "research_report",
        "https://news.example.com/article/123": "media_report",
    }
    threatened = entity(batch, "incident--9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
    assert threatened.row["threat_type"] == "journalist_intimidation"
    assert threatened.row["tlp"] == "AMBER+STRICT"  # OpenCTI's fixed AMBER+STRICT id
    assert threatened.row["originator_member"] == "CU"  # no creator: the importer's originator
    assert "incident_technique" not in threatened.links  # the bundle says nothing: left alone
    kinds = {
        e.origin.split("--")[0]: e.row["actor_kind"] for e in batch.entities if e.table == "actor"
    }
    assert kinds == {"intrusion-set": "state", "threat-actor": "non_state", "campaign": "unknown"}


def test_an_opencti_bundle_counts_what_it_keeps_out(facts: WarehouseFacts) -> None:
    batch = read_fixture("opencti_bundle.json", facts)
    assert dict(batch.kept_out) == {
        "attack-pattern (not DISARM)": 1,  # ATT&CK T1566
        "indicator": 1,
        "report": 1,  # a container of incidents
        "relationship": 3,  # uses T1566, targets a region, campaign attributed-to intrusion-set
    }


def test_a_misp_event_without_incident_is_read_as_one_incident(facts: WarehouseFacts) -> None:
    batch = read_fixture("misp_bundle.json", facts)
    assert not batch.problems, problems_text(batch)
    event = entity(batch, "report--5f3a8b2c-9d1e-4a7b-8c6d-0e2f4a6b8c0d")
    assert event.table == "incident"
    assert event.row["tlp"] == "AMBER"  # TLP 1.0 AMBER; the copyright statement restricts nothing
    assert event.row["threat_type"] == "disinformation"
    assert event.row["originator_member"] == "CU"  # "Example CERT" is no member
    techniques = sorted(row["disarm_id"] for row in event.links["incident_technique"])
    assert techniques == ["T0049", "T0086.002"]  # by external_id, and by name as MISP galaxies
    actor = entity(batch, "threat-actor--0d4f6b8a-2c4e-4a6b-8d0f-2b4d6f8a0c2e")
    assert event.links["incident_actor"] == [
        {"actor_id": actor.key, "role": "perpetrator", "incident_id": event.key}
    ]
    assert [row["country_code"] for row in event.links["incident_country"]] == ["DE"]
    assert dict(batch.kept_out) == {"indicator": 1, "observed-data": 1, "domain-name": 1}
    assert any("Copyright Example CERT" in note and "not used" in note for note in notes_of(batch))


# -- bad bundles --------------------------------------------------------------------------------


def test_dangling_duplicate_and_self_references_are_reported_per_object(
    facts: WarehouseFacts,
) -> None:
    batch = read_fixture("problems_bundle.json", facts)
    assert not batch.file_rejected
    assert batch.rejected_items == [
        "incident--b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e",  # two different objects, one id
        "relationship--c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f",  # to an intrusion-set nowhere
        "relationship--e5f6a7b8-c9d0-4e1f-8a2b-4c5d6e7f8091",  # an incident related to itself
    ]
    text = problems_text(batch)
    assert "object in the bundle or stored in the warehouse" in text
    assert "another object than source_ref" in text
    assert "share this id with different content" in text
    # the sound incident still comes through, without the dangling link
    sound = entity(batch, "incident--a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")
    assert sound.row["heading"] == "DIP" and "incident_actor" not in sound.links
    assert [e.origin for e in batch.entities] == [sound.origin]


def test_a_stix_2_0_bundle_is_refused_with_a_message_asking_for_2_1(
    facts: WarehouseFacts,
) -> None:
    batch = read_fixture("stix20_bundle.json", facts)
    assert batch.file_rejected and not batch.entities
    assert "STIX 2.1" in str(batch.problems[0]) and "2.0" in str(batch.problems[0])


def test_a_bundle_whose_objects_have_no_spec_version_is_read_as_stix_2_0(
    facts: WarehouseFacts,
) -> None:
    old = {k: v for k, v in incident().items() if k != "spec_version"}
    batch = read(bundle(old), facts)
    assert batch.file_rejected and "STIX 2.1" in str(batch.problems[0])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ((FIXTURES / "broken_bundle.json").read_bytes(), "a JSON document"),
        (b"\xff\xfe not text", "UTF-8 text"),
        (b"incident_id,title\nX,Y\n", "a JSON document"),
        (b'{"type": "report", "objects": []}', 'with "type": "bundle"'),
        (b'[{"type": "bundle"}]', 'with "type": "bundle"'),
        (b'{"type": "bundle", "id": "bundle--x", "objects": []}', "the bundle is empty"),
        (b'{"type": "bundle", "id": "bundle--x"}', "a list of STIX objects"),
    ],
    ids=["truncated", "binary", "csv", "not-bundle", "list", "empty", "no-objects"],
)
def test_a_file_that_is_no_stix_bundle_is_refused_with_a_clear_message(
    facts: WarehouseFacts, data: bytes, expected: str
) -> None:
    batch = read(data, facts)
    assert batch.file_rejected and not batch.entities
    (problem,) = batch.problems
    assert expected in str(problem) and str(problem).startswith("test.json")


def test_wrong_x_rrm_values_name_the_object_property_and_what_was_expected(
    facts: WarehouseFacts,
) -> None:
    given = incident(
        x_rrm_heading="DIP",
        x_rrm_threat_type="disinformation",
        x_rrm_breakout_scale=9,
        x_rrm_status="finished",
        x_rrm_techniques=["T9999"],
    )
    batch = read(bundle(given), facts)
    assert batch.rejected_items == [ID] and not batch.entities
    text = problems_text(batch)
    assert f"object {ID}, property x_rrm_threat_type" in text and "heading DIP" in text
    assert "property x_rrm_breakout_scale: '9' — expected a whole number" in text
    assert (
        "property x_rrm_status: 'finished' — expected a code of the incident_status vocabulary"
        in text
    )
    assert "property x_rrm_techniques: 'T9999'" in text


def test_an_unknown_disarm_id_is_a_problem_and_other_attack_patterns_are_kept_out(
    facts: WarehouseFacts,
) -> None:
    def pattern(suffix: str, source: str, external_id: str) -> dict[str, Any]:
        return {
            "type": "attack-pattern",
            "spec_version": "2.1",
            "id": f"attack-pattern--{suffix}",
            "created": "2024-01-01T00:00:00.000Z",
            "modified": "2024-01-01T00:00:00.000Z",
            "name": external_id,
            "external_references": [{"source_name": source, "external_id": external_id}],
        }

    unknown = pattern("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", "DISARM", "T0999")
    attack = pattern("8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e", "mitre-attack", "T1059")
    batch = read(bundle(unknown, attack, incident()), facts)
    assert batch.rejected_items == [unknown["id"]]
    assert batch.kept_out["attack-pattern (not DISARM)"] == 1


def test_a_producer_that_does_not_fully_comply_is_read_leniently_with_a_note(
    facts: WarehouseFacts,
) -> None:
    sloppy = incident("incident--not-a-uuid", object_marking_refs=[TLP2_IDS["GREEN"]])
    batch = read(bundle(sloppy), facts)
    assert not batch.problems
    assert entity(batch, "incident--not-a-uuid").row["tlp"] == "GREEN"
    assert any("do not fully comply with STIX 2.1" in note for note in notes_of(batch))


def test_an_unknown_originator_is_refused(facts: WarehouseFacts) -> None:
    batch = read(bundle(incident()), facts, originator="XX")
    assert batch.file_rejected and "a member code" in str(batch.problems[0])


def test_of_several_versions_of_one_object_the_newest_is_read(facts: WarehouseFacts) -> None:
    old = incident(name="First draft")
    new = incident(name="Final title", modified="2024-06-03T10:00:00.000Z")
    batch = read(bundle(new, old), facts)
    assert not batch.problems
    assert entity(batch, ID).row["title"] == "Final title"
    assert any("several versions" in note for note in notes_of(batch))


# -- keys, idempotence and updates --------------------------------------------------------------


def test_our_external_reference_gives_the_incident_its_id(facts: WarehouseFacts) -> None:
    ours = incident(external_references=[{"source_name": "rrm-dash", "external_id": "INC-42"}])
    found = entity(read(bundle(ours), facts), ID)
    assert found.key == "INC-42" and found.row["incident_id"] == "INC-42"
    assert found.row["stix_id"] == ID
    # the id our export derives from the key is not stored: it is derived again on export
    derived = incident(export_id("incident", "INC-42"), x_rrm_incident_id="INC-42")
    assert "stix_id" not in entity(read(bundle(derived), facts), derived["id"]).row


def test_reimporting_the_same_bundle_changes_nothing(scratch: Path) -> None:
    data = (FIXTURES / "opencti_bundle.json").read_bytes()
    first = write(scratch, read(data, facts_of(scratch)))
    assert dict(first.added) == {"incident": 2, "actor": 3}
    again = read(data, facts_of(scratch))
    assert [e.key for e in again.entities] == [
        e.key for e in read(data, facts_of(scratch)).entities
    ]
    second = write(scratch, again)
    assert dict(second.unchanged) == {"incident": 2, "actor": 3}
    assert not second.added and not second.updated and not second.skipped


def test_a_newer_modified_updates_and_an_older_changed_copy_is_skipped(scratch: Path) -> None:
    marked = {"object_marking_refs": [TLP2_IDS["GREEN"]]}
    write(scratch, read(bundle(incident(**marked)), facts_of(scratch)))
    newer = incident(name="Renamed", modified="2024-07-01T00:00:00.000Z", **marked)
    outcome = write(scratch, read(bundle(newer), facts_of(scratch)))
    assert dict(outcome.updated) == {"incident": 1}
    older = incident(name="Stale copy", modified="2024-06-15T00:00:00.000Z", **marked)
    outcome = write(scratch, read(bundle(older), facts_of(scratch)))
    assert not outcome.updated and len(outcome.skipped) == 1
    con = duckdb.connect(str(live_snapshot(scratch)), read_only=True)
    try:
        assert con.execute("select title, stix_id from incident").fetchall() == [("Renamed", ID)]
    finally:
        con.close()


def test_a_stored_incident_keeps_its_marking_and_originator_when_a_bundle_leaves_them_out(
    scratch: Path,
) -> None:
    red = incident(object_marking_refs=[TLP2_IDS["RED"]])
    write(scratch, read(bundle(red), facts_of(scratch), originator="FR"))
    bare = incident(modified="2024-07-01T00:00:00.000Z", description="More detail.")
    row = entity(read(bundle(bare), facts_of(scratch)), ID).row
    assert "tlp" not in row and "originator_member" not in row and "heading" not in row
    write(scratch, read(bundle(bare), facts_of(scratch)))
    con = duckdb.connect(str(live_snapshot(scratch)), read_only=True)
    try:
        stored = con.execute("select tlp, originator_member, summary from incident").fetchall()
    finally:
        con.close()
    assert stored == [("RED", "FR", "More detail.")]


def test_a_stix_id_stored_on_another_incident_is_a_problem(scratch: Path) -> None:
    write(scratch, read(bundle(incident()), facts_of(scratch)))
    claims = incident(external_references=[{"source_name": "rrm-dash", "external_id": "INC-7"}])
    batch = read(bundle(claims), facts_of(scratch))
    assert batch.rejected_items == [ID]
    assert derived_key("INC", ID) in problems_text(batch)


def test_an_incident_can_be_attributed_to_an_actor_stored_by_an_earlier_import(
    scratch: Path,
) -> None:
    actor = {
        "type": "intrusion-set",
        "spec_version": "2.1",
        "id": "intrusion-set--9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
        "created": "2024-01-01T00:00:00.000Z",
        "modified": "2024-01-01T00:00:00.000Z",
        "name": "Stored Operators",
    }
    write(scratch, read(bundle(actor), facts_of(scratch)))
    attributed = {
        "type": "relationship",
        "spec_version": "2.1",
        "id": "relationship--0d1e2f3a-4b5c-4d6e-9f7a-8b9c0d1e2f3a",
        "created": "2024-06-01T10:00:00.000Z",
        "modified": "2024-06-01T10:00:00.000Z",
        "relationship_type": "attributed-to",
        "source_ref": ID,
        "target_ref": actor["id"],
    }
    batch = read(bundle(incident(), attributed), facts_of(scratch))
    assert not batch.problems
    links = entity(batch, ID).links["incident_actor"]
    assert [link["actor_id"] for link in links] == [derived_key("ACT", actor["id"])]
    assert sum(write(scratch, batch).added.values()) == 1


def test_entries_that_are_no_stix_objects_are_reported_by_position(
    facts: WarehouseFacts,
) -> None:
    entries: list[Any] = [incident(), 42, {"type": "note"}, {"type": "incident", "id": "x"}]
    batch = read(bundle(*entries), facts)
    assert batch.rejected_items == ["objects[1]", "objects[2] (note)", "objects[3] (incident)"]
    assert [e.origin for e in batch.entities] == [ID]
