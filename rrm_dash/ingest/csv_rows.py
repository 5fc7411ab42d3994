"""One CSV row checked cell by cell in Python: the template's rules, with each problem's details.

The column checks (`csv_columns`) decide in bulk which rows are sound; only the rows they flag
come here, so every problem a user reads is built by these rules, in their words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from rrm_dash.access import COORDINATION_UNIT, TLP_LEVELS, normalise_marking
from rrm_dash.ingest.csv_template import (
    BY_NAME,
    DEFAULT_SOURCE_CATEGORY,
    FALSE_WORDS,
    KIND_MESSAGES,
    LINK_COLUMNS,
    TRUE_WORDS,
    Column,
    IncidentRecord,
    Kind,
    RowProblem,
    split_cell,
    suggest,
)
from rrm_dash.ingest.messages import Message, msg, one_of

DISARM_ID = re.compile(r"T\d{4}(\.\d{3})?")
COUNTRY_CODE = re.compile(r"[A-Z]{2}")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ORIGINATOR = "originator_member"
#: The largest whole number the warehouse stores (BIGINT).
MAX_INTEGER = 2**63 - 1
TIMESTAMP_ORDER = ("assessed_at", "notified_at", "published_at")
#: Columns holding ids of rows that must already be stored, and what is expected there.
STORED_ID_KINDS = {
    "actors": msg("expected.stored_actor"),
    "narratives": msg("expected.stored_narrative"),
    "election_id": msg("expected.stored_election"),
}


class RowChecker:
    """Reads one row's cells into typed values, collecting problems instead of raising."""

    def __init__(self, parser: RowParser, row: int) -> None:
        self.parser, self.row = parser, row
        self.problems: list[RowProblem] = []

    def problem(self, column: str, value: str, expected: Message, hint: str | None = None) -> None:
        self.problems.append(
            RowProblem(self.parser.file_name, self.row, column, value, expected, hint)
        )

    def code(self, column: str, value: str, vocabulary: str) -> str | None:
        found = self.parser.lowered(vocabulary).get(value.lower())
        if found is not None:
            return found
        codes = self.parser.vocabularies.get(vocabulary, frozenset())
        expected = msg("expected.vocabulary_code", vocabulary=vocabulary, choices=one_of(codes))
        self.problem(column, value, expected, suggest(value, codes))
        return None

    def member(self, column: str, value: str) -> str | None:
        members = self.parser.member_codes | {COORDINATION_UNIT}
        if value.upper() in members:
            return value.upper()
        expected = msg("expected.member_code", choices=one_of(members))
        self.problem(column, value, expected, suggest(value, members))
        return None

    def country(self, column: str, value: str) -> str | None:
        code = value.upper()
        known = self.parser.country_codes
        ok = code in self.parser.member_codes or (
            code in known if known is not None else bool(COUNTRY_CODE.fullmatch(code))
        )
        if ok:
            return code
        self.problem(column, value, msg("expected.country_code"))
        return None

    def technique(self, column: str, value: str) -> str | None:
        code = value.upper()
        if not DISARM_ID.fullmatch(code):
            self.problem(column, value, msg("expected.technique_id"))
        elif code in self.parser.retired_ids:
            self.problem(column, value, msg("expected.current_technique_id"))
        elif code not in self.parser.technique_ids:
            expected = msg("expected.reference_technique_id", version=self.parser.version)
            self.problem(column, value, expected, suggest(code, self.parser.technique_ids))
        else:
            return code
        return None

    def stored_id(self, column: str, value: str) -> str | None:
        """An id that must name a row already in the warehouse (when the parser knows them)."""
        known = self.parser.stored_ids.get(column)
        if known is None or value in known:
            return value
        self.problem(column, value, STORED_ID_KINDS[column], suggest(value, known))
        return None

    def marking(self, column: str, value: str) -> str | None:
        level = normalise_marking(value)
        spelled = value.strip().upper().replace(" ", "").removeprefix("TLP:").removeprefix("TLP")
        if level != "RED" or spelled == "RED":
            return level
        self.problem(column, value, msg("expected.tlp_marking", choices=one_of(TLP_LEVELS)))
        return None

    def scalar(self, column: Column, value: str) -> object:
        kind = column.kind
        try:
            if kind is Kind.DATE:
                if not ISO_DATE.fullmatch(value):
                    raise ValueError(value)
                return date.fromisoformat(value)
            if kind is Kind.TIMESTAMP:
                moment = datetime.fromisoformat(value)
                if moment.tzinfo is not None:
                    moment = moment.astimezone(UTC).replace(tzinfo=None)
                return moment
            if kind is Kind.INTEGER:
                number = int(value)
                if not 0 <= number <= MAX_INTEGER or (
                    column.vocabulary and value not in self._codes(column)
                ):
                    raise ValueError(value)
                return number
        except (ValueError, OverflowError):
            whole = msg("expected.whole_number_up_to", maximum=MAX_INTEGER)
            expected = KIND_MESSAGES[kind] if kind is not Kind.INTEGER else whole
            if column.vocabulary:
                choices = one_of(self._codes(column))
                expected = msg("expected.with_choices", what=expected, choices=choices)
            self.problem(column.name, value, expected)
            return None
        if kind is Kind.BOOLEAN:
            if value.lower() in TRUE_WORDS | FALSE_WORDS:
                return value.lower() in TRUE_WORDS
            self.problem(column.name, value, KIND_MESSAGES[Kind.BOOLEAN])
            return None
        if kind is Kind.CODE and column.vocabulary:
            return self.code(column.name, value, column.vocabulary)
        if kind is Kind.MARKING:
            return self.marking(column.name, value)
        if kind is Kind.MEMBER:
            return self.member(column.name, value)
        return value

    def _codes(self, column: Column) -> Set[str]:
        return self.parser.vocabularies.get(column.vocabulary or "", frozenset())

    def item(self, column: Column, item: str) -> str | None:
        """One item of a list cell, as stored (None, with a problem, when it is wrong)."""
        if column.kind is Kind.MEMBERS:
            return self.member(column.name, item)
        if column.kind is Kind.COUNTRIES:
            return self.country(column.name, item)
        if column.kind is Kind.TECHNIQUES:
            return self.technique(column.name, item)
        if column.kind is Kind.CODES and column.vocabulary:
            return self.code(column.name, item, column.vocabulary)
        if column.kind is Kind.IDS:
            return self.stored_id(column.name, item)
        if column.kind is Kind.URLS and not item.lower().startswith(("http://", "https://")):
            self.problem(column.name, item, msg("expected.url"))
            return None
        return item

    def items(self, column: Column, cell: str) -> list[str]:
        checked = [self.item(column, item) for item in split_cell(cell)]
        return list(dict.fromkeys(item for item in checked if item is not None))

    def cell(self, column: Column, cell: str) -> object:
        """A cell of a column that is not a list, typed (its default when empty); a problem
        when it is wrong or a required cell is empty (an empty originator_member is checked
        by `RowParser.record`, which sees the row's chatham_house)."""
        if not cell:
            if column.required and column.name != ORIGINATOR:
                expected = msg("expected.required_value", kind=KIND_MESSAGES[column.kind])
                self.problem(column.name, cell, expected)
            return self.parser.withheld_originator if column.name == ORIGINATOR else column.default
        if column.name in STORED_ID_KINDS:
            return self.stored_id(column.name, cell)
        return self.scalar(column, cell)


