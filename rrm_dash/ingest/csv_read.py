"""A CSV file's cells as columns: the header, and every data row's cells with its row number.

The rows, cells and row numbers are always those Python's csv module reads (the template's
reference reading; the header is row 1, blank rows are skipped but keep their number). A
plain file, which is what every export and generator writes, is read at once with polars;
anything else (blank rows, rows of the wrong length, lone carriage returns, broken quoting,
bytes that are not UTF-8, huge cells) is read with the csv module, which names the problems.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import polars as pl

from rrm_dash.ingest.csv_template import RowProblem, header_problems
from rrm_dash.ingest.messages import msg

#: The characters Python's str.strip() removes (the template trims cells with it): every
#: character whose str.isspace() is true (a test checks the list).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: The row number column of `Cells.frame`.
ROW = "_row"
#: The longest cell the csv module accepts (csv.field_size_limit()); longer is a file problem.
FIELD_LIMIT = csv.field_size_limit()


@dataclass
class Cells:
    """A file's header (names trimmed) and its data rows: `frame` holds ROW (the row number in
    the file) and one column of cells per header name, as written (the checks trim them),
    for every row that is not blank and has as many cells as the header. `problems` are the file's problems (encoding,
    CSV syntax, header) and its rows of the wrong length; `frame` is None when the file's
    problems stop the check."""

    header: list[str] = field(default_factory=list)
    frame: pl.DataFrame | None = None
    problems: list[RowProblem] = field(default_factory=list)


def read_cells(data: bytes, file_name: str) -> Cells:
    """The file's header and rows, or the problems that stop reading it."""
    return _read_plain(data, file_name) or _read_exactly(data, file_name)


def _read_plain(data: bytes, file_name: str) -> Cells | None:
    """The file read by polars, or None when it is not plain enough for polars to read it as
    the csv module does (the caller then reads it with the csv module)."""
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # a lone carriage return ends a row for the csv module only
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            infer_schema=False,
            empty_string_is_null=False,
            quote_char='"',
            raise_if_empty=True,
        )
    except Exception:  # whatever polars refuses, the csv module reads and names
        return None
    columns = frame.columns
    lengths = frame.select(pl.max_horizontal(pl.col(columns).str.len_bytes().max())).item()
    if lengths is not None and lengths > FIELD_LIMIT:
        return None
    header = [str(name or "").strip() for name in frame.row(0)]
    problems = header_problems(header, file_name)
    if problems:
        return Cells(header, None, problems)
    frame = frame.select(
        (pl.int_range(1, pl.len() + 1, dtype=pl.Int64)).alias(ROW),
        *(pl.col(c).fill_null("").alias(n) for c, n in zip(columns, header, strict=True)),
    ).slice(1)
    blank = _blank_rows(frame, header)
    if not _all_cells_present(data, frame, header, blank):
        return None
    return Cells(header, frame.filter(~pl.col(ROW).is_in(blank.implode())), [])


def _blank_rows(frame: pl.DataFrame, header: list[str]) -> pl.Series:
    """The numbers of the rows whose cells are all empty once trimmed (such a row has an empty
    incident_id, a required column, so only those rows are looked at)."""
    maybe = frame.filter(pl.col("incident_id").str.strip_chars(WHITESPACE) == "")
    blank = ~pl.any_horizontal(pl.col(name).str.strip_chars(WHITESPACE) != "" for name in header)
    return maybe.filter(blank).get_column(ROW)


def _all_cells_present(
    data: bytes, frame: pl.DataFrame, header: list[str], blank: pl.Series
) -> bool:
    """Whether every data row that is not blank has as many cells as the header (polars
    refuses long rows but fills a short one with empty cells, so a short row ends with an
    empty cell). Every separator outside quotes ends a cell: the file must hold exactly
    (cells - 1) of them per row, the header included, when the only blank rows are the empty
    lines at its end (which hold none)."""
    last = frame.get_column(header[-1])
    if blank.len() == 0 and not (last == "").any():
        return True
    trailing = _trailing_blank_rows(data)
    if blank.len() != trailing or blank.to_list() != list(
        range(frame.height - trailing + 2, frame.height + 2)
    ):
        return False
    quoted = frame.select(
        pl.sum_horizontal(pl.col(header).str.count_matches(",", literal=True).sum())
    ).item()
    header_commas = sum(name.count(",") for name in header)
    rows = frame.height + 1 - trailing
    return bool(data.count(b",") - int(quoted or 0) - header_commas == rows * (len(header) - 1))


def _trailing_blank_rows(data: bytes) -> int:
    """How many blank rows the whitespace at the end of the file makes (lines after the last
    row's end, and a last line of spaces)."""
    end = len(data)
    while end and data[end - 1 : end] in (b" ", b"\t", b"\r", b"\n"):
        end -= 1
    lines = data[end:].split(b"\n")
    return max(len(lines) - 2, 0) + (1 if len(lines) > 1 and lines[-1].strip() else 0)


def _decode(data: bytes, file_name: str) -> tuple[str | None, RowProblem | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        position = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data[:position].count(b"\n") + 1
        value = data[position : position + 4].hex(" ")
        expected = msg("expected.utf8_at_position", position=position, line=line)
        return None, RowProblem(file_name, line, None, value, expected)


def _read_exactly(data: bytes, file_name: str) -> Cells:
    """The file read row by row with the csv module, naming every problem of its shape."""
    text, problem = _decode(data, file_name)
    if text is None or problem is not None:
        return Cells(problems=[problem] if problem else [])
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        expected = msg("expected.valid_csv", error=error)
        return Cells(problems=[RowProblem(file_name, 1, None, None, expected)])
    del text
    if not rows:
        return Cells(problems=[RowProblem(file_name, 1, None, "", msg("expected.header_row"))])
    header = [name.strip() for name in rows[0]]
    problems = header_problems(header, file_name)
    if problems:
        return Cells(header, None, problems)
    numbers: list[int] = []
    kept: list[list[str]] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            expected = msg("expected.cell_count", cells=len(header), found=len(cells))
            problems.append(RowProblem(file_name, number, None, None, expected))
            continue
        numbers.append(number)
        kept.append(cells)
    del rows
    columns = list(zip(*kept, strict=True)) if kept else [() for _ in header]
    frame = pl.DataFrame(
        [pl.Series(ROW, numbers, dtype=pl.Int64)]
        + [pl.Series(n, c, dtype=pl.String) for n, c in zip(header, columns, strict=True)]
    )
    return Cells(header, frame, problems)
