"""RRM Wire table as people read it: type and originator names, dates written out, TLP as text."""

from __future__ import annotations

import polars as pl

from rrm_dash.access import TLP_RANK, normalise_marking
from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import day


def originator_name(row: dict[str, object], t: Translate) -> str:
    """The originator's name; "withheld" under the Chatham House Rule (originator null)."""
    if row["originator_member"] is None:
        return t("wire.withheld")
    return str(row[f"originator_{t.lang}"] or row["originator_member"])


def report_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """One row per report: published day, title, type, originator, TLP (as text)."""
    lang = t.lang
    rows = list(frame.iter_rows(named=True))
    columns = {
        t("wire.column.published"): [day(row["published_at"], lang) for row in rows],
        t("wire.column.title"): [row["title"] for row in rows],
        t("wire.column.type"): [row[f"type_{lang}"] or row["report_type"] for row in rows],
        t("wire.column.originator"): [originator_name(row, t) for row in rows],
        t("wire.column.tlp"): [f"TLP:{row['tlp']}" for row in rows],
    }
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))


def highest_marking(frame: pl.DataFrame) -> str | None:
    """The most restrictive TLP marking among the rows (an unknown one counts as RED)."""
    markings = {normalise_marking(marking) for marking in frame["tlp"].to_list()}
    return max(markings, key=TLP_RANK.__getitem__) if markings else None