@dataclass
class RowParser:
    """What a file is checked against (the snapshot's vocabularies and ids), and how one row
    becomes an incident record with its problems."""

    file_name: str
    vocabularies: Mapping[str, Set[str]]
    technique_ids: Set[str]
    member_codes: Set[str]
    threat_heading: Mapping[str, str] | None
    retired_ids: Set[str]
    country_codes: Set[str] | None
    version: str
    stored_ids: Mapping[str, Set[str]]
    withheld_originator: str | None
    _lowered: dict[str, dict[str, str]] = field(default_factory=dict)

    def withheld(self, name: str, cells: Mapping[str, str]) -> bool:
        """An originator left empty under the Chatham House Rule (as exports write it), when
        the import says whom to record instead."""
        chatham = cells.get("chatham_house", "").lower() in TRUE_WORDS
        return name == ORIGINATOR and chatham and self.withheld_originator is not None

    def lowered(self, vocabulary: str) -> dict[str, str]:
        """The vocabulary's codes by their lower-case spelling (codes are matched in any case)."""
        if vocabulary not in self._lowered:
            codes = self.vocabularies.get(vocabulary, frozenset())
            self._lowered[vocabulary] = {code.lower(): code for code in codes}
        return self._lowered[vocabulary]

    def record(self, row: int, cells: Mapping[str, str]) -> tuple[IncidentRecord, list[RowProblem]]:
        """Row `row` (its trimmed cells by column name) as a record, and its problems."""
        checker = RowChecker(self, row)
        values: dict[str, object] = {}
        lists: dict[str, list[str]] = {}
        for name, cell in cells.items():
            column = BY_NAME[name]
            if name in LINK_COLUMNS or column.kind is Kind.MEMBERS:
                lists[name] = checker.items(column, cell)
                continue
            if name == ORIGINATOR and not cell and not self.withheld(name, cells):
                expected = msg("expected.required_value", kind=KIND_MESSAGES[column.kind])
                checker.problem(name, cell, expected)
            values[name] = checker.cell(column, cell)
        for name in BY_NAME:
            values.setdefault(name, BY_NAME[name].default)
        self._cross_checks(checker, values, cells)
        incident = {k: v for k, v in values.items() if k not in LINK_COLUMNS}
        incident["releasable_to"] = lists.get("releasable_to", [])
        return IncidentRecord(row, incident, self._links(values, lists)), checker.problems

    def _cross_checks(
        self, checker: RowChecker, values: dict[str, object], cells: Mapping[str, str]
    ) -> None:
        heading, threat = values.get("heading"), values.get("threat_type")
        if self.threat_heading and isinstance(heading, str) and isinstance(threat, str):
            parent = self.threat_heading.get(threat)
            if parent is not None and parent != heading:
                same = sorted(t for t, h in self.threat_heading.items() if h == heading)
                expected = msg("expected.heading_threat_type", heading=heading, types=same)
                checker.problem("threat_type", cells["threat_type"], expected)
        if values.get("tnr_vector") and heading not in (None, "HRF"):
            checker.problem("tnr_vector", cells["tnr_vector"], msg("expected.empty_tnr_vector"))
        first, last = values.get("first_activity"), values.get("last_activity")
        if isinstance(first, date) and isinstance(last, date) and last < first:
            expected = msg("expected.date_from", first=first.isoformat())
            checker.problem("last_activity", cells["last_activity"], expected)
        detected = values.get("detected_at")
        for name in TIMESTAMP_ORDER:
            moment = values.get(name)
            if (
                isinstance(detected, datetime)
                and isinstance(moment, datetime)
                and moment < detected
            ):
                expected = msg("expected.not_before_detection", detected=detected.isoformat())
                checker.problem(name, cells[name], expected)

    def _links(
        self, values: Mapping[str, object], lists: Mapping[str, list[str]]
    ) -> dict[str, list[dict[str, object]]]:
        iid = values["incident_id"]

        def rows(column: str, key: str, **extra: object) -> list[dict[str, object]]:
            return [{"incident_id": iid, key: item, **extra} for item in lists.get(column, [])]

        return {
            "incident_country": rows("targeted_countries", "country_code", role="targeted")
            + rows("origin_countries", "country_code", role="origin"),
            "incident_technique": rows("techniques", "disarm_id", disarm_version=self.version),
            "incident_actor": rows("actors", "actor_id", role="perpetrator"),
            "incident_platform": rows("platforms", "platform", channel_id=None),
            "incident_narrative": rows("narratives", "narrative_id"),
            "incident_source": rows(
                "source_urls", "url", source_category=DEFAULT_SOURCE_CATEGORY, is_claim=False
            ),
        }
