"""The incidents a viewer may see as a STIX 2.1 bundle, readable by OpenCTI, MISP and our importer.

Every row comes through the viewer's scoped queries (rrm_dash/exchange/records.py and
sql/queries/export_stix/), so the bundle holds exactly what the viewer may see, under any
ceiling. It carries the standard TLP 2.0 marking-definitions it uses; each incident with its
marking, an external reference {source_name "rrm-dash", external_id <incident_id>} and an
x_rrm_<column> property for every column of the CSV template; the visible actors linked to
those incidents (threat-actor, or the STIX type they were imported as); the DISARM techniques
as attack-patterns; member identities, country locations; and uses, attributed-to and targets
relationships. Ids are derived (uuid5) from our keys unless a row keeps the STIX id it came
with, and objects are written in a fixed order, so the same data gives the same bytes.
docs/stix.md describes the mapping both ways.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import polars as pl

from rrm_dash.access import TLP_LEVELS, Principal
from rrm_dash.exchange.records import TEMPLATE_COLUMNS, incident_records
from rrm_dash.filters import Filters
from rrm_dash.ingest.disarm_bundle import tactic_shortname
from rrm_dash.ingest.stix_bundle import (
    ACTOR_COLUMNS,
    ACTOR_TYPES,
    PREFIX,
    RRM_SOURCE,
    STIX_NAMESPACE,
    export_id,
)
from rrm_dash.ingest.stix_markings import TLP2_IDS, most_restrictive, tlp2_definition
from rrm_dash.queries.runner import Source, run

#: created/modified of the reference objects (identities, locations, DISARM attack-patterns).
REFERENCE_STAMP = "2018-06-09T00:00:00.000Z"
#: The marking of reference objects: public facts.
REFERENCE_TLP = "CLEAR"
DISARM_PAGES = "https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages"
#: actor_kind → threat_actor_types of a threat-actor.
THREAT_ACTOR_TYPES = {"state": ["nation-state"], "state_proxy": ["nation-state"]}
STATE_KINDS = frozenset({"state", "state_proxy"})
#: Object types in the order the bundle lists them.
TYPE_ORDER = (
    "marking-definition",
    "identity",
    "location",
    "attack-pattern",
    "intrusion-set",
    "threat-actor",
    "campaign",
    "incident",
    "relationship",
)


def export_stix(
    source: Source, principal: Principal, filters: Filters | None, *, now: datetime
) -> bytes:
    """A STIX 2.1 bundle (UTF-8 JSON) of the incidents `principal` may see, narrowed by
    `filters`. `now` (naive UTC) only stands in for a row without timestamps; the output does
    not otherwise depend on it, so exporting the same data twice gives identical bytes."""
    records = incident_records(source, principal, filters)
    extras = {
        row["incident_id"]: row
        for row in run(source, principal, "export_stix/incident_extras", filters).iter_rows(
            named=True
        )
    }
    actors = run(source, principal, "export_stix/actors", filters)
    techniques = run(source, principal, "export_stix/techniques", filters)
    names = run(source, principal, "export_stix/names")
    builder = _Builder(names, now)
    for technique in techniques.iter_rows(named=True):
        builder.attack_pattern(technique)
    for actor in actors.iter_rows(named=True):
        builder.actor(actor)
    for record in records.iter_rows(named=True):
        builder.incident(record, extras.get(record["incident_id"], {}))
    return builder.bundle()


def stamp(moment: datetime) -> str:
    """A naive UTC datetime as a STIX timestamp (milliseconds, or microseconds when needed)."""
    text = moment.strftime("%Y-%m-%dT%H:%M:%S.%f")
    return (text[:-3] if moment.microsecond % 1000 == 0 else text) + "Z"


def _value(value: object) -> object:
    """A warehouse value as JSON: timestamps and dates as ISO text, lists as lists."""
    if isinstance(value, datetime):
        return stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_value(item) for item in value]
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items() if v is not None}
    return value


def _present(value: object) -> bool:
    return value is not None and value != [] and value != ""


class _Builder:
    """Collects the bundle's objects, deduplicated by id."""

    def __init__(self, names: pl.DataFrame, now: datetime) -> None:
        self.now = now
        self.objects: dict[str, dict[str, Any]] = {}
        self.levels: set[str] = set()
        self.member_names: dict[str, str] = {}
        self.country_names: dict[str, str] = {}
        for row in names.iter_rows(named=True):
            target = self.member_names if row["kind"] == "member" else self.country_names
            target[row["code"]] = row["name_en"]
        #: actor_id → (STIX id, TLP) of every actor in the bundle.
        self.actors: dict[str, tuple[str, str]] = {}
        #: disarm_id → STIX id of every technique in the bundle.
        self.techniques: dict[str, str] = {}

    def add(self, obj: dict[str, Any]) -> None:
        self.objects[obj["id"]] = obj

    def marking(self, level: str) -> list[str]:
        self.levels.add(level)
        return [TLP2_IDS[level]]

    def times(self, row: Mapping[str, Any]) -> tuple[str, str]:
        created = row.get("created_at") or self.now
        modified = max(row.get("updated_at") or created, created)
        return stamp(created), stamp(modified)

    def identity(self, member: str | None) -> dict[str, str]:
        """created_by_ref for an originator (nothing when the Chatham House Rule hides it)."""
        if not member:
            return {}
        stix_id = export_id("identity", member)
        if stix_id not in self.objects:
            self.add(
                {
                    "type": "identity",
                    "spec_version": "2.1",
                    "id": stix_id,
                    "created": REFERENCE_STAMP,
                    "modified": REFERENCE_STAMP,
                    "name": self.member_names.get(member, member),
                    "identity_class": "organization",
                    "object_marking_refs": self.marking(REFERENCE_TLP),
                    PREFIX + "member_code": member,
                }
            )
        return {"created_by_ref": stix_id}

    def location(self, code: str) -> str | None:
        name = self.country_names.get(code)
        if name is None or len(code) != 2:
            return None
        stix_id = export_id("location", code)
        if stix_id not in self.objects:
            self.add(
                {
                    "type": "location",
                    "spec_version": "2.1",
                    "id": stix_id,
                    "created": REFERENCE_STAMP,
                    "modified": REFERENCE_STAMP,
                    "name": name,
                    "country": code,
                    "object_marking_refs": self.marking(REFERENCE_TLP),
                    PREFIX + "country_code": code,
                }
            )
        return stix_id

    def attack_pattern(self, technique: Mapping[str, Any]) -> None:
        disarm_id = technique["disarm_id"]
        stix_id = export_id("attack-pattern", disarm_id)
        self.techniques[disarm_id] = stix_id
        self.add(
            {
                "type": "attack-pattern",
                "spec_version": "2.1",
                "id": stix_id,
                "created": REFERENCE_STAMP,
                "modified": REFERENCE_STAMP,
                "name": technique["name"],
                "external_references": [
                    {
                        "source_name": "DISARM",
                        "external_id": disarm_id,
                        "url": f"{DISARM_PAGES}/techniques/{disarm_id}.md",
                    }
                ],
                "kill_chain_phases": [
                    {
                        "kill_chain_name": "disarm",
                        "phase_name": tactic_shortname(technique["tactic_name"]),
                    }
                ],
                "object_marking_refs": self.marking(REFERENCE_TLP),
                "x_mitre_id": disarm_id,
                PREFIX + "tactic_id": technique["tactic_id"],
            }
        )

    def actor(self, actor: Mapping[str, Any]) -> None:
        stored = actor.get("stix_id") or ""
        kind = stored.partition("--")[0]
        stix_type = kind if kind in ACTOR_TYPES else "threat-actor"
        stix_id = stored if kind in ACTOR_TYPES else export_id(stix_type, actor["actor_id"])
        created, modified = self.times(actor)
        obj: dict[str, Any] = {
            "type": stix_type,
            "spec_version": "2.1",
            "id": stix_id,
            "created": created,
            "modified": modified,
            "name": actor["name"],
        }
        if actor.get("description"):
            obj["description"] = actor["description"]
        if actor.get("aliases"):
            obj["aliases"] = list(actor["aliases"])
        if actor.get("first_seen"):
            obj["first_seen"] = stamp(datetime.combine(actor["first_seen"], datetime.min.time()))
        if stix_type == "threat-actor":
            obj["threat_actor_types"] = THREAT_ACTOR_TYPES.get(actor["actor_kind"], ["unknown"])
        if stix_type != "campaign" and actor["actor_kind"] in STATE_KINDS:
            obj["resource_level"] = "government"
        obj.update(self.identity(actor.get("originator_member")))
        obj["object_marking_refs"] = self.marking(actor["tlp"])
        for column in ACTOR_COLUMNS:
            if _present(actor.get(column)):
                obj[PREFIX + column] = _value(actor[column])
        self.actors[actor["actor_id"]] = (stix_id, actor["tlp"])
        self.add(obj)

    def incident(self, record: Mapping[str, Any], extra: Mapping[str, Any]) -> None:
        iid = record["incident_id"]
        stored = record.get("stix_id") or ""
        stix_id = stored if stored.startswith("incident--") else export_id("incident", iid)
        created, modified = self.times(record)
        sources = [_value(source) for source in extra.get("sources") or []]
        obj: dict[str, Any] = {
            "type": "incident",
            "spec_version": "2.1",
            "id": stix_id,
            "created": created,
            "modified": modified,
            "name": record["title"],
        }
        if record.get("summary"):
            obj["description"] = record["summary"]
        obj["labels"] = [record["heading"], record["threat_type"]]
        obj.update(self.identity(record.get("originator_member")))
        obj["external_references"] = [{"source_name": RRM_SOURCE, "external_id": iid}] + [
            {"source_name": source["source_category"], "url": source["url"]}
            for source in sources
            if isinstance(source, dict)
        ]
        obj["object_marking_refs"] = self.marking(record["tlp"])
        for column in TEMPLATE_COLUMNS:
            if _present(record.get(column)):
                obj[PREFIX + column] = _value(record[column])
        for name, value in (
            ("amplifiers", record.get("amplifiers")),
            ("amplification_countries", extra.get("amplification_countries")),
            ("sources", sources),
        ):
            if _present(value):
                obj[PREFIX + name] = _value(value)
        self.add(obj)
        self.relationships(obj, record)

    def relationships(self, incident: Mapping[str, Any], record: Mapping[str, Any]) -> None:
        level = record["tlp"]
        for disarm_id in record.get("techniques") or []:
            if disarm_id in self.techniques:
                self.relationship(incident, "uses", self.techniques[disarm_id], level)
        for column, role in (("actors", "perpetrator"), ("amplifiers", "amplifier")):
            for actor_id in record.get(column) or []:
                if actor_id in self.actors:
                    target, actor_level = self.actors[actor_id]
                    marking = most_restrictive([level, actor_level])
                    self.relationship(incident, "attributed-to", target, marking, role=role)
        for code in record.get("targeted_countries") or []:
            location = self.location(code)
            if location is not None:
                self.relationship(incident, "targets", location, level)

    def relationship(
        self,
        incident: Mapping[str, Any],
        kind: str,
        target: str,
        level: str,
        role: str | None = None,
    ) -> None:
        obj: dict[str, Any] = {
            "type": "relationship",
            "spec_version": "2.1",
            "id": export_id("relationship", f"{kind}|{incident['id']}|{target}"),
            "created": incident["created"],
            "modified": incident["modified"],
            "relationship_type": kind,
            "source_ref": incident["id"],
            "target_ref": target,
            "object_marking_refs": self.marking(level),
        }
        if role is not None:
            obj[PREFIX + "role"] = role
        self.add(obj)

    def bundle(self) -> bytes:
        markings = [tlp2_definition(level) for level in TLP_LEVELS if level in self.levels]
        rank = {kind: index for index, kind in enumerate(TYPE_ORDER)}
        objects: Sequence[dict[str, Any]] = markings + sorted(
            self.objects.values(), key=lambda obj: (rank.get(obj["type"], len(rank)), obj["id"])
        )
        digest = hashlib.sha256(
            json.dumps(objects, sort_keys=True, ensure_ascii=False).encode("utf-8")
        ).hexdigest()
        bundle: dict[str, Any] = {
            "type": "bundle",
            "id": f"bundle--{uuid.uuid5(STIX_NAMESPACE, 'bundle:' + digest)}",
        }
        if objects:
            bundle["objects"] = list(objects)
        return (json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
