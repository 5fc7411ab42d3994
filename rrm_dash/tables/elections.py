"""Election tables as people read them: names, dates in their language, watch status in words."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import polars as pl

from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import date_span, day, number, percent
from rrm_dash.queries.elections import BaselineComparison


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


def election_calendar_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """The calendar as read: one row per vote, upcoming first; days to the vote for upcoming ones."""
    lang = t.lang
    rows = [
        {
            t("elections.column.country"): row[f"country_{lang}"],
            t("elections.column.body"): row[f"body_{lang}"],
            t("elections.column.type"): row[f"election_type_{lang}"],
            t("elections.column.dates"): date_span(row["date_start"], row["date_end"], lang),
            t("elections.column.round"): row["round"],
            t("elections.column.status"): row[f"status_{lang}"],
            t("elections.column.watch"): date_span(
                row["watch_window_start"], row["watch_window_end"], lang
            ),
            t("elections.column.days_to_vote"): (
                max(row["days_to_vote"], 0) if row["upcoming"] else None
            ),
        }
        for row in frame.iter_rows(named=True)
    ]
    return pl.DataFrame(rows, schema_overrides={t("elections.column.days_to_vote"): pl.Int64})


def election_labels(frame: pl.DataFrame, t: Translate) -> dict[str, str]:
    """election_id -> 'Member — body, voting day (round n)', for choosing one."""
    lang = t.lang
    labels = {}
    for row in frame.iter_rows(named=True):
        label = t(
            "elections.choice.label",
            country=row[f"country_{lang}"],
            body=row[f"body_{lang}"],
            date=day(row["date_start"], lang),
        )
        if row["round"] > 1:
            label += " " + t("elections.choice.round", round=row["round"])
        labels[row["election_id"]] = label
    return labels


def top_techniques_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """DISARM technique id and name, and the number of incidents seen with it."""
    return pl.DataFrame(
        {
            t("elections.column.technique_id"): frame["disarm_id"],
            t("elections.column.technique"): frame["name"],
            t("elections.column.incidents"): frame["incidents"],
        }
    )


def top_actors_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """Actor name, kind in the reader's language, and the number of incidents linked to it."""
    return pl.DataFrame(
        {
            t("elections.column.actor"): frame["name"],
            t("elections.column.actor_kind"): frame[f"actor_kind_{t.lang}"],
            t("elections.column.incidents"): frame["incidents"],
        }
    )


def baseline_sentence(comparison: BaselineComparison, t: Translate) -> str:
    """'x incidents vs baseline y (+z %)', or the count with a baseline too thin to compare."""
    lang = t.lang
    count = number(comparison.in_window, lang)
    baseline = number(round(comparison.baseline, 1), lang)
    if comparison.change is None:
        return t("elections.window.too_thin", count=count, baseline=baseline)
    change = signed_change(comparison.change, lang)
    return t("elections.window.versus", count=count, baseline=baseline, change=change)


def signed_change(change: float, lang: str) -> str:
    """A relative change with its sign: '+25%', '-10 %', '0%'."""
    text = percent(change, lang)
    return "+" + text if change > 0 else text


def election_links(
    election_id: str, country: str, watch: tuple[date, date], today: date, lang: str
) -> tuple[str, str]:
    """Relative links to the timeline (filtered to the election) and to the map, over the watch
    window; dates after today are brought back to today (the filter bar's dates end today)."""
    start, end = (min(moment, today) for moment in watch)
    period = {"from": start.isoformat(), "to": end.isoformat()}
    timeline = {"election": election_id, "member": country, **period, "lang": lang}
    incident_map = {"member": country, **period, "lang": lang}
    return f"timeline?{urlencode(timeline)}", f"map?{urlencode(incident_map)}"
