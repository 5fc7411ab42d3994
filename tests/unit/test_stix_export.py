"""The STIX 2.1 export holds exactly the incidents a viewer may see, valid for the stix2 library,
with standard TLP 2.0 markings, our keys and columns, and the same bytes every time."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import stix2

from rrm_dash.access import TLP_LEVELS, Principal, Role, demo_principal, with_role_ceiling
from rrm_dash.exchange.records import TEMPLATE_COLUMNS, incident_records
from rrm_dash.exchange.stix import export_stix, stamp
from rrm_dash.filters import Filters
from rrm_dash.ingest.stix_markings import TLP2_IDS, tlp2_definition
from rrm_dash.queries.runner import Source
from tests.canary import VIEWERS, build_canary_warehouse, leaks, visible_canaries
from tests.conftest import TODAY

NOW = datetime(2025, 6, 1, 12, 0)
ANALYST = demo_principal()
LEVEL_OF = {marking_id: level for level, marking_id in TLP2_IDS.items()}


def objects(data: bytes) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(data).get("objects", [])
    return found


def of_type(data: bytes, kind: str) -> list[dict[str, Any]]:
    return [obj for obj in objects(data) if obj["type"] == kind]


def incident_id(obj: dict[str, Any]) -> str:
    (key,) = [
        r["external_id"] for r in obj["external_references"] if r["source_name"] == "rrm-dash"
    ]
    return str(key)


@pytest.fixture(scope="module")
def analyst_bundle(demo_source: Source) -> bytes:
    return export_stix(demo_source, ANALYST, None, now=NOW)


def test_the_export_is_a_stix_2_1_bundle_the_stix2_library_accepts(analyst_bundle: bytes) -> None:
    parsed = stix2.parse(json.loads(analyst_bundle), allow_custom=True)
    assert isinstance(parsed, stix2.v21.Bundle)
    everything = objects(analyst_bundle)
    assert {obj.get("spec_version") for obj in everything} == {"2.1"}
    ids = {obj["id"] for obj in everything}
    assert len(ids) == len(everything)
    for obj in everything:  # every reference resolves inside the bundle
        refs = [obj.get("source_ref"), obj.get("target_ref"), obj.get("created_by_ref")]
        refs += obj.get("object_marking_refs", [])
        assert {ref for ref in refs if ref} <= ids, obj["id"]


def test_markings_are_the_standard_tlp2_definitions_the_objects_use(analyst_bundle: bytes) -> None:
    definitions = of_type(analyst_bundle, "marking-definition")
    used = {ref for obj in objects(analyst_bundle) for ref in obj.get("object_marking_refs", [])}
    assert {d["id"] for d in definitions} == used
    assert used == set(TLP2_IDS.values())  # the demo uses every level
    for definition in definitions:
        assert definition == tlp2_definition(LEVEL_OF[definition["id"]])


def test_the_markings_match_the_oasis_files_in_the_shared_reference() -> None:
    folder = Path(__file__).resolve().parents[3] / "shared" / "reference" / "tlp"
    if not folder.is_dir():
        pytest.skip(f"the shared TLP reference files are not here ({folder})")
    for path in sorted(folder.glob("*.json")):
        (published,) = json.loads(path.read_text(encoding="utf-8"))["objects"]
        level = path.stem.rsplit("_", 1)[1]
        assert tlp2_definition(level) == published, path.name


def test_each_incident_carries_its_marking_its_id_and_every_template_column(
    demo_source: Source, analyst_bundle: bytes
) -> None:
    records = {r["incident_id"]: r for r in incident_records(demo_source, ANALYST, None).to_dicts()}
    incidents = {incident_id(obj): obj for obj in of_type(analyst_bundle, "incident")}
    assert set(incidents) == set(records)
    for key, record in records.items():
        obj = incidents[key]
        assert obj["object_marking_refs"] == [TLP2_IDS[record["tlp"]]]
        assert obj["name"] == record["title"]
        assert obj["modified"] == stamp(max(record["updated_at"], record["created_at"]))
        for column in TEMPLATE_COLUMNS:
            value = record[column]
            if value is None or value == []:
                assert "x_rrm_" + column not in obj, (key, column)
            elif isinstance(value, datetime):
                assert obj["x_rrm_" + column] == stamp(value)
            elif isinstance(value, date):
                assert obj["x_rrm_" + column] == value.isoformat()
            else:
                assert obj["x_rrm_" + column] == value, (key, column)


def test_relationships_tie_incidents_to_their_disarm_techniques_and_actors(
    analyst_bundle: bytes,
) -> None:
    by_id = {obj["id"]: obj for obj in objects(analyst_bundle)}
    incidents = of_type(analyst_bundle, "incident")
    relationships = of_type(analyst_bundle, "relationship")
    for incident in incidents:
        mine = [r for r in relationships if r["source_ref"] == incident["id"]]
        uses = sorted(
            by_id[r["target_ref"]]["external_references"][0]["external_id"]
            for r in mine
            if r["relationship_type"] == "uses"
        )
        assert uses == incident.get("x_rrm_techniques", [])
        attributed = {
            by_id[r["target_ref"]]["x_rrm_actor_id"]: r["x_rrm_role"]
            for r in mine
            if r["relationship_type"] == "attributed-to"
        }
        expected = {a: "perpetrator" for a in incident.get("x_rrm_actors", [])}
        expected |= {a: "amplifier" for a in incident.get("x_rrm_amplifiers", [])}
        assert attributed == expected
    assert any(r["relationship_type"] == "attributed-to" for r in relationships)
    pattern = of_type(analyst_bundle, "attack-pattern")[0]
    assert pattern["external_references"][0]["source_name"] == "DISARM"
    assert pattern["kill_chain_phases"][0]["kill_chain_name"] == "disarm"
    actor = of_type(analyst_bundle, "threat-actor")[0]
    assert actor["object_marking_refs"][0] in TLP2_IDS.values() and actor["x_rrm_actor_kind"]


def test_a_relationship_is_marked_like_the_more_restrictive_of_its_ends(
    analyst_bundle: bytes,
) -> None:
    by_id = {obj["id"]: obj for obj in objects(analyst_bundle)}
    rank = {TLP2_IDS[level]: index for index, level in enumerate(TLP_LEVELS)}
    for relationship in of_type(analyst_bundle, "relationship"):
        ends = [by_id[relationship["source_ref"]], by_id[relationship["target_ref"]]]
        highest = max(rank[end["object_marking_refs"][0]] for end in ends)
        assert rank[relationship["object_marking_refs"][0]] == highest


def test_the_chatham_house_rule_hides_the_originator_of_other_members_incidents(
    analyst_bundle: bytes,
) -> None:
    chatham = [o for o in of_type(analyst_bundle, "incident") if o.get("x_rrm_chatham_house")]
    assert chatham
    hidden = [obj for obj in chatham if obj.get("x_rrm_originator_member") != "CU"]
    assert hidden  # the Coordination Unit sees its own originator, not the members'
    for obj in hidden:
        assert "x_rrm_originator_member" not in obj and "created_by_ref" not in obj


def test_exporting_twice_gives_the_same_bytes(demo_source: Source, analyst_bundle: bytes) -> None:
    again = export_stix(demo_source, ANALYST, None, now=datetime(2031, 1, 1))
    assert again == analyst_bundle


def test_filters_narrow_the_incidents(demo_source: Source) -> None:
    filters = Filters(headings=("HRF",))
    data = export_stix(demo_source, ANALYST, filters, now=NOW)
    expected = incident_records(demo_source, ANALYST, filters)["incident_id"].to_list()
    incidents = of_type(data, "incident")
    assert sorted(incident_id(obj) for obj in incidents) == sorted(expected) and expected
    assert {obj["x_rrm_heading"] for obj in incidents} == {"HRF"}


def test_an_export_with_nothing_to_show_is_still_a_valid_bundle(demo_source: Source) -> None:
    nothing = Filters(date_from=date(1990, 1, 1), date_to=date(1990, 1, 2))
    data = export_stix(demo_source, ANALYST, nothing, now=NOW)
    assert objects(data) == []  # STIX lists are never empty: the bundle has no "objects"
    # (the library cannot guess the version of a bundle without objects, so it is told)
    assert isinstance(stix2.parse(json.loads(data), allow_custom=True, version="2.1"), stix2.Bundle)


@pytest.fixture(scope="module")
def canary_source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    return Source.live(
        build_canary_warehouse(tmp_path_factory.mktemp("canary") / "rrm.duckdb", TODAY)
    )


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_no_viewer_exports_a_canary_it_may_not_see(canary_source: Source, viewer: str) -> None:
    principal = with_role_ceiling(VIEWERS[viewer])
    text = export_stix(canary_source, principal, None, now=NOW).decode("utf-8")
    assert not leaks(viewer, text), leaks(viewer, text)
    visible = visible_canaries(viewer)
    assert visible
    for canary in visible:  # ... and so that this can fail: what they may see is there
        assert canary.incident_id in text and canary.actor in text and canary.source in text


def test_a_focal_point_never_receives_another_members_strict_or_red_incident(
    canary_source: Source,
) -> None:
    ca = Principal("ca-focal", Role.FOCAL_POINT, "CA")
    data = export_stix(canary_source, ca, None, now=NOW)
    keys = {incident_id(obj) for obj in of_type(data, "incident")}
    fr_only = [c for c in visible_canaries("analyst") if c.marking.originator == "FR"]
    strict_or_red = [
        c.incident_id
        for c in fr_only
        if c.marking.tlp in ("AMBER+STRICT", "RED") and "CA" not in c.marking.releasable_to
    ]
    assert strict_or_red and not keys & set(strict_or_red)
    for obj in of_type(data, "incident"):
        if obj["x_rrm_tlp"] in ("AMBER+STRICT", "RED"):
            mine = obj.get("x_rrm_originator_member") == "CA"
            assert mine or "CA" in obj.get("x_rrm_releasable_to", []), incident_id(obj)


def test_a_ceiling_keeps_higher_markings_out(canary_source: Source) -> None:
    capped = ANALYST.with_ceiling("GREEN")
    data = export_stix(canary_source, capped, None, now=NOW)
    used = {ref for obj in objects(data) for ref in obj.get("object_marking_refs", [])}
    assert used and {LEVEL_OF[ref] for ref in used} <= {"CLEAR", "GREEN"}
    records = incident_records(canary_source, capped, None)
    assert len(of_type(data, "incident")) == records.height
    assert set(records["tlp"].unique().to_list()) <= {"CLEAR", "GREEN"}
