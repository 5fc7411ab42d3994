"""Read the DISARM framework's official STIX 2.1 bundle into technique and tactic updates.

The bundle (DISARMframeworks `generated_files/DISARM_STIX/DISARM.json`) holds one
`x-mitre-tactic` per tactic, one `attack-pattern` per technique and sub-technique, a
`subtechnique-of` relationship per sub-technique and an `x-mitre-matrix` whose `tactic_refs`
are in display order. Ids are read from `external_references[].external_id` whatever the
`source_name` ("mitre-attack" for techniques, "DISARM" for tactics). Technique ids the
warehouse holds that the bundle lacks are retired, never deleted, so tagged incidents stay.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rrm_dash.ingest.batch import Batch, Entity, ObjectProblem, sha256_hex
from rrm_dash.ingest.bundle_json import read_bundle, short
from rrm_dash.ingest.facts import WarehouseFacts
from rrm_dash.ingest.messages import Message, msg

TECHNIQUE_ID = re.compile(r"T\d{4}(\.\d{3})?")
TACTIC_ID = re.compile(r"TA\d{2}")
#: STIX object types this reader uses; every other type is counted in Batch.kept_out.
USED_TYPES = frozenset({"attack-pattern", "x-mitre-tactic", "x-mitre-matrix"})
SUBTECHNIQUE_OF = "subtechnique-of"


def tactic_shortname(name: str) -> str:
    """The short name the DISARM Navigator and kill chain phases use: "Plan Strategy" → "plan-strategy"."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def read_disarm_bundle(
    data: bytes,
    file_name: str,
    facts: WarehouseFacts,
    *,
    tagged: Mapping[str, int] | None = None,
) -> Batch:
    """The techniques and tactics of a DISARM STIX bundle, with the ids it retires or restores.

    `tagged` maps a technique id to how many stored incidents are tagged with it (for the
    report on retired ids); without it the report names the ids without counts.
    """
    batch = Batch("disarm", file_name, sha256_hex(data))
    read = read_bundle(data, file_name, batch)
    if read is None:
        return batch
    reader = _Reader(file_name, batch)
    reader.read(read[1])
    if batch.file_rejected:
        return batch
    version = _version(reader.matrix, reader.objects_of("attack-pattern"), facts.disarm_version)
    batch.meta["disarm_version"] = version
    if version != facts.disarm_version:
        batch.notes.append(
            msg("note.disarm_version_was", version=version, previous=facts.disarm_version)
            if facts.disarm_version
            else msg("note.disarm_version", version=version)
        )
    reader.add_entities()
    _retire(batch, reader, facts, version, tagged)
    return batch


@dataclass
class _Technique:
    disarm_id: str
    label: str
    row: dict[str, object]
    subtechnique: bool


