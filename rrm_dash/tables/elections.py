"""Election tables as people read them: names, dates in their language, watch status in words."""

from __future__ import annotations

import polars as pl

from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import date_span, day


def upcoming_elections_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """One row per vote: country, body, type, voting day(s), round, status, watch window, days to go."""
    lang = t.lang
    rows = []
    for row in frame.iter_rows(named=True):
        in_window = bool(row["in_watch_window"])
        rows.append(
            {
                t("elections.column.country"): row[f"country_{lang}"],
                t("elections.column.body"): row[f"body_{lang}"],
                t("elections.column.type"): row[f"election_type_{lang}"],
                t("elections.column.dates"): date_span(row["date_start"], row["date_end"], lang),
                t("elections.column.round"): row["round"],
                t("elections.column.status"): row[f"status_{lang}"],
                t("elections.column.watch"): t(
                    "elections.watch.in_window" if in_window else "elections.watch.from",
                    date=day(row["watch_window_start"], lang),
                ),
                t("elections.column.days_to_vote"): max(row["days_to_vote"], 0),
            }
        )
    return pl.DataFrame(rows)
