"""Response tables as people read them: names and labels in their language, dates written out."""

from __future__ import annotations

from datetime import date

import polars as pl

from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import day


def _day(value: date | None, lang: str) -> str:
    return day(value, lang) if value is not None else ""


def _text_frame(columns: dict[str, list[str]]) -> pl.DataFrame:
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))


def response_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """One row per response: title, type, lead, status, the four dates, members by position,
    linked incidents the viewer may see, effectiveness."""
    lang = t.lang
    rows = list(frame.iter_rows(named=True))
    text = _text_frame(
        {
            t("responses.column.title"): [row["title"] for row in rows],
            t("responses.column.type"): [row[f"type_{lang}"] or "" for row in rows],
            t("responses.column.lead"): [row[f"lead_{lang}"] or row["lead_member"] for row in rows],
            t("responses.column.status"): [row[f"status_{lang}"] or "" for row in rows],
            t("responses.column.proposed"): [_day(row["proposed_at"], lang) for row in rows],
            t("responses.column.agreed"): [_day(row["agreed_at"], lang) for row in rows],
            t("responses.column.executed"): [_day(row["executed_at"], lang) for row in rows],
            t("responses.column.closed"): [_day(row["closed_at"], lang) for row in rows],
            t("responses.column.joining"): [row[f"joining_{lang}"] or "" for row in rows],
            t("responses.column.declining"): [row[f"declining_{lang}"] or "" for row in rows],
            t("responses.column.abstaining"): [row[f"abstaining_{lang}"] or "" for row in rows],
        }
    )
    return text.with_columns(
        pl.Series(
            t("responses.column.linked_incidents"),
            [row["linked_incidents"] for row in rows],
            dtype=pl.Int64,
        ),
        pl.Series(
            t("responses.column.effectiveness"),
            [row[f"effectiveness_{lang}"] or "" for row in rows],
            dtype=pl.String,
        ),
    )


def response_facts(row: dict[str, object], t: Translate) -> pl.DataFrame:
    """A selected response as a two-column sheet (what, value): the record read aloud."""
    lang = t.lang

    def when(name: str) -> str:
        value = row[name]
        return _day(value, lang) if isinstance(value, date) else ""

    facts = [
        ("responses.column.type", str(row[f"type_{lang}"] or "")),
        ("responses.column.lead", str(row[f"lead_{lang}"] or row["lead_member"])),
        ("responses.column.status", str(row[f"status_{lang}"] or "")),
        ("responses.column.proposed", when("proposed_at")),
        ("responses.column.agreed", when("agreed_at")),
        ("responses.column.executed", when("executed_at")),
        ("responses.column.closed", when("closed_at")),
        ("responses.column.effectiveness", str(row[f"effectiveness_{lang}"] or "")),
        ("responses.column.outcome", str(row["outcome"] or t("responses.no_outcome"))),
        ("responses.column.tlp", f"TLP:{row['tlp']}"),
    ]
    return _text_frame(
        {
            t("responses.column.field"): [t(key) for key, _ in facts],
            t("responses.column.value"): [value for _, value in facts],
        }
    )


def position_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """Every member and observer with its position on the response (or none recorded)."""
    lang = t.lang
    rows = list(frame.iter_rows(named=True))
    return _text_frame(
        {
            t("responses.column.member"): [row[f"name_{lang}"] for row in rows],
            t("responses.column.position"): [
                row[f"position_{lang}"] or t("responses.no_position") for row in rows
            ],
            t("responses.column.decided"): [_day(row["decided_at"], lang) for row in rows],
        }
    )


def linked_incident_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """The response's incidents the viewer may see: title, detected day, heading, TLP."""
    lang = t.lang
    rows = list(frame.iter_rows(named=True))
    return _text_frame(
        {
            t("responses.column.incident"): [row["title"] for row in rows],
            t("responses.column.detected"): [_day(row["detected_at"], lang) for row in rows],
            t("responses.column.heading"): [row[f"heading_{lang}"] or "" for row in rows],
            t("responses.column.tlp"): [f"TLP:{row['tlp']}" for row in rows],
        }
    )