@dataclass
class _Reader:
    """Reads the bundle's objects into techniques and tactics, collecting problems."""

    file_name: str
    batch: Batch
    by_type: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)
    matrix: dict[str, Any] | None = None
    #: tactic short name → tactic id
    tactic_by_shortname: dict[str, str] = field(default_factory=dict)
    tactic_entities: list[Entity] = field(default_factory=list)
    techniques: list[_Technique] = field(default_factory=list)
    #: STIX id → DISARM id of every technique with a readable id
    technique_ids_by_ref: dict[str, str] = field(default_factory=dict)
    #: Every well-formed technique id of the bundle (also those of objects with a problem).
    seen_ids: set[str] = field(default_factory=set)
    unreadable_techniques: int = 0

    def problem(
        self, label: str | None, path: str | None, value: object, expected: Message
    ) -> None:
        shown = None if value is None else short(value)
        self.batch.problems.append(ObjectProblem(self.file_name, label, path, shown, expected))

    def objects_of(self, kind: str) -> list[dict[str, Any]]:
        return [obj for _, obj in self.by_type.get(kind, [])]

    def read(self, objects: list[Any]) -> None:
        kept_out: Counter[str] = Counter()
        for index, obj in enumerate(objects):
            if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
                self.problem(f"objects[{index}]", "type", short(obj), msg("expected.stix_object"))
                continue
            kind = obj["type"]
            if kind in USED_TYPES:
                self.by_type.setdefault(kind, []).append(
                    (str(obj.get("id", f"objects[{index}]")), obj)
                )
            elif kind == "relationship" and obj.get("relationship_type") == SUBTECHNIQUE_OF:
                self.by_type.setdefault(SUBTECHNIQUE_OF, []).append((str(obj.get("id")), obj))
            else:
                kept_out[kind] += 1
        self.batch.kept_out.update(kept_out)
        if not self.by_type.get("attack-pattern"):
            self.problem(None, "objects", None, msg("expected.disarm_techniques"))
            return
        if not self.by_type.get("x-mitre-tactic"):
            self.problem(None, "objects", None, msg("expected.disarm_tactics"))
            return
        matrices = self.objects_of("x-mitre-matrix")
        self.matrix = matrices[0] if matrices else None
        if len(matrices) > 1:
            self.batch.notes.append(msg("note.matrices", count=len(matrices)))
        self._read_tactics()
        for stix_id, obj in self.by_type["attack-pattern"]:
            self._read_technique(stix_id, obj)

    def _read_tactics(self) -> None:
        refs = self.matrix.get("tactic_refs") if self.matrix else None
        order = [ref for ref in refs if isinstance(ref, str)] if isinstance(refs, list) else []
        if self.matrix is None:
            self.batch.notes.append(msg("note.no_matrix"))
        for stix_id, obj in self.by_type["x-mitre-tactic"]:
            tactic_id = _external_id(obj, TACTIC_ID)
            name = obj.get("name")
            label = f"{tactic_id} ({stix_id})" if tactic_id else stix_id
            if tactic_id is None:
                self.problem(
                    label, "external_references", _ids_given(obj), msg("expected.tactic_id")
                )
                continue
            if not isinstance(name, str) or not name.strip():
                self.problem(label, "name", name, msg("expected.tactic_name"))
                continue
            shortname = obj.get("x_mitre_shortname")
            if not isinstance(shortname, str) or not shortname:
                shortname = tactic_shortname(name)
            self.tactic_by_shortname[shortname] = tactic_id
            row: dict[str, object] = {"tactic_id": tactic_id, "name": name.strip()}
            if stix_id in order:
                row["rank"] = order.index(stix_id) + 1
            elif self.matrix is not None:
                self.batch.notes.append(msg("note.tactic_not_in_matrix", tactic=tactic_id))
            # Partial: the bundle has no phase, so a stored tactic keeps its phase_id.
            self.tactic_entities.append(
                Entity(
                    "disarm_tactic",
                    tactic_id,
                    row,
                    partial=True,
                    origin=msg("item.tactic", tactic=label),
                )
            )

    def _read_technique(self, stix_id: str, obj: dict[str, Any]) -> None:
        disarm_id = _external_id(obj, TECHNIQUE_ID)
        name = obj.get("name")
        if disarm_id is None:
            self.unreadable_techniques += 1
            label = f"{stix_id} ({name})" if isinstance(name, str) and name else stix_id
            self.problem(
                label,
                "external_references[].external_id",
                _ids_given(obj),
                msg("expected.disarm_technique_id"),
            )
            return
        label = f"{disarm_id} ({stix_id})"
        if disarm_id in self.seen_ids:
            expected = msg("expected.unique_id")
            self.problem(label, "external_references[].external_id", disarm_id, expected)
            return
        self.seen_ids.add(disarm_id)
        if not isinstance(name, str) or not name.strip():
            self.problem(label, "name", name, msg("expected.technique_name"))
            return
        tactic_id = self._tactic_of(label, obj)
        if tactic_id is None:
            return
        description = obj.get("description")
        row: dict[str, object] = {
            "disarm_id": disarm_id,
            "name": name.strip(),
            "tactic_id": tactic_id,
            "parent_id": None,
            "description": description.strip()
            if isinstance(description, str) and description.strip()
            else None,
            "retired": bool(obj.get("revoked") or obj.get("x_mitre_deprecated")),
        }
        self.technique_ids_by_ref[stix_id] = disarm_id
        self.techniques.append(_Technique(disarm_id, label, row, "." in disarm_id))

    def _tactic_of(self, label: str, obj: dict[str, Any]) -> str | None:
        phases = obj.get("kill_chain_phases")
        names = [
            phase.get("phase_name")
            for phase in (phases if isinstance(phases, list) else [])
            if isinstance(phase, dict)
        ]
        for phase_name in names:
            if phase_name in self.tactic_by_shortname:
                return self.tactic_by_shortname[phase_name]
        known = sorted(self.tactic_by_shortname)
        self.problem(
            label,
            "kill_chain_phases[].phase_name",
            names[0] if names else None,
            msg("expected.tactic_shortname", known=known),
        )
        return None

    def add_entities(self) -> None:
        """Technique entities (with their parents) after the tactics; problems for bad parents."""
        parents: dict[str, str] = {}
        for stix_id, relation in self.by_type.get(SUBTECHNIQUE_OF, []):
            child = self.technique_ids_by_ref.get(str(relation.get("source_ref")))
            parent = self.technique_ids_by_ref.get(str(relation.get("target_ref")))
            if child is not None and parent is not None:
                parents[child] = parent
            elif child is not None:
                target = relation.get("target_ref")
                self.problem(stix_id, "target_ref", target, msg("expected.bundle_technique"))
        known = {technique.disarm_id for technique in self.techniques}
        for technique in self.techniques:
            parent_id = parents.get(technique.disarm_id)
            if parent_id is None and technique.subtechnique:
                parent_id = technique.disarm_id.split(".")[0]
                if parent_id not in known:
                    self.problem(
                        technique.label,
                        "subtechnique-of",
                        parent_id,
                        msg("expected.parent_technique"),
                    )
                    continue
            technique.row["parent_id"] = parent_id
            self.batch.entities.append(
                Entity(
                    "disarm_technique", technique.disarm_id, technique.row, origin=technique.label
                )
            )
        self.batch.entities[:0] = self.tactic_entities


