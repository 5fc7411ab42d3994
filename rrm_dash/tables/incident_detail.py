"""One incident as people read it: every field labelled in their language, and its linked facts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import polars as pl

from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import date_span, day, moment, number
from rrm_dash.tables.incidents import tlp_text

Row = dict[str, Any]

#: Fields shown as their label in the reader's language: (message key, column stem).
_LABELLED = (
    ("incidents.field.heading", "heading"),
    ("incidents.field.threat_type", "threat_type"),
    ("incidents.field.tnr_vector", "tnr_vector"),
    ("incidents.field.status", "status"),
    ("incidents.field.attribution_status", "attribution_status"),
    ("incidents.field.likelihood", "likelihood"),
    ("incidents.field.analytic_confidence", "analytic_confidence"),
    ("incidents.field.source_reliability", "source_reliability"),
    ("incidents.field.info_credibility", "info_credibility"),
    ("incidents.field.breakout_scale", "breakout_scale"),
    ("incidents.field.content_origin", "content_origin"),
    ("incidents.field.gender_dimension", "gender_dimension"),
    ("incidents.field.election_phase", "election_phase"),
)
_DAYS = (
    ("incidents.field.first_activity", "first_activity"),
    ("incidents.field.last_activity", "last_activity"),
)
_MOMENTS = (
    ("incidents.field.detected_at", "detected_at"),
    ("incidents.field.assessed_at", "assessed_at"),
    ("incidents.field.notified_at", "notified_at"),
    ("incidents.field.published_at", "published_at"),
    ("incidents.field.created_at", "created_at"),
    ("incidents.field.updated_at", "updated_at"),
)


def _text(value: object, t: Translate) -> str:
    if value is None or value == "":
        return t("incidents.detail.not_recorded")
    if isinstance(value, datetime):
        return moment(value, t.lang)
    if isinstance(value, date):
        return day(value, t.lang)
    return str(value)


def originator_text(row: Row, t: Translate) -> str:
    """The originating member, or the Chatham House notice when it is withheld from this viewer."""
    if row["originator_member"] is None:
        return t("incidents.detail.withheld")
    return str(row[f"originator_{t.lang}"] or row["originator_member"])


def incident_facts(row: Row, t: Translate) -> pl.DataFrame:
    """Field / value, one line per field of the incident (title and summary are shown above)."""
    lang = t.lang
    lines: list[tuple[str, str]] = [
        (t(key), _text(row[f"{stem}_{lang}"], t)) for key, stem in _LABELLED
    ]
    lines += [(t(key), _text(row[column], t)) for key, column in _DAYS + _MOMENTS]
    reach = row["reach_estimate"]
    lines += [
        (t("incidents.field.reach"), number(reach, lang) if reach is not None else _text(None, t)),
        (t("incidents.field.place"), _text(row["place_name"], t)),
        (t("incidents.field.tlp"), tlp_text(row["tlp"])),
        (t("incidents.field.pap"), _text(row[f"pap_{lang}"], t)),
        (t("incidents.field.originator"), originator_text(row, t)),
        (t("incidents.field.releasable_to"), _text(row[f"releasable_to_{lang}"], t)),
        (
            t("incidents.field.chatham_house"),
            t("incidents.detail.yes" if row["chatham_house"] else "incidents.detail.no"),
        ),
        (t("incidents.field.stix_id"), _text(row["stix_id"], t)),
        (t("incidents.field.reference"), row["incident_id"]),
    ]
    return pl.DataFrame(
        {
            t("incidents.column.field"): [k for k, _ in lines],
            t("incidents.column.value"): [v for _, v in lines],
        }
    )


def election_text(row: Row, t: Translate) -> str | None:
    """The election the incident falls in, with its voting days and watch window; None if none."""
    if row["election_id"] is None or row["election_date_start"] is None:
        return None
    lang = t.lang
    return t(
        "incidents.detail.election",
        body=row[f"election_body_{lang}"],
        country=row[f"election_country_{lang}"],
        dates=date_span(row["election_date_start"], row["election_date_end"], lang),
        window=date_span(row["watch_window_start"], row["watch_window_end"], lang),
    )


#: Columns shown as links: an empty one stays empty rather than a link reading "not recorded".
_LINKS = frozenset({"url", "archive_url"})


def _table(frame: pl.DataFrame, columns: dict[str, str], t: Translate) -> pl.DataFrame:
    """Rename `columns` (source column -> message key), picking _en/_fr columns by language."""
    lang = t.lang
    picked = {}
    for column, key in columns.items():
        name = f"{column}_{lang}" if f"{column}_{lang}" in frame.columns else column
        values = frame[name]
        if values.dtype == pl.String and column not in _LINKS:
            values = values.fill_null(t("incidents.detail.not_recorded"))
        picked[t(key)] = values
    return pl.DataFrame(picked)


def countries_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    return _table(frame, {"name": "incidents.column.country", "role": "incidents.column.role"}, t)


def targets_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    columns = {
        "category": "incidents.column.target_category",
        "gender": "incidents.column.gender",
        "vulnerable_group": "incidents.column.vulnerable_group",
    }
    return _table(frame, columns, t)


def technique_status(retired: bool, retired_in: str | None, t: Translate) -> str:
    """The DISARM status shown: current, or retired by the loaded DISARM version."""
    if not retired:
        return t("incidents.detail.technique_current")
    if retired_in:
        return t("incidents.detail.technique_retired", version=retired_in)
    return t("incidents.detail.technique_retired_unversioned")


def techniques_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """DISARM id, technique, tactic, and whether the loaded DISARM version still has the id."""
    columns = {
        "disarm_id": "incidents.column.disarm_id",
        "technique_name": "incidents.column.technique",
        "tactic_name": "incidents.column.tactic",
    }
    statuses = [
        technique_status(bool(retired), retired_in, t)
        for retired, retired_in in zip(
            frame["retired"].to_list(), frame["retired_in"].to_list(), strict=True
        )
    ]
    return _table(frame, columns, t).with_columns(
        pl.Series(t("incidents.column.disarm_status"), statuses, pl.String)
    )


def actors_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    roles = [t(f"incidents.actor_role.{role}") for role in frame["role"].to_list()]
    table = _table(
        frame,
        {
            "name": "incidents.column.actor",
            "kind": "incidents.column.actor_kind",
            "sponsor": "incidents.column.sponsor",
        },
        t,
    )
    return table.insert_column(1, pl.Series(t("incidents.column.actor_role"), roles, pl.String))


def platforms_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    columns = {
        "platform": "incidents.column.platform",
        "handle": "incidents.column.channel",
        "exposure": "incidents.column.exposure",
    }
    return _table(frame, columns, t)


def narratives_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    return _table(
        frame, {"name": "incidents.column.narrative", "summary": "incidents.column.summary"}, t
    )


def sources_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """Sources as data (the URL is text; the page shows it as a link column, never as HTML)."""
    claims = [
        t("incidents.detail.yes" if claim else "incidents.detail.no")
        for claim in frame["is_claim"].to_list()
    ]
    published = [_text(value, t) for value in frame["published_on"].to_list()]
    table = _table(
        frame,
        {
            "url": "incidents.column.url",
            "archive_url": "incidents.column.archive_url",
            "category": "incidents.column.source_category",
        },
        t,
    )
    return table.with_columns(
        pl.Series(t("incidents.column.is_claim"), claims, pl.String),
        pl.Series(t("incidents.column.published_on"), published, pl.String),
    )


def related_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    lang = t.lang
    return pl.DataFrame(
        {
            t("incidents.column.detected"): [
                day(moment_.date(), lang) for moment_ in frame["detected_at"].to_list()
            ],
            t("incidents.column.title"): frame["title"],
            t("incidents.column.heading"): frame[f"heading_{lang}"],
            t("incidents.column.tlp"): [tlp_text(marking) for marking in frame["tlp"].to_list()],
            t("incidents.column.shared"): frame["shared"],
            t("incidents.column.reference"): frame["incident_id"],
        },
        schema_overrides={t("incidents.column.detected"): pl.String},
    )


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:=^")


def markdown_text(text: str) -> str:
    """Data shown through Markdown (titles, summaries) with every Markdown sign escaped, so a
    record can never inject links, formatting or Streamlit directives."""
    return "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in text)
