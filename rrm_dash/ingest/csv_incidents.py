"""Parse and check a CSV incident import against the template, without writing anything.

The whole file is read and checked column by column (`csv_read`, `csv_columns`); the few rows
the column checks flag are checked again one by one (`csv_rows`), which builds each problem
with its file, row, column, value, expectation and suggestion.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field

import polars as pl

from rrm_dash.ingest.csv_columns import INCIDENT_SCHEMA, LINK_SCHEMAS, check_columns
from rrm_dash.ingest.csv_read import ROW, WHITESPACE, read_cells
from rrm_dash.ingest.csv_rows import RowParser
from rrm_dash.ingest.csv_template import IncidentRecord, ParseResult, RowProblem
from rrm_dash.ingest.messages import msg

__all__ = [
    "CheckedFile",
    "IncidentRecord",
    "ParseResult",
    "RowProblem",
    "check_incident_csv",
    "parse_incident_csv",
]


@dataclass
class CheckedFile:
    """A checked file as columns: `incidents` holds ROW and the incident table's template
    columns of every valid row, `links` their link rows by link table (keyed by
    incident_id), `problems` every problem, ordered by row."""

    incidents: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema={ROW: pl.Int64, **INCIDENT_SCHEMA})
    )
    links: dict[str, pl.DataFrame] = field(
        default_factory=lambda: {name: pl.DataFrame(schema=s) for name, s in LINK_SCHEMAS.items()}
    )
    problems: list[RowProblem] = field(default_factory=list)

    def records(self) -> list[IncidentRecord]:
        """Each valid row as an IncidentRecord (lists in the order of their cell)."""
        owned: dict[str, dict[str, list[dict[str, object]]]] = {}
        for incident_id in self.incidents.get_column("incident_id").to_list():
            owned[incident_id] = {name: [] for name in self.links}
        for name, frame in self.links.items():
            for link in frame.iter_rows(named=True):
                owned[link["incident_id"]][name].append(link)
        records = []
        for row in self.incidents.iter_rows(named=True):
            number = row.pop(ROW)
            records.append(IncidentRecord(number, row, owned[row["incident_id"]]))
        return records


def check_incident_csv(
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
) -> CheckedFile:
    """Check every row of a CSV incident file; bad content becomes problems, never exceptions.
    The arguments are those of `parse_incident_csv`; the valid rows stay columns."""
    note = progress or (lambda _share: None)
    parser = RowParser(
        file_name,
        vocabularies,
        technique_ids,
        member_codes,
        threat_heading,
        retired_technique_ids,
        country_codes,
        disarm_version,
        stored_ids or {},
        withheld_originator,
    )
    cells = read_cells(data, file_name)
    if cells.frame is None:
        return CheckedFile(problems=cells.problems)
    note(0.3)
    checked = check_columns(cells.frame, parser)
    note(0.8)
    flagged = _with_first_rows(cells.frame, checked.flagged)
    cells.frame = None
    problems, extra = _check_rows(flagged, parser)
    result = CheckedFile(checked.incidents, checked.links, _by_row(cells.problems + problems))
    if extra:
        _add_records(result, extra)
    note(1.0)
    return result


#: The row where a flagged row's incident_id first appears.
FIRST = "_first"
_ID = "_incident_id"


def _with_first_rows(cells: pl.DataFrame, flagged: list[int]) -> pl.DataFrame:
    """The flagged rows' cells, and FIRST: the row where their incident_id first appears."""
    iid = pl.col("incident_id").str.strip_chars(WHITESPACE).alias(_ID)
    rows = cells.filter(pl.col(ROW).is_in(flagged)).with_columns(iid)
    firsts = (
        cells.select(ROW, iid)
        .filter(pl.col(_ID).is_in(rows.get_column(_ID).implode()))
        .group_by(_ID)
        .agg(pl.col(ROW).min().alias(FIRST))
    )
    return rows.join(firsts, on=_ID, how="left").drop(_ID).sort(ROW)


def _check_rows(
    flagged: pl.DataFrame, parser: RowParser
) -> tuple[list[RowProblem], list[IncidentRecord]]:
    """The flagged rows checked one by one: their problems, and the rows that turn out valid
    (none should: the column checks read values with the same checker; were one flagged
    wrongly, it is still imported)."""
    header = [name for name in flagged.columns if name not in (ROW, FIRST)]
    problems: list[RowProblem] = []
    valid: list[IncidentRecord] = []
    for row in flagged.iter_rows(named=True):
        number, first = row[ROW], row[FIRST]
        record, found = parser.record(number, {name: row[name].strip() for name in header})
        iid = str(record.incident["incident_id"] or "")
        if iid and first < number:
            expected = msg("expected.unique_incident_id", row=first)
            found.append(RowProblem(parser.file_name, number, "incident_id", iid, expected))
        problems.extend(found)
        if not found:
            valid.append(record)
    return problems, valid


def _by_row(problems: list[RowProblem]) -> list[RowProblem]:
    """Problems in the order of the file (a row's own problems keep their order)."""
    return sorted(problems, key=lambda problem: problem.row)


def _add_records(result: CheckedFile, records: list[IncidentRecord]) -> None:
    incidents = pl.DataFrame(
        [{ROW: record.row, **record.incident} for record in records],
        schema={ROW: pl.Int64, **INCIDENT_SCHEMA},
    )
    result.incidents = pl.concat([result.incidents, incidents]).sort(ROW)
    for name, schema in LINK_SCHEMAS.items():
        rows = [link for record in records for link in record.links[name]]
        if rows:
            result.links[name] = pl.concat([result.links[name], pl.DataFrame(rows, schema=schema)])


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
    with the share of the file checked so far. `withheld_originator` is recorded for Chatham
    House rows whose originator_member is empty (an export by a viewer the rule hid it from);
    without it such rows are rejected like any missing value. The valid rows become
    IncidentRecords; `check_incident_csv` keeps them as columns.
    """
    checked = check_incident_csv(
        data,
        file_name,
        vocabularies,
        technique_ids,
        member_codes,
        threat_heading=threat_heading,
        retired_technique_ids=retired_technique_ids,
        country_codes=country_codes,
        disarm_version=disarm_version,
        stored_ids=stored_ids,
        progress=progress,
        withheld_originator=withheld_originator,
    )
    return ParseResult(checked.records(), checked.problems)
