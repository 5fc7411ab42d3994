"""The columns of the CSV incident import template (documented in docs/import-formats.md)."""

from __future__ import annotations

import difflib
from collections.abc import Set
from dataclasses import dataclass, field
from enum import StrEnum

from rrm_dash.ingest import messages
from rrm_dash.ingest.messages import Message, Text, msg, problem_message


class Kind(StrEnum):
    """How a cell is read and checked (the value describes it in English; KIND_MESSAGES in any
    language)."""

    TEXT = "text"
    DATE = "date (YYYY-MM-DD)"
    TIMESTAMP = "timestamp (ISO 8601)"
    INTEGER = "integer"
    BOOLEAN = "boolean (true/false/yes/no/1/0)"
    CODE = "vocabulary code"
    CODES = "list of vocabulary codes (;-separated)"
    MARKING = "TLP marking"
    MEMBER = "member code"
    MEMBERS = "list of member codes (;-separated)"
    COUNTRIES = "list of country codes (;-separated)"
    TECHNIQUES = "list of DISARM technique ids (;-separated)"
    IDS = "list of ids (;-separated)"
    URLS = "list of URLs (;-separated)"


@dataclass(frozen=True)
class Column:
    """One template column: its name, whether it is required, its kind and vocabulary."""

    name: str
    kind: Kind
    required: bool = False
    vocabulary: str | None = None
    default: object = None


COLUMNS: tuple[Column, ...] = (
    Column("incident_id", Kind.TEXT, required=True),
    Column("title", Kind.TEXT, required=True),
    Column("summary", Kind.TEXT),
    Column("first_activity", Kind.DATE),
    Column("last_activity", Kind.DATE),
    Column("detected_at", Kind.TIMESTAMP, required=True),
    Column("assessed_at", Kind.TIMESTAMP),
    Column("notified_at", Kind.TIMESTAMP),
    Column("published_at", Kind.TIMESTAMP),
    Column("heading", Kind.CODE, required=True, vocabulary="heading"),
    Column("threat_type", Kind.CODE, required=True, vocabulary="threat_type"),
    Column("tnr_vector", Kind.CODE, vocabulary="tnr_vector"),
    Column("attribution_status", Kind.CODE, vocabulary="attribution_status", default="unknown"),
    Column("likelihood", Kind.CODE, vocabulary="likelihood"),
    Column("analytic_confidence", Kind.CODE, vocabulary="analytic_confidence"),
    Column("source_reliability", Kind.CODE, vocabulary="source_reliability"),
    Column("info_credibility", Kind.CODE, vocabulary="info_credibility"),
    Column("breakout_scale", Kind.INTEGER, vocabulary="breakout_scale"),
    Column("reach_estimate", Kind.INTEGER),
    Column("content_origin", Kind.CODE, vocabulary="content_origin", default="uncertain"),
    Column("election_id", Kind.TEXT),
    Column("election_phase", Kind.CODE, vocabulary="election_phase"),
    Column("gender_dimension", Kind.CODE, vocabulary="gender_dimension", default="none"),
    Column("status", Kind.CODE, vocabulary="incident_status", default="new"),
    Column("tlp", Kind.MARKING, required=True),
    Column("pap", Kind.CODE, vocabulary="pap", default="GREEN"),
    Column("originator_member", Kind.MEMBER, required=True),
    Column("releasable_to", Kind.MEMBERS, default=[]),
    Column("chatham_house", Kind.BOOLEAN, default=False),
    Column("targeted_countries", Kind.COUNTRIES),
    Column("origin_countries", Kind.COUNTRIES),
    Column("techniques", Kind.TECHNIQUES),
    Column("actors", Kind.IDS),
    Column("platforms", Kind.CODES, vocabulary="platform"),
    Column("narratives", Kind.IDS),
    Column("source_urls", Kind.URLS),
)

BY_NAME = {column.name: column for column in COLUMNS}
REQUIRED = tuple(column.name for column in COLUMNS if column.required)

