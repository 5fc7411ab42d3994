"""The template's checks over whole columns: which rows are sound, typed as the warehouse stores them.

A column holds few distinct values (codes, markings, members, dates, list items), so each
distinct value is read once by the row checker itself (`csv_rows.RowChecker`) and the
answer spread over the column: the rules are those of a row read alone, by construction.
Timestamps and numbers, nearly all distinct, are read vectorised in their usual spelling
(the one most of the column uses), and any other spelling by the row checker again.
Rules between columns (heading and threat type, date order, repeated ids) are column
comparisons. The rows found wrong are flagged for `csv_incidents` to name their problems.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import polars as pl

from rrm_dash.ingest.csv_read import ROW, WHITESPACE
from rrm_dash.ingest.csv_rows import ORIGINATOR, TIMESTAMP_ORDER, RowChecker, RowParser
from rrm_dash.ingest.csv_template import (
    COLUMNS,
    DEFAULT_SOURCE_CATEGORY,
    LINK_COLUMNS,
    TRUE_WORDS,
    Column,
    Kind,
)

#: How a column of each kind is typed in the warehouse (text and codes are strings).
_DTYPES: dict[Kind, pl.DataType] = {
    Kind.DATE: pl.Date(),
    Kind.TIMESTAMP: pl.Datetime("us"),
    Kind.BOOLEAN: pl.Boolean(),
    Kind.MEMBERS: pl.List(pl.String()),
}
#: The incident table's template columns, typed as the warehouse stores them.
INCIDENT_SCHEMA: dict[str, pl.DataType] = {
    column.name: _DTYPES.get(column.kind, pl.String())
    for column in COLUMNS
    if column.name not in LINK_COLUMNS
} | {"breakout_scale": pl.Int32(), "reach_estimate": pl.Int64()}
#: Each link table's columns, as the template fills them.
LINK_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "incident_country": {
        "incident_id": pl.String(),
        "country_code": pl.String(),
        "role": pl.String(),
    },
    "incident_technique": {
        "incident_id": pl.String(),
        "disarm_id": pl.String(),
        "disarm_version": pl.String(),
    },
    "incident_actor": {"incident_id": pl.String(), "actor_id": pl.String(), "role": pl.String()},
    "incident_platform": {
        "incident_id": pl.String(),
        "platform": pl.String(),
        "channel_id": pl.String(),
    },
    "incident_narrative": {"incident_id": pl.String(), "narrative_id": pl.String()},
    "incident_source": {
        "incident_id": pl.String(),
        "url": pl.String(),
        "source_category": pl.String(),
        "is_claim": pl.Boolean(),
    },
}
#: Usual spellings of a timestamp, read vectorised: (pattern, polars format). The pattern
#: bounds every field, since polars alone also accepts short or signed numbers.
_STAMP_SHAPES = (
    (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$", "%Y-%m-%dT%H:%M:%S"),
    (r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-2][0-9]:[0-5][0-9]:[0-5][0-9]$", "%Y-%m-%d %H:%M:%S"),
    (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$", "%Y-%m-%dT%H:%M:%SZ"),
    (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-2][0-9]:[0-5][0-9]$", "%Y-%m-%dT%H:%M"),
    (
        r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-2][0-9]:[0-5][0-9]:[0-5][0-9][+-][01][0-9]:[0-5][0-9]$",
        "%Y-%m-%dT%H:%M:%S%:z",
    ),
)
#: How many cells of a column choose its usual timestamp spelling.
_SAMPLE = 1_000
_WHOLE = r"^[0-9]{1,18}$"
#: What the row checker returns for a value it rejects (None is a valid empty value).
_WRONG = object()
#: An empty item of a list cell (dropped, as the row checker drops it).
_EMPTY = object()
#: A row's place in the cells (items point at their row with it).
_POS = "_pos"
#: Up to this many distinct cells (or one per so many rows), a list column is read cell by
#: cell; above, item by item.
_DISTINCT_CELLS = 10_000
_ROWS_PER_DISTINCT_CELL = 8
_OK = "_ok"
#: Columns checked at once (the machines this runs on have two cores or more).
_THREADS = 2


@dataclass
class CheckedColumns:
    """The sound rows (ROW and the incident columns), their link rows by link table (in the
    order of the cells), and the numbers of the rows to check again one by one."""

    incidents: pl.DataFrame
    links: dict[str, pl.DataFrame]
    flagged: list[int]


def check_columns(cells: pl.DataFrame, parser: RowParser) -> CheckedColumns:
    """Check every row of `cells` (ROW and the cells by column name, see csv_read)."""
    rules = _Rules(parser, cells)
    scalars = [column for column in COLUMNS if column.name not in LINK_COLUMNS]
    lists = [column for column in COLUMNS if column.name in LINK_COLUMNS]
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:  # polars works without the GIL
        values = list(pool.map(rules.value, scalars))
        read = dict(zip([c.name for c in lists], pool.map(rules.items, lists), strict=True))
    typed = [cells.get_column(ROW)] + [
        v.alias(c.name) for c, (v, _) in zip(scalars, values, strict=True)
    ]
    incidents = pl.DataFrame(typed)
    sound = [ok.alias(c.name) for c, (_, ok) in zip(scalars, values, strict=True)]
    ok = pl.DataFrame(sound).select(pl.all_horizontal(pl.all())).to_series()
    ok = ok & ~incidents.select(rules.broken_across_columns()).to_series()
    items = {name: frame for name, (frame, _) in read.items()}
    wrong = [pl.int_range(0, cells.height, dtype=pl.Int64, eager=True).filter(~ok)]
    wrong += [positions for _, positions in read.values()]
    flagged = pl.concat(wrong).unique().sort()
    ids = incidents.get_column("incident_id")
    if flagged.len():
        incidents = incidents.filter(~_positions(cells.height).is_in(flagged.implode()))
        items = {
            name: frame.filter(~pl.col(_POS).is_in(flagged.implode()))
            for name, frame in items.items()
        }
    links = _link_tables(items, ids, parser.version)
    return CheckedColumns(incidents, links, cells.get_column(ROW).gather(flagged).to_list())


class _Rules:
    """Each template rule over a whole column of `cells`."""

    def __init__(self, parser: RowParser, cells: pl.DataFrame) -> None:
        self.parser, self.cells = parser, cells
        #: Above this many distinct cells, a list column is read item by item.
        self.many = max(_DISTINCT_CELLS, cells.height // _ROWS_PER_DISTINCT_CELL)

    def _read(self, column: Column) -> Callable[[str], object]:
        """The row checker's reading of one cell of `column` (_WRONG when it is wrong)."""
        checker = RowChecker(self.parser, 0)

        def read(cell: str) -> object:
            checker.problems.clear()
            trimmed = cell.strip()
            value = checker.cell(column, trimmed)
            wrong = checker.problems or (column.name == ORIGINATOR and not trimmed)
            return _WRONG if wrong else value

        return read

    def _read_list(self, column: Column) -> Callable[[str], object]:
        """The row checker's reading of a list cell: its items as stored, or _WRONG."""
        checker = RowChecker(self.parser, 0)

        def read(cell: str) -> object:
            checker.problems.clear()
            items = checker.items(column, cell.strip())
            return _WRONG if checker.problems else items

        return read

    def _read_item(self, column: Column) -> Callable[[str], object]:
        """The row checker's reading of one item of a list cell (_EMPTY, _WRONG or the item)."""
        checker = RowChecker(self.parser, 0)

        def read(item: str) -> object:
            checker.problems.clear()
            trimmed = item.strip()
            if not trimmed:
                return _EMPTY
            value = checker.item(column, trimmed)
            return _WRONG if value is None else value

        return read

    def value(self, column: Column) -> tuple[pl.Series, pl.Series]:
        """The column's typed values (defaults where empty or absent) and which are sound."""
        dtype = INCIDENT_SCHEMA[column.name]
        height = self.cells.height
        if column.name not in self.cells.columns:
            default: Any = [] if column.kind is Kind.MEMBERS else column.default
            return pl.repeat(default, height, dtype=dtype, eager=True), _all(height, True)
        cell = self.cells.get_column(column.name)
        if column.kind is Kind.MEMBERS:
            return self._list(column, cell)
        if column.kind is Kind.TEXT and column.name != "election_id":
            text = cell.str.strip_chars(WHITESPACE)
            if column.required:
                return text, text != ""
            return text.replace("", None), _all(height, True)
        if column.kind is Kind.TIMESTAMP:
            value, ok = self._timestamps(cell)
        elif column.kind is Kind.INTEGER and not column.vocabulary:
            value, ok = self._whole_numbers(cell)
        else:
            value, ok, _ = _by_value(cell, self._read(column), dtype)
        if column.name == ORIGINATOR and self.parser.withheld_originator is not None:
            withheld = self._withheld() & ~ok
            recorded = pl.lit(self.parser.withheld_originator, dtype=dtype)
            value = (
                value.to_frame()
                .select(pl.when(withheld).then(recorded).otherwise(pl.col(value.name)))
                .to_series()
            )
            ok = ok | withheld
        return value, ok

    def _withheld(self) -> pl.Series:
        """Rows whose originator may be empty and is then recorded as the import's (Chatham
        House Rule): an empty originator_member and a true chatham_house."""
        if "chatham_house" not in self.cells.columns:
            return _all(self.cells.height, False)

        def empty(cell: str) -> object:
            return not cell.strip()

        def chatham(cell: str) -> object:
            return cell.strip().lower() in TRUE_WORDS

        originator = _by_value(self.cells.get_column(ORIGINATOR), empty, pl.Boolean())[0]
        chatham_house = _by_value(self.cells.get_column("chatham_house"), chatham, pl.Boolean())[0]
        return originator & chatham_house

    def _timestamps(self, cell: pl.Series) -> tuple[pl.Series, pl.Series]:
        """Timestamps: the column's usual spelling read vectorised, other ones by the checker."""
        column = pl.col(cell.name)
        sample = cell.filter(cell != "").head(_SAMPLE).to_frame()
        counts = [sample.select(column.str.contains(p).sum()).item() for p, _ in _STAMP_SHAPES]
        value = pl.repeat(None, cell.len(), dtype=pl.Datetime("us"), eager=True)
        if sample.height and max(counts):
            pattern, format_ = _STAMP_SHAPES[counts.index(max(counts))]
            moment = column.str.to_datetime(format_, strict=False, time_unit="us")
            if format_.endswith("z"):  # an offset: the moment in UTC, as naive time
                moment = moment.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
            usual = column.str.contains(pattern) & (moment.dt.year() >= 2)
            value = cell.to_frame().select(pl.when(usual).then(moment)).to_series()
        return self._rest_by_value(cell, value)

    def _whole_numbers(self, cell: pl.Series) -> tuple[pl.Series, pl.Series]:
        """Whole numbers: plain digits (below 10**18) cast, other spellings by the checker."""
        column = pl.col(cell.name)
        read = pl.when(column.str.contains(_WHOLE)).then(column.cast(pl.Int64, strict=False))
        return self._rest_by_value(cell, cell.to_frame().select(read).to_series())

    def _rest_by_value(self, cell: pl.Series, value: pl.Series) -> tuple[pl.Series, pl.Series]:
        """`value` where it was read; every other cell read by the checker (empty ones too)."""
        read = value.is_not_null()
        rest = cell.filter(~read)
        if not rest.len():
            return value, read
        column = next(c for c in COLUMNS if c.name == cell.name)
        found, ok, _ = _by_value(rest, self._read(column), value.dtype)
        index = pl.int_range(0, cell.len(), eager=True).filter(~read)
        return value.scatter(index, found), read.scatter(index, ok)

    def _list(self, column: Column, cell: pl.Series) -> tuple[pl.Series, pl.Series]:
        """A list column's items as a list per row (trimmed, as stored, without repeats) and
        whether every item of the row is sound: read cell by cell when few cells differ,
        else item by item."""
        if cell.n_unique() <= self.many:
            value, ok, _ = _by_value(cell, self._read_list(column), pl.List(pl.String()))
            return value.fill_null(pl.lit([], dtype=pl.List(pl.String()))), ok
        items, wrong = self._items(column, cell)
        lists = items.group_by(_POS, maintain_order=True).agg(pl.col(cell.name))
        positions = _positions(cell.len())
        joined = positions.to_frame().join(lists, on=_POS, how="left", maintain_order="left")
        empty = pl.lit([], dtype=pl.List(pl.String()))
        value = joined.select(pl.col(cell.name).fill_null(empty)).to_series()
        return value, ~positions.is_in(wrong.implode())

    def items(self, column: Column) -> tuple[pl.DataFrame, pl.Series]:
        """A list column's sound items, one per row (_POS, the row's place in `cells`, and the
        item as stored under the column's name), and the places of rows with a wrong one."""
        name = column.name
        if name not in self.cells.columns:
            empty = pl.DataFrame(schema={_POS: pl.Int64(), name: pl.String()})
            return empty, pl.Series(_POS, [], dtype=pl.Int64)
        cell = self.cells.get_column(name)
        if column.kind is Kind.URLS:
            return self._items(column, cell)
        value, ok = self._list(column, cell)
        positions = _positions(cell.len())
        frame = pl.DataFrame([positions, value]).filter(ok).explode(name)
        return frame, positions.filter(~ok)

    def _items(self, column: Column, cell: pl.Series) -> tuple[pl.DataFrame, pl.Series]:
        """A list column read item by item (as `items`): split, trimmed, empty items dropped,
        each value once per row."""
        name = column.name
        items = pl.DataFrame([_positions(cell.len()), cell.str.split(";")]).explode(name)
        if column.kind is Kind.URLS:  # nearly all distinct: read vectorised
            items = items.with_columns(pl.col(name).str.strip_chars(WHITESPACE))
            items = items.filter(pl.col(name) != "")
            prefix = pl.col(name).str.slice(0, 8).str.to_lowercase()
            url = prefix.str.starts_with("http://") | prefix.str.starts_with("https://")
            wrong = items.filter(~url).get_column(_POS).unique()
            repeated = pl.col(_POS).is_duplicated()
            once = pl.struct(_POS, name).is_first_distinct()
            sound = pl.concat([items.filter(~repeated), items.filter(repeated).filter(once)])
            return sound, wrong
        read = self._read_item(column)
        value, ok, ident = _by_value(items.get_column(name), read, pl.String(), ids=True)
        assert ident is not None
        wrong = items.get_column(_POS).filter(~ok).unique()
        key = pl.col(_POS) * (ident.len() + 1) + ident
        items = items.with_columns(value)
        return items.filter(pl.col(name).is_not_null() & key.is_first_distinct()), wrong

    def broken_across_columns(self) -> pl.Expr:
        """Rows whose cells are each sound but break a rule between columns (heading and
        threat type, tnr_vector, date order) or repeat an earlier row's incident_id."""
        heading, threat = pl.col("heading"), pl.col("threat_type")
        broken = pl.lit(False)
        if self.parser.threat_heading:
            parent = threat.replace_strict(
                dict(self.parser.threat_heading), default=None, return_dtype=pl.String
            )
            broken = broken | (parent.is_not_null() & heading.is_not_null() & (parent != heading))
        tnr = pl.col("tnr_vector")
        broken = broken | ((tnr != "") & heading.is_not_null() & (heading != "HRF"))
        broken = broken | (pl.col("last_activity") < pl.col("first_activity"))
        for name in TIMESTAMP_ORDER:
            broken = broken | (pl.col(name) < pl.col("detected_at"))
        iid = pl.col("incident_id")
        repeated = iid.is_not_null() & (iid != "") & ~iid.is_first_distinct()
        return (broken | repeated).fill_null(False)


