"""Read a STIX 2.1 bundle (as OpenCTI, MISP and RRM Dash's own export write them) into incident
and actor entities, without touching the warehouse. docs/stix.md describes the mapping.

Incidents come from `incident` objects, and from a `report` or `grouping` that holds no incident
but tags DISARM techniques (a MISP event); actors from `intrusion-set`, `threat-actor` and
`campaign`. `uses`, `attributed-to`, `targets` and `originates-from` relationships from an
incident give its techniques, actors and countries. RRM Dash's export adds an external reference
{source_name "rrm-dash", external_id <incident_id>} and an `x_rrm_<column>` property for every
column of the CSV template; those are read back first (their values by
`rrm_dash.ingest.stix_values`). Bad objects become ObjectProblems (the object is left out of the
batch), bad files a file-level problem; nothing raises.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import stix2

from rrm_dash.access import COORDINATION_UNIT
from rrm_dash.ingest.batch import Batch, Entity, ObjectProblem, sha256_hex
from rrm_dash.ingest.bundle_json import read_bundle, short
from rrm_dash.ingest.csv_template import (
    BY_NAME,
    DEFAULT_SOURCE_CATEGORY,
    LINK_COLUMNS,
    Column,
    Kind,
    suggest,
)
from rrm_dash.ingest.facts import WarehouseFacts
from rrm_dash.ingest.messages import Message, Text, msg, one_of
from rrm_dash.ingest.stix_markings import (
    DEFAULT_TLP,
    MarkingResolver,
    ObjectMarking,
    most_restrictive,
)

# PREFIX is re-exported: the STIX export (rrm_dash.exchange.stix) writes the same properties.
from rrm_dash.ingest.stix_values import PREFIX as PREFIX
from rrm_dash.ingest.stix_values import (
    Checked,
    external_references,
    read_day,
    read_items,
    read_moment,
)

#: The external reference source name that carries our incident_id.
RRM_SOURCE = "rrm-dash"
#: Namespace of the ids our export derives (uuid5 of "<type>:<key>").
STIX_NAMESPACE = uuid.UUID("1ad40159-6fad-4a0a-9e5c-067046def612")
ACTOR_TYPES = frozenset({"intrusion-set", "threat-actor", "campaign"})
CONTAINER_TYPES = frozenset({"report", "grouping"})
#: Types read for what they say about other objects; they are not imported themselves.
CONTEXT_TYPES = frozenset({"identity", "location", "marking-definition", "relationship"})
READ_TYPES = frozenset(
    {"incident", "attack-pattern"} | ACTOR_TYPES | CONTAINER_TYPES | CONTEXT_TYPES
)
#: Types checked with the stix2 library.
VALIDATED_TYPES = frozenset({"incident", "attack-pattern"} | ACTOR_TYPES | CONTAINER_TYPES)
DEFAULT_HEADING, DEFAULT_THREAT = "MIE", "disinformation"
NOT_DISARM = "attack-pattern (not DISARM)"
DISARM_ID = re.compile(r"T\d{4}(\.\d{3})?")
_NAMED_ID = re.compile(r"^\s*(T\d{4}(?:\.\d{3})?)\b")
ACTOR_ROLES = ("perpetrator", "amplifier")
#: threat_actor_types that say what kind of actor it is.
THREAT_ACTOR_KINDS = {
    "nation-state": "state",
    "competitor": "commercial",
    "activist": "non_state",
    "crime-syndicate": "non_state",
    "criminal": "non_state",
    "hacker": "non_state",
    "sensationalist": "non_state",
    "terrorist": "non_state",
}
#: Actor columns our export writes as x_rrm_<column> (name, aliases and description are native).
ACTOR_COLUMNS = (
    "actor_id",
    "actor_kind",
    "sponsor_state",
    "first_seen",
    "tlp",
    "pap",
    "originator_member",
    "releasable_to",
    "chatham_house",
)
_EXAMPLES = 3


def export_id(stix_type: str, key: str) -> str:
    """The STIX id our export gives the warehouse row `key` as a `stix_type` object."""
    return f"{stix_type}--{uuid.uuid5(STIX_NAMESPACE, f'{stix_type}:{key}')}"


def derived_key(prefix: str, stix_id: str) -> str:
    """The key of a row first imported from the STIX object `stix_id` (stable across imports)."""
    return f"{prefix}-STIX-{hashlib.sha256(stix_id.encode()).hexdigest()[:16]}"


def read_stix_bundle(
    data: bytes, file_name: str, facts: WarehouseFacts, *, originator: str | None = None
) -> Batch:
    """The incidents and actors of a STIX 2.1 bundle, checked against `facts`.

    `originator` is the member code given to objects whose originator the bundle does not say
    (no x_rrm_originator_member, no creator identity naming a member); the Coordination Unit
    when None.
    """
    batch = Batch("stix", file_name, sha256_hex(data))
    objects = _bundle_objects(data, file_name, batch)
    if objects is None:
        return batch
    origin = (originator or COORDINATION_UNIT).upper()
    if origin not in facts.member_codes:
        expected = msg("expected.member_code", choices=one_of(facts.member_codes))
        batch.problems.append(ObjectProblem(file_name, None, "originator", origin, expected))
        return batch
    _Reader(file_name, facts, origin, batch).read(objects)
    return batch


def _bundle_objects(data: bytes, file_name: str, batch: Batch) -> list[Any] | None:
    """The bundle's objects, or None with a file problem: not JSON, not a bundle, empty, STIX 2.0."""

    def reject(value: str | None, expected: Message, path: str | None = None) -> None:
        batch.problems.append(ObjectProblem(file_name, None, path, value, expected))

    read = read_bundle(data, file_name, batch)
    if read is None:
        return None
    document, objects = read
    if not objects:
        reject("[]", msg("expected.stix_objects"), "objects")
        return None
    versions = {str(o.get("spec_version")) for o in objects if isinstance(o, dict)} - {"None"}
    stated = document.get("spec_version")
    other = sorted(versions - {"2.1"})
    if (stated is not None and str(stated) != "2.1") or other or not versions:
        if stated is not None and str(stated) != "2.1":
            found, path = str(stated), "spec_version"
        elif other:
            found, path = ", ".join(other), "objects[].spec_version"
        else:
            found, path = None, "objects[].spec_version"
        version = found or msg("expected.stix_20_unstated")
        reject(found, msg("expected.stix_21", version=version), path)
        return None
    return objects