#: Columns that become link rows rather than columns of the incident table.
LINK_COLUMNS = frozenset(
    {
        "targeted_countries",
        "origin_countries",
        "techniques",
        "actors",
        "platforms",
        "narratives",
        "source_urls",
    }
)

TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})

#: incident_source.source_category given to every URL of source_urls (the template has no column).
DEFAULT_SOURCE_CATEGORY = "media_report"


#: How each kind of cell is described to the user ("expected a date (YYYY-MM-DD)").
KIND_MESSAGES: dict[Kind, Message] = {
    Kind.TEXT: msg("kind.text"),
    Kind.DATE: msg("kind.date"),
    Kind.TIMESTAMP: msg("kind.timestamp"),
    Kind.INTEGER: msg("kind.integer"),
    Kind.BOOLEAN: msg("kind.boolean"),
    Kind.CODE: msg("kind.code"),
    Kind.CODES: msg("kind.codes"),
    Kind.MARKING: msg("kind.marking"),
    Kind.MEMBER: msg("kind.member"),
    Kind.MEMBERS: msg("kind.members"),
    Kind.COUNTRIES: msg("kind.countries"),
    Kind.TECHNIQUES: msg("kind.techniques"),
    Kind.IDS: msg("kind.ids"),
    Kind.URLS: msg("kind.urls"),
}


@dataclass(frozen=True)
class RowProblem:
    """One problem: where it is (file, row as in the file, header = 1, column) and what was expected."""

    file: str
    row: int
    column: str | None
    value: str | None
    message: Message
    suggestion: str | None = None

    @property
    def item(self) -> str:
        """What a problem rejects: its data row, or the whole file (header and encoding)."""
        return f"row {self.row}" if self.row > 1 else "file"

    @property
    def place(self) -> Text:
        """The item as a user reads it, in their language."""
        return msg("item.row", row=self.row) if self.row > 1 else msg("item.file")

    @property
    def expected(self) -> str:
        """What was expected, in English."""
        return self.message.render("en")

    def describe(self, lang: str) -> str:
        """The whole problem in `lang`: file, row, column, value, expected, suggestion."""
        where = msg("problem.in_row", file=self.file, row=self.row)
        if self.column:
            where = msg("problem.in_column", where=where, column=self.column)
        return problem_message(where, self.value, self.message, self.suggestion).render(lang)

    def __str__(self) -> str:
        return self.describe("en")


@dataclass
class IncidentRecord:
    """A valid row: the incident table row and its link rows, keyed by link table name."""

    row: int
    incident: dict[str, object]
    links: dict[str, list[dict[str, object]]]


@dataclass
class ParseResult:
    """The valid records and every problem found; the caller rejects the file or skips rows."""

    records: list[IncidentRecord] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def rejected_rows(self) -> list[int]:
        """Data rows with at least one problem (row 1 problems concern the whole file)."""
        return sorted({p.row for p in self.problems if p.row > 1})

    @property
    def file_problems(self) -> list[RowProblem]:
        return [p for p in self.problems if p.row <= 1]


def suggest(value: str, choices: Set[str]) -> str | None:
    lowered = {choice.lower(): choice for choice in choices}
    match = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def one_of(choices: Set[str], limit: int = 20) -> str:
    """ "one of A, B, …" in English (command-line messages)."""
    return str(messages.one_of(choices, limit=limit))


def split_cell(cell: str) -> list[str]:
    """A ;-separated cell as its items, trimmed, empties dropped, duplicates removed."""
    return list(dict.fromkeys(item.strip() for item in cell.split(";") if item.strip()))


def header_problems(header: list[str], file_name: str) -> list[RowProblem]:
    problems: list[RowProblem] = []
    for name in REQUIRED:
        if name not in header:
            problems.append(RowProblem(file_name, 1, name, None, msg("expected.required_column")))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(RowProblem(file_name, 1, name, name, msg("expected.column_once")))
        elif name not in BY_NAME:
            hint = suggest(name, set(BY_NAME))
            expected = msg("expected.template_column")
            problems.append(RowProblem(file_name, 1, name, name, expected, hint))
        seen.add(name)
    return problems
