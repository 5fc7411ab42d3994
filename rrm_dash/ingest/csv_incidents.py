"""Parse and check a CSV incident import against the template, without writing anything."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Set
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
    ParseResult,
    RowProblem,
    header_problems,
    split_cell,
    suggest,
)
from rrm_dash.ingest.messages import Message, msg, one_of

__all__ = ["IncidentRecord", "ParseResult", "RowProblem", "parse_incident_csv"]

DISARM_ID = re.compile(r"T\d{4}(\.\d{3})?")
COUNTRY_CODE = re.compile(r"[A-Z]{2}")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ORIGINATOR = "originator_member"
#: The largest whole number the warehouse stores (BIGINT).
MAX_INTEGER = 2**63 - 1
#: Rows between two progress reports.
PROGRESS_EVERY = 5_000
TIMESTAMP_ORDER = ("assessed_at", "notified_at", "published_at")
#: Columns holding ids of rows that must already be stored, and what is expected there.
STORED_ID_KINDS = {
    "actors": msg("expected.stored_actor"),
    "narratives": msg("expected.stored_narrative"),
    "election_id": msg("expected.stored_election"),
}


class _RowChecker:
    """Reads one row's cells into typed values, collecting problems instead of raising."""

    def __init__(self, parser: _Parser, row: int) -> None:
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
        except ValueError:
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

    def items(self, column: Column, cell: str) -> list[str]:
        checked: list[str | None] = []
        for item in split_cell(cell):
            if column.kind is Kind.MEMBERS:
                checked.append(self.member(column.name, item))
            elif column.kind is Kind.COUNTRIES:
                checked.append(self.country(column.name, item))
            elif column.kind is Kind.TECHNIQUES:
                checked.append(self.technique(column.name, item))
            elif column.kind is Kind.CODES and column.vocabulary:
                checked.append(self.code(column.name, item, column.vocabulary))
            elif column.kind is Kind.IDS:
                checked.append(self.stored_id(column.name, item))
            elif column.kind is Kind.URLS and not item.lower().startswith(("http://", "https://")):
                self.problem(column.name, item, msg("expected.url"))
            else:
                checked.append(item)
        return list(dict.fromkeys(item for item in checked if item is not None))


@dataclass
class _Parser:
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

    def _withheld(self, name: str, cells: Mapping[str, str]) -> bool:
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
        checker = _RowChecker(self, row)
        values: dict[str, object] = {}
        lists: dict[str, list[str]] = {}
        for name, cell in cells.items():
            column = BY_NAME[name]
            if name in LINK_COLUMNS or column.kind is Kind.MEMBERS:
                lists[name] = checker.items(column, cell)
            elif not cell:
                if column.required and not self._withheld(name, cells):
                    expected = msg("expected.required_value", kind=KIND_MESSAGES[column.kind])
                    checker.problem(name, cell, expected)
                values[name] = self.withheld_originator if name == ORIGINATOR else column.default
            elif name in STORED_ID_KINDS:
                values[name] = checker.stored_id(name, cell)
            else:
                values[name] = checker.scalar(column, cell)
        for name in BY_NAME:
            values.setdefault(name, BY_NAME[name].default)
        self._cross_checks(checker, values, cells)
        incident = {k: v for k, v in values.items() if k not in LINK_COLUMNS}
        incident["releasable_to"] = lists.get("releasable_to", [])
        return IncidentRecord(row, incident, self._links(values, lists)), checker.problems

    def _cross_checks(
        self, checker: _RowChecker, values: dict[str, object], cells: Mapping[str, str]
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


def _decode(data: bytes, file_name: str) -> tuple[str | None, RowProblem | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        position = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data[:position].count(b"\n") + 1
        value = data[position : position + 4].hex(" ")
        expected = msg("expected.utf8_at_position", position=position, line=line)
        return None, RowProblem(file_name, line, None, value, expected)


def parse_incident_csv(
    data: bytes,
    file_name: str,
    vocabularies: Mapping[str, Set[str]],
    technique_ids: Set[str],
    member_codes: Set[str],
    *,
    threat_heading: Mapping[str, str] | None = None,
    retired_technique_ids: Set[str] = frozenset(),
    country_codes: Set[str] | None = None,
    disarm_version: str = "",
    stored_ids: Mapping[str, Set[str]] | None = None,
    progress: Callable[[float], None] | None = None,
    withheld_originator: str | None = None,
) -> ParseResult:
    """Check every row of a CSV incident file; bad content becomes problems, never exceptions.

    `stored_ids` maps "actors", "narratives" and "election_id" to the ids stored in the
    warehouse; a column without an entry is not checked against it. `progress` is called
    with the share of rows read so far, every few thousand rows. `withheld_originator` is
    recorded for Chatham House rows whose originator_member is empty (an export by a viewer
    the rule hid it from); without it such rows are rejected like any missing value.
    """
    result = ParseResult()
    text, problem = _decode(data, file_name)
    if text is None or problem is not None:
        result.problems.extend([problem] if problem else [])
        return result
    checks = (vocabularies, technique_ids, member_codes, threat_heading, retired_technique_ids)
    parser = _Parser(
        file_name, *checks, country_codes, disarm_version, stored_ids or {}, withheld_originator
    )
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        expected = msg("expected.valid_csv", error=error)
        result.problems.append(RowProblem(file_name, 1, None, None, expected))
        return result
    if not rows:
        result.problems.append(RowProblem(file_name, 1, None, "", msg("expected.header_row")))
        return result
    header = [name.strip() for name in rows[0]]
    result.problems.extend(header_problems(header, file_name))
    if result.problems:
        return result
    seen_ids: dict[str, int] = {}
    total = max(len(rows) - 1, 1)
    for number, cells in enumerate(rows[1:], start=2):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number / total)
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            expected = msg("expected.cell_count", cells=len(header), found=len(cells))
            result.problems.append(RowProblem(file_name, number, None, None, expected))
            continue
        record, problems = parser.record(
            number, {h: c.strip() for h, c in zip(header, cells, strict=True)}
        )
        iid = str(record.incident["incident_id"] or "")
        if iid and iid in seen_ids:
            expected = msg("expected.unique_incident_id", row=seen_ids[iid])
            problems.append(RowProblem(file_name, number, "incident_id", iid, expected))
        seen_ids.setdefault(iid, number)
        result.problems.extend(problems)
        if not problems:
            result.records.append(record)
    return result