@dataclass
class _Links:
    """What the bundle says about one incident's links."""

    techniques: set[str] = field(default_factory=set)
    actors: dict[str, str] = field(default_factory=dict)
    targeted: set[str] = field(default_factory=set)
    origin: set[str] = field(default_factory=set)


class _Reader:
    """Reads the objects of one bundle into the batch."""

    def __init__(self, file_name: str, facts: WarehouseFacts, origin: str, batch: Batch) -> None:
        self.file_name, self.facts, self.origin, self.batch = file_name, facts, origin, batch
        self.by_id: dict[str, dict[str, Any]] = {}
        #: Ids of objects with a problem: left out, and never linked to.
        self.broken: set[str] = set()
        self.resolver = MarkingResolver({})
        self.members: dict[str, str] = {}
        self.countries: dict[str, str] = {}
        self.techniques: dict[str, str] = {}
        #: STIX id → actor_id of every actor the batch writes.
        self.actors: dict[str, str] = {}
        self.keys: dict[str, set[str]] = {"incident": set(), "actor": set()}
        self.links: dict[str, _Links] = {}
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}

    # -- the whole bundle ---------------------------------------------------------------------

    def read(self, objects: list[Any]) -> None:
        self._index(objects)
        self._validate()
        self.resolver = MarkingResolver(dict(self._of("marking-definition")))
        for stix_id, obj in self._of(*{o["type"] for o in self.by_id.values()}):
            kind = obj["type"]
            if kind == "identity":
                self._read_identity(stix_id, obj)
            elif kind == "location":
                self._read_location(stix_id, obj)
            elif kind == "attack-pattern":
                self._read_attack_pattern(stix_id, obj)
            elif kind not in READ_TYPES:
                self.batch.kept_out[kind] += 1
        for stix_id, obj in self._of(*ACTOR_TYPES):
            self._read_actor(stix_id, obj)
        incidents = self._incident_sources()
        for stix_id, obj in self._of("relationship"):
            self._read_relationship(stix_id, obj, incidents)
        for stix_id, obj in incidents.items():
            self._read_incident(stix_id, obj)
        self._report()

    def _of(self, *kinds: str) -> list[tuple[str, dict[str, Any]]]:
        return [
            (stix_id, obj)
            for stix_id, obj in self.by_id.items()
            if obj["type"] in kinds and stix_id not in self.broken
        ]

    def _problem(
        self, stix_id: str | None, path: str | None, value: object, expected: Message
    ) -> None:
        shown = None if value is None else short(value)
        self.batch.problems.append(ObjectProblem(self.file_name, stix_id, path, shown, expected))
        if stix_id is not None:
            self.broken.add(stix_id)

    def _count(self, what: str, example: str) -> None:
        self.counts[what] += 1
        examples = self.examples.setdefault(what, [])
        if len(examples) < _EXAMPLES:
            examples.append(example)

    def _index(self, objects: list[Any]) -> None:
        """Objects by id: identical copies merged, versions reduced to the newest, clashes reported."""
        clashes: Counter[str] = Counter()
        for index, obj in enumerate(objects):
            if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
                self._problem(f"objects[{index}]", "type", obj, msg("expected.stix_object"))
                continue
            stix_id = obj.get("id")
            if not isinstance(stix_id, str) or not stix_id.startswith(obj["type"] + "--"):
                where = f"objects[{index}] ({obj['type']})"
                self._problem(where, "id", stix_id, msg("expected.stix_id", type=obj["type"]))
                continue
            if obj.get("spec_version") is None:
                self._count("no spec_version", stix_id)
            held = self.by_id.get(stix_id)
            if held is None or held == obj:
                self.by_id.setdefault(stix_id, obj)
                continue
            newer, older = read_moment(obj.get("modified")), read_moment(held.get("modified"))
            if newer is not None and older is not None and newer != older:
                self._count("versions", stix_id)
                if newer > older:
                    self.by_id[stix_id] = obj
            else:
                clashes[stix_id] += 1
        for stix_id, count in clashes.items():
            self._problem(stix_id, None, None, msg("expected.one_object_per_id", count=count + 1))

    def _validate(self) -> None:
        """Check the objects we import from against STIX 2.1 with the stix2 library; a producer
        that does not fully comply is read leniently (a note), since each reader checks what it
        needs. Context objects (relationships, identities, locations, markings) are only checked
        by their readers: the library takes milliseconds per object."""
        for stix_id, obj in self.by_id.items():
            if obj["type"] not in VALIDATED_TYPES:
                continue
            try:
                stix2.parse(obj, allow_custom=True)
            except Exception as error:  # the library raises many kinds; all mean "not compliant"
                first = str(error).splitlines()[0] if str(error) else type(error).__name__
                self._count("lenient", f"{stix_id}: {short(first, 160)}")

    # -- context: identities, locations, techniques --------------------------------------------

    def _read_identity(self, stix_id: str, obj: dict[str, Any]) -> None:
        """Identities that name a member (x_rrm_member_code, or a name that is a member code)."""
        for value in (obj.get(PREFIX + "member_code"), obj.get("name")):
            if isinstance(value, str) and value.strip().upper() in self.facts.member_codes:
                self.members[stix_id] = value.strip().upper()
                return

    def _read_location(self, stix_id: str, obj: dict[str, Any]) -> None:
        for value in (obj.get("country"), obj.get(PREFIX + "country_code")):
            code = value.strip().upper() if isinstance(value, str) else ""
            if code in self.facts.country_codes or code in self.facts.member_codes:
                self.countries[stix_id] = code
                return

    def _read_attack_pattern(self, stix_id: str, obj: dict[str, Any]) -> None:
        """DISARM techniques by an external_id T0000/T0000.000 of the reference (any source_name),
        or a name that starts with one (as MISP galaxies write them); others are kept out."""
        known = self.facts.technique_ids | self.facts.retired_technique_ids
        given = [
            str(ref.get("external_id", "")).strip().upper() for ref in external_references(obj)
        ]
        name = obj.get("name")
        named = _NAMED_ID.match(name) if isinstance(name, str) else None
        for candidate in [*given, *([named.group(1)] if named else [])]:
            if candidate in known:
                self.techniques[stix_id] = candidate
                if candidate in self.facts.retired_technique_ids:
                    self._count("retired", candidate)
                return
        claimed = [
            str(ref.get("external_id"))
            for ref in external_references(obj)
            if "disarm" in str(ref.get("source_name", "")).lower()
            and DISARM_ID.fullmatch(str(ref.get("external_id", "")).strip().upper())
        ]
        if claimed:
            version = f"DISARM {self.facts.disarm_version}"
            expected = msg("expected.reference_technique_id", version=version)
            hint = suggest(claimed[0], set(known))
            if hint:
                expected = msg(
                    "expected.reference_technique_id_hint", version=version, hint=repr(hint)
                )
            self._problem(stix_id, "external_references[].external_id", claimed[0], expected)
            return
        self.batch.kept_out[NOT_DISARM] += 1

    # -- actors ---------------------------------------------------------------------------------

    def _read_actor(self, stix_id: str, obj: dict[str, Any]) -> None:
        checked = Checked(self.file_name, self.facts, stix_id)
        name = obj.get("name")
        if not isinstance(name, str) or not name.strip():
            checked.problem("name", name, msg("expected.actor_name"))
        claimed = obj.get(PREFIX + "actor_id")
        if claimed is not None and not (isinstance(claimed, str) and claimed.strip()):
            checked.problem(PREFIX + "actor_id", claimed, msg("expected.actor_id"))
            claimed = None
        key = self._key("actor", "ACT", stix_id, claimed.strip() if claimed else None, checked)
        stored = key is not None and key in self.facts.actor_ids
        row: dict[str, object] = {"name": name.strip() if isinstance(name, str) else ""}
        aliases = read_items(obj.get("aliases")) if obj.get("aliases") is not None else []
        if aliases is None:
            checked.problem("aliases", obj.get("aliases"), msg("expected.name_list"))
        elif aliases or not stored:
            row["aliases"] = aliases
        description = obj.get("description")
        if isinstance(description, str) and description.strip():
            row["description"] = description.strip()
        given = self._given(checked, obj, ACTOR_COLUMNS, _ACTOR_COLUMN_KINDS)
        given.pop("actor_id", None)
        defaults: dict[str, object] = {"actor_kind": self._actor_kind(obj)}
        first_seen = read_day(obj.get("first_seen"))
        if first_seen is not None:
            row["first_seen"] = first_seen
        row.update(given)
        self._marking_columns(row, obj, given, defaults, checked, "actor")
        self._finish(row, defaults, stored)
        if checked.problems or key is None:
            self._reject(stix_id, checked)
            return
        row["actor_id"] = key
        self._stix_id(row, stix_id, obj["type"], key)
        self._created(row, obj)
        self.actors[stix_id] = key
        self.batch.entities.append(
            Entity("actor", key, row, modified=self._modified(obj), origin=stix_id)
        )

    def _actor_kind(self, obj: Mapping[str, Any]) -> str:
        types = read_items(obj.get("threat_actor_types")) or []
        for kind in types:
            if kind.lower() in THREAT_ACTOR_KINDS:
                return THREAT_ACTOR_KINDS[kind.lower()]
        levels = [obj.get("resource_level"), obj.get("primary_motivation")]
        return "state" if "government" in levels else "unknown"

    # -- incidents -------------------------------------------------------------------------------

    def _incident_sources(self) -> dict[str, dict[str, Any]]:
        """Incident objects, and reports or groupings that hold no incident but tag DISARM
        techniques (a MISP event). Other containers are kept out."""
        chosen = dict(self._of("incident"))
        for stix_id, obj in self._of(*CONTAINER_TYPES):
            refs = read_items(obj.get("object_refs")) or []
            if stix_id in refs:
                self._problem(stix_id, "object_refs", stix_id, msg("expected.other_refs"))
                continue
            holds_incident = any(ref.startswith("incident--") for ref in refs)
            if not holds_incident and any(ref in self.techniques for ref in refs):
                chosen[stix_id] = obj
                links = self.links.setdefault(stix_id, _Links())
                for ref in refs:
                    if ref in self.techniques:
                        links.techniques.add(self.techniques[ref])
                    elif ref in self.actors:
                        links.actors.setdefault(self.actors[ref], "perpetrator")
                    elif ref in self.countries:
                        links.targeted.add(self.countries[ref])
            else:
                self.batch.kept_out[obj["type"]] += 1
        return chosen

    def _read_relationship(
        self, stix_id: str, obj: dict[str, Any], incidents: Mapping[str, Any]
    ) -> None:
        values: dict[str, str] = {}
        for path in ("relationship_type", "source_ref", "target_ref"):
            value = obj.get(path)
            if not isinstance(value, str) or not value.strip():
                self._problem(stix_id, path, value, msg("expected.a_value"))
                return
            values[path] = value.strip()
        kind, source, target = (
            values["relationship_type"],
            values["source_ref"],
            values["target_ref"],
        )
        if source == target:
            self._problem(stix_id, "target_ref", target, msg("expected.other_than_source"))
            return
        for path, ref in (("source_ref", source), ("target_ref", target)):
            if ref not in self.by_id and ref not in self.facts.stix_ids:
                self._problem(stix_id, path, ref, msg("expected.known_object"))
                return
        if source in self.broken or target in self.broken:
            return  # the object's own problem says why
        if source not in incidents:
            if self.facts.stix_ids.get(source, ("",))[0] == "incident":
                self._count("stored source", stix_id)
            self.batch.kept_out["relationship"] += 1
            return
        links = self.links.setdefault(source, _Links())
        if kind == "uses" and target in self.techniques:
            links.techniques.add(self.techniques[target])
        elif kind == "attributed-to" and (actor := self._actor_key(target)) is not None:
            role = obj.get(PREFIX + "role")
            links.actors[actor] = role if role in ACTOR_ROLES else "perpetrator"
        elif kind == "targets" and target in self.countries:
            links.targeted.add(self.countries[target])
        elif kind == "originates-from" and target in self.countries:
            links.origin.add(self.countries[target])
        else:
            self.batch.kept_out["relationship"] += 1

    def _actor_key(self, ref: str) -> str | None:
        if ref in self.actors:
            return self.actors[ref]
        stored = self.facts.stix_ids.get(ref)
        return stored[1] if stored and stored[0] == "actor" else None

    def _read_incident(self, stix_id: str, obj: dict[str, Any]) -> None:
        checked = Checked(self.file_name, self.facts, stix_id)
        key = self._key("incident", "INC", stix_id, self._claimed_incident(obj, checked), checked)
        stored = key is not None and key in self.facts.incident_ids
        scalars = [name for name in BY_NAME if name not in LINK_COLUMNS and name != "incident_id"]
        row = self._given(checked, obj, scalars, {})
        name, description = obj.get("name"), obj.get("description")
        if isinstance(name, str) and name.strip():
            row["title"] = name.strip()
        elif "title" not in row:
            checked.problem("name", name, msg("expected.incident_title"))
        if isinstance(description, str) and description.strip():
            row["summary"] = description.strip()
        defaults = self._incident_defaults(obj, row)
        self._marking_columns(row, obj, row.copy(), defaults, checked, "incident")
        self._election(row, checked)
        if not stored and "threat_type" not in row:
            self._count("default threat", stix_id)
        self._finish(row, defaults, stored)
        if not stored and "detected_at" not in row:
            checked.problem("created", obj.get("created"), msg("expected.creation_time"))
        self._cross_checks(row, checked)
        links = self._incident_links(obj, stix_id, self._ours(obj), checked)
        if checked.problems or key is None:
            self._reject(stix_id, checked)
            return
        row["incident_id"] = key
        self._stix_id(row, stix_id, "incident", key)
        self._created(row, obj)
        for rows in links.values():
            for link in rows:
                link["incident_id"] = key
        self.batch.entities.append(
            Entity("incident", key, row, links, modified=self._modified(obj), origin=stix_id)
        )

    def _ours(self, obj: Mapping[str, Any]) -> bool:
        """Written by our export: every x_rrm list is then complete (an absent list is empty)."""
        return any(ref.get("source_name") == RRM_SOURCE for ref in external_references(obj))

    def _claimed_incident(self, obj: Mapping[str, Any], checked: Checked) -> str | None:
        ids = {
            str(ref.get("external_id")).strip()
            for ref in external_references(obj)
            if ref.get("source_name") == RRM_SOURCE and str(ref.get("external_id") or "").strip()
        }
        prop = obj.get(PREFIX + "incident_id")
        if prop is not None:
            if not isinstance(prop, str) or not prop.strip():
                checked.problem(PREFIX + "incident_id", prop, msg("expected.incident_id"))
            else:
                ids.add(prop.strip())
        if len(ids) > 1:
            checked.problem(
                "external_references", ", ".join(sorted(ids)), msg("expected.one_incident_id")
            )
            return None
        return ids.pop() if ids else None

    def _incident_defaults(
        self, obj: Mapping[str, Any], row: dict[str, object]
    ) -> dict[str, object]:
        """What a new incident takes when the bundle does not say: detected_at from first_seen or
        created; threat_type from a label or incident_type naming one (heading its parent), else
        MIE / disinformation; activity dates from first_seen and last_seen."""
        defaults: dict[str, object] = {}
        detected = read_moment(obj.get("first_seen")) or read_moment(obj.get("created"))
        if detected is not None:
            defaults["detected_at"] = detected
        for column, native in (("first_activity", "first_seen"), ("last_activity", "last_seen")):
            day = read_day(obj.get(native))
            if day is not None and column not in row:
                row[column] = day
        if "threat_type" not in row:
            words = [
                *(read_items(obj.get("labels")) or []),
                *(read_items(obj.get("incident_type")) or []),
            ]
            for word in words:
                code = re.sub(r"[\s-]+", "_", word.strip().lower())
                if code in self.facts.threat_heading:
                    row["threat_type"] = code
                    row.setdefault("heading", self.facts.threat_heading[code])
                    break
        if "threat_type" in row and "heading" not in row:
            row["heading"] = self.facts.threat_heading.get(str(row["threat_type"]), DEFAULT_HEADING)
        defaults["heading"], defaults["threat_type"] = DEFAULT_HEADING, DEFAULT_THREAT
        return defaults

    def _election(self, row: dict[str, object], checked: Checked) -> None:
        election = row.get("election_id")
        if election is not None and election not in self.facts.election_ids:
            del row["election_id"]
            self._count("election", f"{checked.stix_id}: {election}")

    def _cross_checks(self, row: Mapping[str, object], checked: Checked) -> None:
        """The rules the warehouse enforces (as the CSV template's): heading and threat type
        agree, tnr_vector only for HRF, activity dates in order, no workflow date before
        detection."""
        heading, threat = row.get("heading"), row.get("threat_type")
        parent = self.facts.threat_heading.get(str(threat))
        if heading and parent and parent != heading:
            same = sorted(t for t, h in self.facts.threat_heading.items() if h == heading)
            expected = msg("expected.heading_threat_type", heading=heading, types=same)
            checked.problem(PREFIX + "threat_type", threat, expected)
        if row.get("tnr_vector") and heading is not None and heading != "HRF":
            checked.problem(PREFIX + "tnr_vector", row["tnr_vector"], msg("expected.no_tnr_vector"))
        first, last = row.get("first_activity"), row.get("last_activity")
        if isinstance(first, date) and isinstance(last, date) and last < first:
            expected = msg("expected.date_from", first=first.isoformat())
            checked.problem(PREFIX + "last_activity", last.isoformat(), expected)
        detected = row.get("detected_at")
        for column in ("assessed_at", "notified_at", "published_at"):
            moment = row.get(column)
            if (
                isinstance(detected, datetime)
                and isinstance(moment, datetime)
                and moment < detected
            ):
                expected = msg("expected.not_before_detection", detected=detected.isoformat())
                checked.problem(PREFIX + column, moment.isoformat(), expected)

    def _incident_links(
        self, obj: Mapping[str, Any], stix_id: str, ours: bool, checked: Checked
    ) -> dict[str, list[dict[str, object]]]:
        """Link rows by table. A table is given (and replaces the stored rows) when the bundle says
        something about it, or always for our own export, whose lists are complete."""
        found = self.links.get(stix_id, _Links())
        lists = {
            name: self._list(obj, name, checked)
            for name in (*sorted(LINK_COLUMNS), "amplifiers", "amplification_countries")
        }
        links: dict[str, list[dict[str, object]]] = {}
        techniques = set(found.techniques) | self._techniques(lists["techniques"], checked)
        if ours or techniques:
            links["incident_technique"] = [
                {"disarm_id": t, "disarm_version": self.facts.disarm_version}
                for t in sorted(techniques)
            ]
        actors = dict(found.actors)
        written = set(self.actors.values())
        for name, role in (("actors", "perpetrator"), ("amplifiers", "amplifier")):
            for actor in lists[name] or []:
                if actor in written or actor in self.facts.actor_ids:
                    actors.setdefault(actor, role)
                else:
                    self._count("actor", f"{stix_id}: {actor}")
        if ours or actors:
            links["incident_actor"] = [
                {"actor_id": a, "role": r} for a, r in sorted(actors.items())
            ]
        countries = {
            "targeted": found.targeted
            | self._countries(lists["targeted_countries"], "targeted_countries", checked),
            "origin": found.origin
            | self._countries(lists["origin_countries"], "origin_countries", checked),
            "amplification": self._countries(
                lists["amplification_countries"], "amplification_countries", checked
            ),
        }
        if ours or any(countries.values()):
            links["incident_country"] = [
                {"country_code": code, "role": role}
                for role, codes in countries.items()
                for code in sorted(codes)
            ]
        platforms = [
            checked.code(PREFIX + "platforms", p, "platform") for p in lists["platforms"] or []
        ]
        if ours or platforms:
            links["incident_platform"] = [
                {"platform": p} for p in sorted({p for p in platforms if p})
            ]
        narratives = []
        for narrative in lists["narratives"] or []:
            if narrative in self.facts.narrative_ids:
                narratives.append(narrative)
            else:
                self._count("narrative", f"{stix_id}: {narrative}")
        if ours or narratives:
            links["incident_narrative"] = [{"narrative_id": n} for n in sorted(set(narratives))]
        sources = self._sources(obj, lists["source_urls"] or [], checked)
        if ours or sources:
            links["incident_source"] = sources
        return links

    def _list(self, obj: Mapping[str, Any], name: str, checked: Checked) -> list[str] | None:
        value = obj.get(PREFIX + name)
        if value is None:
            return None
        items = read_items(value)
        if items is None:
            checked.problem(PREFIX + name, value, msg("expected.text_list"))
        return items

    def _techniques(self, given: list[str] | None, checked: Checked) -> set[str]:
        known = self.facts.technique_ids | self.facts.retired_technique_ids
        chosen: set[str] = set()
        for item in given or []:
            code = item.upper()
            if code in known:
                chosen.add(code)
            else:
                version = f"DISARM {self.facts.disarm_version}"
                expected = msg("expected.reference_technique_id", version=version)
                checked.problem(PREFIX + "techniques", item, expected, suggest(code, set(known)))
        return chosen

    def _countries(self, given: list[str] | None, name: str, checked: Checked) -> set[str]:
        """Known country or member codes; a well-formed code the warehouse lacks (a fictional
        state of the demo) is left out with a note, anything else is a problem."""
        chosen: set[str] = set()
        for item in given or []:
            code = item.upper()
            if code in self.facts.country_codes or code in self.facts.member_codes:
                chosen.add(code)
            elif re.fullmatch(r"[A-Z]{2}", code):
                self._count("country", f"{checked.stix_id}: {code}")
            else:
                checked.problem(PREFIX + name, item, msg("expected.country_code"))
        return chosen

    def _sources(
        self, obj: Mapping[str, Any], urls: list[str], checked: Checked
    ) -> list[dict[str, object]]:
        """incident_source rows: x_rrm_sources (our export, with every detail), external references
        with a URL (category from a source_name that is a source_category code, else
        DEFAULT_SOURCE_CATEGORY), and x_rrm_source_urls."""
        categories = self.facts.vocabularies.get("source_category", frozenset())
        rows: dict[str, dict[str, object]] = {}
        detailed = obj.get(PREFIX + "sources")
        if detailed is not None and not isinstance(detailed, list):
            checked.problem(PREFIX + "sources", detailed, msg("expected.source_list"))
        for source in detailed if isinstance(detailed, list) else []:
            url = source.get("url") if isinstance(source, dict) else None
            if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
                checked.problem(PREFIX + "sources", source, msg("expected.source_url"))
                continue
            category = source.get("source_category")
            if category not in categories:
                category = checked.code(PREFIX + "sources", category, "source_category")
            rows[url] = {
                "url": url,
                "archive_url": source.get("archive_url")
                if isinstance(source.get("archive_url"), str)
                else None,
                "source_category": category,
                "is_claim": source.get("is_claim") is True,
                "published_on": read_day(source.get("published_on")),
            }
        for ref in external_references(obj):
            url = ref.get("url")
            if ref.get("source_name") == RRM_SOURCE or not isinstance(url, str):
                continue
            if url.lower().startswith(("http://", "https://")) and url not in rows:
                name = ref.get("source_name")
                category = name if name in categories else DEFAULT_SOURCE_CATEGORY
                rows[url] = self._source_row(url, category)
        for url in urls:
            if not url.lower().startswith(("http://", "https://")):
                checked.problem(PREFIX + "source_urls", url, msg("expected.url"))
            elif url not in rows:
                rows[url] = self._source_row(url, DEFAULT_SOURCE_CATEGORY)
        return [rows[url] for url in sorted(rows)]

    @staticmethod
    def _source_row(url: str, category: str) -> dict[str, object]:
        return {
            "url": url,
            "archive_url": None,
            "source_category": category,
            "is_claim": False,
            "published_on": None,
        }

    # -- shared by actors and incidents -------------------------------------------------------

    def _key(
        self, table: str, prefix: str, stix_id: str, claimed: str | None, checked: Checked
    ) -> str | None:
        """The row's key: the one the bundle claims (our export's), else the row stored with this
        STIX id, else one derived from the STIX id; None (with a problem) on a clash."""
        stored = self.facts.stix_ids.get(stix_id)
        if stored is not None and stored[0] != table:
            expected = msg("expected.id_of_other_table", table=stored[0], key=stored[1])
            checked.problem("id", stix_id, expected)
            return None
        if claimed is not None and stored is not None and stored[1] != claimed:
            expected = msg("expected.stored_key", key=stored[1], table=table)
            checked.problem(PREFIX + f"{table}_id", claimed, expected)
            return None
        key = claimed or (stored[1] if stored else derived_key(prefix, stix_id))
        if key in self.keys[table]:
            expected = msg("expected.one_object_per_key", table=table, key=key)
            checked.problem(PREFIX + f"{table}_id", key, expected)
            return None
        self.keys[table].add(key)
        return key

    def _given(
        self,
        checked: Checked,
        obj: Mapping[str, Any],
        columns: Iterable[str],
        kinds: Mapping[str, Column],
    ) -> dict[str, object]:
        """The x_rrm_<column> values the object gives, checked."""
        given: dict[str, object] = {}
        for name in columns:
            value = obj.get(PREFIX + name)
            if value is None:
                continue
            column = kinds.get(name) or BY_NAME[name]
            checked_value = checked.column(column, value)
            if checked_value is not None:
                given[name] = checked_value
        return given

    def _marking_columns(
        self,
        row: dict[str, object],
        obj: Mapping[str, Any],
        given: Mapping[str, object],
        defaults: dict[str, object],
        checked: Checked,
        table: str,
    ) -> None:
        """tlp (the most restrictive of the markings and x_rrm_tlp), pap, chatham_house and
        originator_member."""
        marking: ObjectMarking = self.resolver.of(obj)
        levels = [marking.tlp] if not marking.defaulted else []
        if isinstance(given.get("tlp"), str):
            levels.append(str(given["tlp"]))
        if levels:
            row["tlp"] = most_restrictive(levels)
        else:
            defaults["tlp"] = marking.tlp
            self._count("default tlp", checked.stix_id)
        if "pap" not in given and marking.pap is not None:
            row["pap"] = marking.pap
        if "chatham_house" not in given and marking.chatham_house:
            row["chatham_house"] = True
        if "originator_member" not in given:
            creator = obj.get("created_by_ref")
            if isinstance(creator, str) and creator in self.members:
                row["originator_member"] = self.members[creator]
            else:
                defaults["originator_member"] = self.origin
                self._count(f"originator {table}", checked.stix_id)

    def _finish(self, row: dict[str, object], defaults: Mapping[str, object], stored: bool) -> None:
        """Defaults fill what the bundle does not say, for new rows only: a stored row keeps its
        own values."""
        if not stored:
            for column, value in defaults.items():
                row.setdefault(column, value)

    def _stix_id(self, row: dict[str, object], stix_id: str, stix_type: str, key: str) -> None:
        """Keep the STIX id unless it is the one our export derives from the key anyway."""
        if stix_id != export_id(stix_type, key):
            row["stix_id"] = stix_id

    def _created(self, row: dict[str, object], obj: Mapping[str, Any]) -> None:
        created = read_moment(obj.get("created"))
        if created is not None:
            row["created_at"] = created

    def _modified(self, obj: Mapping[str, Any]) -> datetime | None:
        return read_moment(obj.get("modified")) or read_moment(obj.get("created"))

    def _reject(self, stix_id: str, checked: Checked) -> None:
        self.batch.problems.extend(checked.problems)
        self.broken.add(stix_id)

    # -- the report -------------------------------------------------------------------------------

    def _report(self) -> None:
        notes = self.batch.notes
        notes.extend(self.resolver.notes[ref] for ref in sorted(self.resolver.notes))
        version: Text = self.facts.disarm_version or msg("note.stored_disarm_version")
        n, origin = self.counts, self.origin
        sentences = {
            "lenient": msg("note.lenient", n=n["lenient"]),
            "no spec_version": msg("note.no_spec_version", n=n["no spec_version"]),
            "versions": msg("note.versions", n=n["versions"]),
            "default tlp": msg("note.default_tlp", n=n["default tlp"], tlp=DEFAULT_TLP),
            "default threat": msg(
                "note.default_threat",
                n=n["default threat"],
                heading=DEFAULT_HEADING,
                threat=DEFAULT_THREAT,
            ),
            "originator incident": msg(
                "note.originator_incident", n=n["originator incident"], member=origin
            ),
            "originator actor": msg(
                "note.originator_actor", n=n["originator actor"], member=origin
            ),
            "retired": msg("note.retired_tags", n=n["retired"], version=version),
            "election": msg("note.unknown_elections", n=n["election"]),
            "actor": msg("note.unknown_actors", n=n["actor"]),
            "country": msg("note.unknown_countries", n=n["country"]),
            "narrative": msg("note.unknown_narratives", n=n["narrative"]),
            "stored source": msg("note.stored_source", n=n["stored source"]),
        }
        for what, sentence in sentences.items():
            if self.counts[what]:
                examples = ", ".join(self.examples[what])
                more = ", …" if self.counts[what] > len(self.examples[what]) else ""
                notes.append(msg("note.examples", text=sentence, examples=examples, more=more))


#: Actor columns whose template column differs from the actor table's.
_ACTOR_COLUMN_KINDS: dict[str, Column] = {
    "actor_id": Column("actor_id", Kind.TEXT),
    "actor_kind": Column("actor_kind", Kind.CODE, vocabulary="actor_kind"),
    "sponsor_state": Column("sponsor_state", Kind.TEXT),
    "first_seen": Column("first_seen", Kind.DATE),
}
