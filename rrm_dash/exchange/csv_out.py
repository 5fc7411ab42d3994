"""The incidents a viewer may see as a CSV file in the import template, ready to import again."""

from __future__ import annotations

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.exchange.records import TEMPLATE_COLUMNS, incident_records
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source

#: Written first so that spreadsheet programs read the file as UTF-8 (the importer accepts it).
BYTE_ORDER_MARK = "\ufeff"
#: Between the items of a list cell (the importer splits on ';' and trims the spaces).
LIST_SEPARATOR = "; "
#: ISO 8601 in UTC; fractional seconds only when there are some.
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S%.fZ"
DATE_FORMAT = "%Y-%m-%d"


def _cell(name: str, dtype: pl.DataType) -> pl.Expr:
    """One column as the template writes it (null stays null: an empty cell)."""
    column = pl.col(name)
    if isinstance(dtype, pl.List):
        return pl.when(column.list.len() > 0).then(column.list.join(LIST_SEPARATOR))
    if isinstance(dtype, pl.Datetime):
        return column.dt.to_string(TIMESTAMP_FORMAT)
    if isinstance(dtype, pl.Date):
        return column.dt.to_string(DATE_FORMAT)
    if isinstance(dtype, pl.Boolean):
        return pl.when(column).then(pl.lit("true")).when(~column).then(pl.lit("false"))
    return column.cast(pl.String)


def records_csv(records: pl.DataFrame) -> bytes:
    """Records of `incident_records` as UTF-8 CSV (with a byte-order mark): the template's header
    in its order, lists joined with '; ', timestamps ISO 8601 UTC, dates YYYY-MM-DD, booleans
    true/false, TLP as stored, an empty cell for an unknown value."""
    cells = records.select(
        _cell(name, records.schema[name]).alias(name) for name in TEMPLATE_COLUMNS
    )
    return (BYTE_ORDER_MARK + cells.write_csv(null_value="")).encode("utf-8")


def export_csv(source: Source, principal: Principal, filters: Filters | None) -> bytes:
    """The incidents `principal` may see (narrowed by `filters` when given) in the CSV import
    template, sorted by incident_id."""
    return records_csv(incident_records(source, principal, filters))