def _positions(height: int) -> pl.Series:
    return pl.int_range(0, height, dtype=pl.Int64, eager=True).alias(_POS)


def _all(height: int, value: bool) -> pl.Series:
    return pl.repeat(value, height, dtype=pl.Boolean, eager=True)


def _by_value(
    cells: pl.Series, read: Callable[[str], object], dtype: pl.DataType, *, ids: bool = False
) -> tuple[pl.Series, pl.Series, pl.Series | None]:
    """`read` applied once per distinct cell and spread over the column: the values read (null
    where wrong or empty), whether each cell was read (an empty item counts as read), and,
    when `ids`, an id of each value read (equal values, equal ids)."""
    distinct = cells.unique().to_list()
    found = [read(cell) for cell in distinct]
    values = [None if v is _WRONG or v is _EMPTY else v for v in found]
    index = cells.cast(pl.Enum(distinct)).to_physical()
    value = pl.Series(cells.name, values, dtype=dtype).gather(index)
    ok = pl.Series([v is not _WRONG for v in found], dtype=pl.Boolean).gather(index)
    if not ids:
        return value, ok, None
    known: dict[object, int] = {}
    ident = [known.setdefault(_hashable(v, n), len(known)) for n, v in enumerate(found)]
    return value, ok, pl.Series(ident, dtype=pl.Int64).gather(index)


