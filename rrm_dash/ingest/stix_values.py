"""Read the values of STIX objects: timestamps, dates, lists, external references, and our
x_rrm_<column> properties checked against the CSV template's columns, problems collected."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from rrm_dash.ingest.batch import ObjectProblem
from rrm_dash.ingest.bundle_json import short
from rrm_dash.ingest.csv_template import FALSE_WORDS, TRUE_WORDS, Column, Kind, suggest
from rrm_dash.ingest.facts import WarehouseFacts
from rrm_dash.ingest.messages import Message, msg, one_of
from rrm_dash.ingest.stix_markings import tlp_level

#: Prefix of our custom properties: x_rrm_<column>.
PREFIX = "x_rrm_"


def read_moment(value: object) -> datetime | None:
    """A STIX timestamp as a naive UTC datetime (None when it is not one)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        # Some producers write more than six fractional digits.
        trimmed = re.sub(r"(\.\d{6})\d+", r"\1", text)
        try:
            moment = datetime.fromisoformat(trimmed)
        except ValueError:
            return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def read_day(value: object) -> date | None:
    """A date (YYYY-MM-DD), or the day of a STIX timestamp; None when it is neither."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    moment = read_moment(value)
    return moment.date() if moment else None


def read_items(value: object) -> list[str] | None:
    """A list property as trimmed strings (a ;-separated string is accepted); None if unusable."""
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None
    return list(dict.fromkeys(item.strip() for item in value if item.strip()))


def external_references(obj: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The object's external references that are JSON objects (others are ignored)."""
    given = obj.get("external_references")
    return [ref for ref in given if isinstance(ref, dict)] if isinstance(given, list) else []


@dataclass
class Checked:
    """Values read from one object of `file_name`, with the problems found on the way."""

    file_name: str
    facts: WarehouseFacts
    stix_id: str
    problems: list[ObjectProblem] = field(default_factory=list)

    def problem(
        self, path: str | None, value: object, expected: Message, hint: str | None = None
    ) -> None:
        shown = None if value is None else short(value)
        self.problems.append(
            ObjectProblem(self.file_name, self.stix_id, path, shown, expected, hint)
        )

    def code(self, path: str, value: object, vocabulary: str) -> str | None:
        codes = self.facts.vocabularies.get(vocabulary, frozenset())
        text = str(value).strip() if isinstance(value, str | int) else None
        for code in codes:
            if text is not None and code.lower() == text.lower():
                return code
        hint = suggest(text, set(codes)) if text else None
        expected = msg("expected.vocabulary_code", vocabulary=vocabulary, choices=one_of(codes))
        self.problem(path, value, expected, hint)
        return None

    def member(self, path: str, value: object) -> str | None:
        members = self.facts.member_codes
        if isinstance(value, str) and value.strip().upper() in members:
            return value.strip().upper()
        hint = suggest(value, set(members)) if isinstance(value, str) else None
        self.problem(path, value, msg("expected.member_code", choices=one_of(members)), hint)
        return None

    def column(self, column: Column, value: object) -> object:
        """A template column's value from its x_rrm property (JSON types or text)."""
        path = PREFIX + column.name
        kind = column.kind
        if kind is Kind.TEXT:
            if isinstance(value, str) and value.strip():
                return value.strip()
            self.problem(path, value, msg("expected.non_empty_text"))
        elif kind is Kind.DATE:
            day = read_day(value)
            if day is not None:
                return day
            self.problem(path, value, msg("expected.date"))
        elif kind is Kind.TIMESTAMP:
            moment = read_moment(value)
            if moment is not None:
                return moment
            self.problem(path, value, msg("expected.timestamp"))
        elif kind is Kind.INTEGER:
            return self._integer(column, value)
        elif kind is Kind.BOOLEAN:
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
                return value.strip().lower() in TRUE_WORDS
            self.problem(path, value, msg("expected.true_or_false"))
        elif kind is Kind.CODE and column.vocabulary:
            return self.code(path, value, column.vocabulary)
        elif kind is Kind.MARKING:
            level = tlp_level(value)
            if level is not None:
                return level
            self.problem(path, value, msg("expected.tlp_level"))
        elif kind is Kind.MEMBER:
            return self.member(path, value)
        elif kind is Kind.MEMBERS:
            items = read_items(value)
            if items is None:
                self.problem(path, value, msg("expected.member_list"))
                return None
            members = [self.member(path, item) for item in items]
            return [member for member in members if member is not None]
        return None

    def _integer(self, column: Column, value: object) -> int | None:
        path = PREFIX + column.name
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and value.strip().isdigit():
            number = int(value.strip())
        codes = self.facts.vocabularies.get(column.vocabulary or "", frozenset())
        if number is None or number < 0 or (column.vocabulary and str(number) not in codes):
            expected = msg("expected.whole_number")
            if column.vocabulary:
                expected = msg("expected.with_choices", what=expected, choices=one_of(codes))
            self.problem(path, value, expected)
            return None
        return number