def _external_id(obj: dict[str, Any], pattern: re.Pattern[str]) -> str | None:
    """The first external_id matching `pattern`, whatever its source_name."""
    for given in _external_ids(obj):
        if pattern.fullmatch(given):
            return given
    return None


def _external_ids(obj: dict[str, Any]) -> list[str]:
    references = obj.get("external_references")
    if not isinstance(references, list):
        return []
    return [
        str(reference["external_id"])
        for reference in references
        if isinstance(reference, dict) and reference.get("external_id") not in (None, "")
    ]


def _ids_given(obj: dict[str, Any]) -> str | None:
    ids = _external_ids(obj)
    return ", ".join(ids) if ids else None


def _version(matrix: dict[str, Any] | None, techniques: list[dict[str, Any]], stored: str) -> str:
    """A one-line version text: the matrix's name, its x_mitre_version if any, and its date.

    DISARM's bundle names no framework version. When the stored version text names the same
    matrix date, it describes the same release and is kept (it carries the version number).
    """
    matrix = matrix or {}
    name = matrix.get("name") if isinstance(matrix.get("name"), str) else None
    number = matrix.get("x_mitre_version")
    stamps: Sequence[object] = [matrix.get("modified"), matrix.get("created")]
    if not matrix:
        stamps = sorted((str(t.get("modified") or "") for t in techniques), reverse=True)
    date = next((str(stamp)[:10] for stamp in stamps if stamp), "")
    text = (name or "DISARM framework").strip()
    if isinstance(number, str | int | float) and str(number).strip():
        return text + f" v{str(number).strip()}" + (f" (STIX bundle dated {date})" if date else "")
    if date and date in stored:
        return stored
    return text + (f" (STIX bundle dated {date})" if date else " (STIX bundle)")


def _retire(
    batch: Batch,
    reader: _Reader,
    facts: WarehouseFacts,
    version: str,
    tagged: Mapping[str, int] | None,
) -> None:
    """Retire stored ids the bundle lacks (partial entities); report them and ids brought back."""
    if reader.unreadable_techniques:
        batch.notes.append(msg("note.nothing_retired", count=reader.unreadable_techniques))
        return
    retired = sorted(facts.technique_ids - reader.seen_ids)
    for disarm_id in retired:
        batch.entities.append(
            Entity(
                "disarm_technique",
                disarm_id,
                {"disarm_id": disarm_id, "retired": True},
                partial=True,
                origin=msg("item.not_in_bundle", id=disarm_id),
            )
        )
    if retired:
        ids: list[str] | list[Message]
        if tagged is None:
            ids, kept = retired, msg("note.retired_kept")
        else:
            ids = [
                msg("note.retired_id", id=i, incidents=msg("incidents", count=tagged.get(i, 0)))
                for i in retired
            ]
            total = sum(tagged.get(i, 0) for i in retired)
            kept = msg("note.retired_kept_counted", count=total)
        batch.notes.append(
            msg("note.retired", count=len(retired), version=version, ids=ids, kept=kept)
        )
    restored = sorted(
        facts.retired_technique_ids
        & {e.key for e in batch.entities if e.row.get("retired") is False}
    )
    if restored:
        batch.notes.append(msg("note.restored", count=len(restored), version=version, ids=restored))
