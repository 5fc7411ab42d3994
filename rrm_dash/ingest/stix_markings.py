"""What the markings of a STIX 2.1 object mean for the warehouse: its TLP level, PAP and Chatham
House flag.

Recognised by id: the four TLP 1.0 marking-definitions (the stix2 library's TLP_WHITE/GREEN/
AMBER/RED; WHITE is read as CLEAR), the five TLP 2.0 ones of OASIS cti-stix-common-objects, and
OpenCTI's fixed id for TLP:AMBER+STRICT (which TLP 1.0 lacks). A definition given in the TLP 2.0
extension form (extension-definition--60a3c5c5-…, `tlp_2_0`) is read whatever its id. A
standard id whose definition in the bundle claims another level, a `tlp` definition under a
non-standard id, a definition that only names itself TLP, and any reference to an unknown
marking are read as the most restrictive level (TLP:RED), with a note. Statement markings that
say PAP:<level> or TLP:EX:CHR (as MISP writes its tags) set PAP and the Chatham House flag;
other statements (copyright, licence) do not restrict sharing and are not used. An object takes
the most restrictive TLP level among its object_marking_refs and granular_markings; an object
with no TLP marking at all is read as DEFAULT_TLP.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stix2 import TLP_AMBER, TLP_GREEN, TLP_RED, TLP_WHITE

from rrm_dash.access import MOST_RESTRICTIVE, TLP_RANK
from rrm_dash.ingest.messages import Message, msg

#: The TLP 2.0 extension definition (OASIS cti-stix-common-objects).
TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP2_CREATED = "2022-10-01T00:00:00.000Z"
#: TLP level → the standard TLP 2.0 marking-definition id.
TLP2_IDS: dict[str, str] = {
    "CLEAR": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "GREEN": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "AMBER": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "AMBER+STRICT": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "RED": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
#: TLP 1.0 marking-definition id → TLP level (WHITE is TLP 2.0's CLEAR).
TLP1_LEVELS: dict[str, str] = {
    TLP_WHITE.id: "CLEAR",
    TLP_GREEN.id: "GREEN",
    TLP_AMBER.id: "AMBER",
    TLP_RED.id: "RED",
}
#: OpenCTI's fixed id for TLP:AMBER+STRICT, used beside the TLP 1.0 ids.
OPENCTI_AMBER_STRICT = "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37"
#: Every marking-definition id read as a TLP level by its id alone.
STANDARD_LEVELS: dict[str, str] = {
    **{marking_id: level for level, marking_id in TLP2_IDS.items()},
    **TLP1_LEVELS,
    OPENCTI_AMBER_STRICT: "AMBER+STRICT",
}
#: The level of an object that carries no TLP marking at all.
DEFAULT_TLP = "AMBER"
PAP_LEVELS = ("CLEAR", "GREEN", "AMBER", "RED")

_PAP_STATEMENT = re.compile(r"^\s*pap\s*:\s*(clear|white|green|amber|red)\s*$", re.IGNORECASE)
_CHATHAM_STATEMENT = re.compile(r"^\s*tlp\s*:\s*ex\s*:\s*chr\s*$", re.IGNORECASE)


def tlp2_definition(level: str) -> dict[str, object]:
    """The standard TLP 2.0 marking-definition object of `level`, as OASIS publishes it."""
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP2_IDS[level],
        "created": TLP2_CREATED,
        "name": f"TLP:{level}",
        "extensions": {
            TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level.lower()}
        },
    }


def tlp_level(text: object) -> str | None:
    """A TLP level from a TLP value as producers spell it ("amber+strict", "TLP:WHITE"), or None."""
    if not isinstance(text, str):
        return None
    spelled = text.strip().upper().replace(" ", "").removeprefix("TLP:").removeprefix("TLP")
    spelled = {"WHITE": "CLEAR", "AMBER-STRICT": "AMBER+STRICT"}.get(spelled, spelled)
    return spelled if spelled in TLP_RANK else None


def most_restrictive(levels: list[str]) -> str:
    return max(levels, key=TLP_RANK.__getitem__)


@dataclass(frozen=True)
class MarkingMeaning:
    """What one marking-definition means: a TLP level, a PAP level, the Chatham House Rule, or
    nothing about sharing (`tlp` None); `note` says why it was read so when that needs telling."""

    tlp: str | None = None
    pap: str | None = None
    chatham_house: bool = False
    note: Message | None = None


@dataclass(frozen=True)
class ObjectMarking:
    """The markings one object ends up with."""

    tlp: str
    pap: str | None
    chatham_house: bool
    #: No TLP marking at all: `tlp` is DEFAULT_TLP.
    defaulted: bool


@dataclass
class MarkingResolver:
    """Reads the markings of a bundle's objects against the bundle's marking-definitions."""

    #: marking-definition id → the definition object the bundle gives.
    definitions: Mapping[str, Mapping[str, Any]]
    #: marking id → the note explaining how it was read (once per marking, for the report).
    notes: dict[str, Message] = field(default_factory=dict)
    _cache: dict[str, MarkingMeaning] = field(default_factory=dict)

    def meaning(self, ref: str) -> MarkingMeaning:
        """What the marking `ref` means (notes are kept in `notes`)."""
        if ref not in self._cache:
            meaning = _meaning(ref, self.definitions.get(ref))
            if meaning.note:
                self.notes.setdefault(ref, meaning.note)
            self._cache[ref] = meaning
        return self._cache[ref]

    def of(self, obj: Mapping[str, Any]) -> ObjectMarking:
        """The TLP level (the most restrictive of the object and granular markings), PAP and
        Chatham House flag of `obj`."""
        meanings = [self.meaning(ref) for ref in marking_refs(obj)]
        levels = [m.tlp for m in meanings if m.tlp is not None]
        paps = [m.pap for m in meanings if m.pap is not None]
        return ObjectMarking(
            tlp=most_restrictive(levels) if levels else DEFAULT_TLP,
            pap=max(paps, key=PAP_LEVELS.index) if paps else None,
            chatham_house=any(m.chatham_house for m in meanings),
            defaulted=not levels,
        )


def marking_refs(obj: Mapping[str, Any]) -> list[str]:
    """Every marking an object names, at object level and in its granular markings. A value that
    is not an id is kept as given (it resolves to an unknown marking, hence TLP:RED)."""
    given = obj.get("object_marking_refs")
    refs: list[object] = (
        list(given) if isinstance(given, list) else [] if given is None else [given]
    )
    granular = obj.get("granular_markings")
    for marking in granular if isinstance(granular, list) else []:
        if isinstance(marking, dict) and "marking_ref" in marking:
            refs.append(marking["marking_ref"])
    return list(dict.fromkeys(ref if isinstance(ref, str) else repr(ref) for ref in refs))


def _meaning(ref: str, definition: Mapping[str, Any] | None) -> MarkingMeaning:
    if ref in STANDARD_LEVELS:
        level = STANDARD_LEVELS[ref]
        claimed = _claimed_level(definition) if definition is not None else None
        if claimed is not None and claimed != level:
            return _red(ref, msg("marking.why.standard_id", level=level, claimed=claimed))
        return MarkingMeaning(tlp=level)
    if definition is None:
        return _red(ref, msg("marking.why.undefined"))
    extension = _extension_value(definition)
    if extension is not None:
        extended = tlp_level(extension)
        if extended is None:
            return _red(ref, msg("marking.why.extension_level", level=repr(extension)))
        return MarkingMeaning(tlp=extended)
    kind = str(definition.get("definition_type", "")).strip().lower()
    if kind == "tlp":
        claimed = _claimed_level(definition)
        return _red(ref, msg("marking.why.non_standard_id", claimed=claimed or "?"))
    if kind == "pap":
        pap = _pap_level(_definition_text(definition))
        return MarkingMeaning(pap=pap) if pap else _red(ref, msg("marking.why.pap_level"))
    if kind == "statement":
        return _statement(ref, _definition_text(definition))
    if _names_tlp(definition):
        return _red(ref, msg("marking.why.named_tlp"))
    shown = repr(kind) if kind else msg("marking.no_type")
    return _red(ref, msg("marking.why.definition_type", type=shown))


def _statement(ref: str, text: str) -> MarkingMeaning:
    """A statement marking: PAP or Chatham House as MISP writes them, a TLP look-alike (RED), or a
    statement that says nothing about sharing (not used)."""
    pap = _pap_level(text)
    if pap:
        return MarkingMeaning(pap=pap)
    if _CHATHAM_STATEMENT.match(text):
        return MarkingMeaning(chatham_house=True)
    if "tlp" in text.lower():
        return _red(ref, msg("marking.why.statement_tlp", statement=repr(text)))
    shown = text if len(text) <= 60 else text[:59] + "…"
    return MarkingMeaning(note=msg("marking.statement_unused", ref=ref, statement=repr(shown)))


def _red(ref: str, why: Message) -> MarkingMeaning:
    return MarkingMeaning(
        tlp=MOST_RESTRICTIVE,
        note=msg("marking.read_as_red", ref=ref, level=MOST_RESTRICTIVE, why=why),
    )


def _extension_value(definition: Mapping[str, Any]) -> str | None:
    extensions = definition.get("extensions")
    extension = extensions.get(TLP2_EXTENSION) if isinstance(extensions, dict) else None
    if not isinstance(extension, dict):
        return None
    value = extension.get("tlp_2_0")
    return str(value) if value is not None else ""


def _definition_text(definition: Mapping[str, Any]) -> str:
    """The value inside `definition` ({"tlp": "green"}, {"statement": "..."}, {"TLP": "TLP:RED"})."""
    inner = definition.get("definition")
    if isinstance(inner, dict):
        values = [value for value in inner.values() if isinstance(value, str)]
        return values[0] if values else ""
    return inner if isinstance(inner, str) else ""


def _claimed_level(definition: Mapping[str, Any]) -> str | None:
    """The TLP level a definition claims, by its extension, its definition or its name."""
    extension = _extension_value(definition)
    for text in (extension, _definition_text(definition), definition.get("name")):
        level = tlp_level(text)
        if level is not None:
            return level
    return None


def _names_tlp(definition: Mapping[str, Any]) -> bool:
    name = definition.get("name")
    texts = [name if isinstance(name, str) else "", _definition_text(definition)]
    return any("tlp" in text.lower() for text in texts)


def _pap_level(text: str) -> str | None:
    match = _PAP_STATEMENT.match(text)
    if not match:
        return None
    level = match.group(1).upper()
    return "CLEAR" if level == "WHITE" else level
