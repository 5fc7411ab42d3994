"""Overview tables: the most active actors and the responses still open."""

from __future__ import annotations

import polars as pl

from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import day


def top_actors_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """Actor, kind, incidents, members targeted (codes)."""
    return frame.select(
        pl.col("name").alias(t("overview.actors.name")),
        pl.col(f"kind_{t.lang}").alias(t("overview.actors.kind")),
        pl.col("incidents").alias(t("overview.actors.incidents")),
        pl.col(f"members_{t.lang}").alias(t("overview.actors.members")),
    )


def open_responses_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """Title, type, lead, status, proposed on, days open."""
    lang = t.lang
    return pl.DataFrame(
        {
            t("overview.responses.title"): frame["title"].to_list(),
            t("overview.responses.type"): frame[f"type_{lang}"].to_list(),
            t("overview.responses.lead"): frame[f"lead_{lang}"].to_list(),
            t("overview.responses.status"): frame[f"status_{lang}"].to_list(),
            t("overview.responses.proposed"): [
                day(d, lang) for d in frame["proposed_on"].to_list()
            ],
            t("overview.responses.days_open"): frame["days_open"].to_list(),
        },
        schema_overrides={t("overview.responses.days_open"): pl.Int64},
    )
