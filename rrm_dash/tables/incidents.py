"""The incident explorer's table as people read it: dates in their language, labels, TLP in words."""

from __future__ import annotations

import math

import polars as pl

from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import day, number

#: Sort choices in the order they are offered (codes from rrm_dash.queries.incidents.SORT_KEYS).
SORT_LABEL_KEYS = {
    "detected": "incidents.sort.detected",
    "title": "incidents.sort.title",
    "heading": "incidents.sort.heading",
    "tlp": "incidents.sort.tlp",
    "reach": "incidents.sort.reach",
}


def tlp_text(marking: str) -> str:
    """A marking as people write it: TLP:AMBER."""
    return f"TLP:{marking}"


def incident_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """One row per incident: detected, title, heading, threat type, targeted members, TLP, status,
    reference (the incident id, last: a name is never only an id)."""
    lang = t.lang
    columns = {
        "detected": t("incidents.column.detected"),
        "title": t("incidents.column.title"),
        "heading": t("incidents.column.heading"),
        "threat": t("incidents.column.threat_type"),
        "targeted": t("incidents.column.targeted"),
        "tlp": t("incidents.column.tlp"),
        "status": t("incidents.column.status"),
        "reference": t("incidents.column.reference"),
    }
    rows = [
        {
            columns["detected"]: day(row["detected_at"].date(), lang),
            columns["title"]: row["title"],
            columns["heading"]: row[f"heading_{lang}"],
            columns["threat"]: row[f"threat_type_{lang}"],
            columns["targeted"]: row[f"targeted_{lang}"] or "",
            columns["tlp"]: tlp_text(row["tlp"]),
            columns["status"]: row[f"status_{lang}"],
            columns["reference"]: row["incident_id"],
        }
        for row in frame.iter_rows(named=True)
    ]
    return pl.DataFrame(rows, schema={name: pl.String for name in columns.values()})


def page_count(total: int, page_size: int) -> int:
    """Pages needed for `total` rows (at least one, so 'page 1 of 1' reads right when empty)."""
    return max(1, math.ceil(total / page_size))


def clamp_page(page: int, total: int, page_size: int) -> int:
    """A page number that exists for `total` rows."""
    return min(max(page, 1), page_count(total, page_size))


def csv_payload(frame: pl.DataFrame) -> str:
    """UTF-8 CSV with a byte-order mark, so that Excel opens accents right."""
    return "\ufeff" + frame.write_csv()


def export_label(t: Translate, total: int, cap: int) -> str:
    """The label of the whole-result download, saying when it is capped."""
    if total > cap:
        return t("incidents.download_all_capped", cap=number(cap, t.lang))
    return t("incidents.download_all")