def _hashable(value: object, number: int) -> object:
    """A value read, as a key of equal values (a wrong one is only equal to itself)."""
    if value is _WRONG:
        return ("wrong", number)
    return tuple(value) if isinstance(value, list) else value


def _link_tables(
    items: dict[str, pl.DataFrame], ids: pl.Series, version: str
) -> dict[str, pl.DataFrame]:
    """The link rows of the sound rows by link table, in the order of the cells (`ids` are
    the incident_id of each row of the cells)."""

    def table(name: str, column: str, key: str, **extra: object) -> pl.DataFrame:
        schema = LINK_SCHEMAS[name]
        frame = items[column]
        return pl.DataFrame(
            [ids.gather(frame.get_column(_POS)), frame.get_column(column).alias(key)]
        ).select(
            "incident_id",
            key,
            *(pl.lit(value, dtype=schema[c]).alias(c) for c, value in extra.items()),
        )

    return {
        "incident_country": pl.concat(
            [
                table("incident_country", "targeted_countries", "country_code", role="targeted"),
                table("incident_country", "origin_countries", "country_code", role="origin"),
            ]
        ),
        "incident_technique": table(
            "incident_technique", "techniques", "disarm_id", disarm_version=version
        ),
        "incident_actor": table("incident_actor", "actors", "actor_id", role="perpetrator"),
        "incident_platform": table("incident_platform", "platforms", "platform", channel_id=None),
        "incident_narrative": table("incident_narrative", "narratives", "narrative_id"),
        "incident_source": table(
            "incident_source",
            "source_urls",
            "url",
            source_category=DEFAULT_SOURCE_CATEGORY,
            is_claim=False,
        ),
    }
