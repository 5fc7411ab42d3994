"""Handling latency as people read it: reporting members by name (one group for those withheld
under the Chatham House Rule), quarters and stages in the reader's language, days to one decimal."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

import polars as pl

from rrm_dash.analytics.latency import STAGES
from rrm_dash.i18n import Translate


def shown_latency(latency: pl.DataFrame, members: Sequence[str]) -> pl.DataFrame:
    """The rows of the reporting members chosen in the filter bar; every row when none is chosen.

    `latency` is `rrm_dash.queries.warning.latency_stages`' frame, whose member is null where the
    originator is withheld from the viewer. Those rows cannot be told apart by member, so they
    are shown (as one group) only when no member is chosen.
    """
    if not members:
        return latency
    return latency.filter(pl.col("member").is_in(list(members)))


def member_label(code: str | None, names: Mapping[str, str], t: Translate) -> str:
    """A reporting member's name; the one "withheld" group for a null (Chatham House) member."""
    if code is None:
        return t("engagement.latency.withheld")
    return names.get(code, code)


def _reading_key(text: str) -> str:
    """Sort key ignoring case and accents ("États-Unis" among the E's)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def member_order(latency: pl.DataFrame, names: Mapping[str, str], t: Translate) -> list[str | None]:
    """The reporting members of `latency` by name in the reader's language, the withheld group
    (None) last."""
    codes: list[str | None] = latency["member"].unique().to_list()
    named = sorted(
        (code for code in codes if code is not None),
        key=lambda code: _reading_key(member_label(code, names, t)),
    )
    return [*named, *([None] if None in codes else [])]


def quarter_text(quarter: str, t: Translate) -> str:
    """'2026-Q3' as the reader writes it: 'Q3 2026' / 'T3 2026'."""
    year, number = quarter.split("-Q")
    return t("engagement.quarter", quarter=int(number), year=int(year))


def stage_text(stage: str, t: Translate) -> str:
    """A stage's name, e.g. 'Detection → assessment'."""
    return t(f"engagement.latency.stage.{stage}")


def latency_table(latency: pl.DataFrame, names: Mapping[str, str], t: Translate) -> pl.DataFrame:
    """One row per reporting member, quarter and stage: the median and the 25th and 75th
    percentiles in days (one decimal, numeric so the table sorts) and the incidents measured;
    members in reading order (the withheld group last), quarters oldest first, stages in
    handling order."""
    order = {code: rank for rank, code in enumerate(member_order(latency, names, t))}
    stage_rank = {stage: rank for rank, stage in enumerate(STAGES)}
    ordered = sorted(
        latency.iter_rows(named=True),
        key=lambda row: (order[row["member"]], row["quarter"], stage_rank[row["stage"]]),
    )
    columns = {
        name: t(f"engagement.latency.column.{name}")
        for name in (
            "member",
            "quarter",
            "stage",
            "median_days",
            "p25_days",
            "p75_days",
            "incidents",
        )
    }
    rows = [
        {
            columns["member"]: member_label(row["member"], names, t),
            columns["quarter"]: quarter_text(row["quarter"], t),
            columns["stage"]: stage_text(row["stage"], t),
            **{columns[name]: _days(row[name]) for name in ("median_days", "p25_days", "p75_days")},
            columns["incidents"]: row["incidents"],
        }
        for row in ordered
    ]
    schema: dict[str, type[pl.DataType]] = {
        columns["member"]: pl.String,
        columns["quarter"]: pl.String,
        columns["stage"]: pl.String,
        columns["median_days"]: pl.Float64,
        columns["p25_days"]: pl.Float64,
        columns["p75_days"]: pl.Float64,
        columns["incidents"]: pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema)


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
