"""Early warning tables as people read them: names, dates and changes in their language, the
reasons for each election's risk in words, and a link to each row's incidents."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import polars as pl

from rrm_dash.analytics import election_risk as risk
from rrm_dash.analytics.alerts import (
    election_narrowing,
    format_params,
    signal_narrowing,
    surge_narrowing,
)
from rrm_dash.analytics.surges import DEFAULT_RULE, LONG_WEEKS, SHORT_WEEKS, SurgeRule
from rrm_dash.filters import Filters, to_query_params
from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import date_span, day, number, percent
from rrm_dash.tables.elections import signed_change

#: Builds the link to the incidents narrowed by the filter URL parameters it is given.
LinkMaker = Callable[[Mapping[str, str]], str]
#: Weeks drawn in a surge row's trend.
TREND_WEEKS = 12
#: Actors named in an election's row (most active first; the others are counted).
ACTORS_NAMED = 5


def incidents_link(
    filters: Filters, defaults: Filters, narrowing: Mapping[str, str], lang: str
) -> str:
    """A relative link to the Incidents view with the viewer's filters, narrowed by `narrowing`
    (its parameters replace the viewer's of the same name; an empty one clears it), in the
    viewer's language."""
    params = to_query_params(filters, defaults) | dict(narrowing) | {"lang": lang}
    return "incidents?" + urlencode({k: v for k, v in params.items() if v}, safe=",")


def surge_table(
    surges: pl.DataFrame,
    weekly: pl.DataFrame,
    t: Translate,
    names: Mapping[str, str],
    link: LinkMaker,
) -> pl.DataFrame:
    """One row per surge: where (country or heading name), week, incidents, both baselines
    (weekly means), both changes, level, the weekly counts of the last TREND_WEEKS weeks, and
    the link to the week's incidents."""
    lang = t.lang
    rows = []
    for row in surges.iter_rows(named=True):
        week: date = row["week"]
        first = week - timedelta(weeks=TREND_WEEKS - 1)
        trend = (
            weekly.filter(
                (pl.col("scope") == row["scope"])
                & (pl.col("key") == row["key"])
                & pl.col("week").is_between(first, week)
            )
            .sort("week")["incidents"]
            .to_list()
        )
        rows.append(
            {
                t("warning.column.where"): names.get(row["key"], row["key"]),
                t("warning.column.week"): t("warning.week_of", date=day(week, lang)),
                t("warning.column.current"): row["current"],
                t("warning.column.baseline_4"): _mean(row["baseline_4"], lang),
                t("warning.column.baseline_52"): _mean(row["baseline_52"], lang),
                t("warning.column.change_4"): _change(row["change_4"], t),
                t("warning.column.change_52"): _change(row["change_52"], t),
                t("warning.column.level"): t(f"warning.level.{row['level']}"),
                t("warning.column.trend"): trend,
                t("warning.column.link"): link(surge_narrowing(row)),
            }
        )
    return pl.DataFrame(rows, schema=_surge_schema(t))


def _surge_schema(t: Translate) -> dict[str, pl.DataType | type[pl.DataType]]:
    return {
        t("warning.column.where"): pl.String,
        t("warning.column.week"): pl.String,
        t("warning.column.current"): pl.Int64,
        t("warning.column.baseline_4"): pl.String,
        t("warning.column.baseline_52"): pl.String,
        t("warning.column.change_4"): pl.String,
        t("warning.column.change_52"): pl.String,
        t("warning.column.level"): pl.String,
        t("warning.column.trend"): pl.List(pl.Int64),
        t("warning.column.link"): pl.String,
    }


def _mean(value: float, lang: str) -> str:
    return number(round(value, 1), lang)


def _change(value: float | None, t: Translate) -> str:
    """'+30%', or 'none before' when the baseline had no incident (any rise counts)."""
    return t("warning.change_from_nothing") if value is None else signed_change(value, t.lang)


def signal_table(
    signals: pl.DataFrame, t: Translate, names: Mapping[str, str], link: LinkMaker
) -> pl.DataFrame:
    """One row per cross-member signal: what kind, what (its label), the members who saw it
    (names), incidents, first and last seen, and the link to those incidents."""
    lang = t.lang
    rows = [
        {
            t("warning.column.kind"): t(f"warning.kind.{row['kind']}"),
            t("warning.column.what"): row["label"] or row["item"],
            t("warning.column.members"): ", ".join(
                names.get(member, member) for member in row["members"]
            ),
            t("warning.column.member_count"): len(row["members"]),
            t("warning.column.incidents"): row["incidents"],
            t("warning.column.first_seen"): day(row["first_seen"], lang),
            t("warning.column.last_seen"): day(row["last_seen"], lang),
            t("warning.column.link"): link(signal_narrowing(row)),
        }
        for row in signals.iter_rows(named=True)
    ]
    return pl.DataFrame(
        rows,
        schema={
            t("warning.column.kind"): pl.String,
            t("warning.column.what"): pl.String,
            t("warning.column.members"): pl.String,
            t("warning.column.member_count"): pl.Int64,
            t("warning.column.incidents"): pl.Int64,
            t("warning.column.first_seen"): pl.String,
            t("warning.column.last_seen"): pl.String,
            t("warning.column.link"): pl.String,
        },
    )


def reasons_text(reasons: Sequence[tuple[str, Mapping[str, Any]]], t: Translate) -> str:
    """An election's reasons, each translated with its parameters formatted for the reader."""
    return " ".join(t(key, **format_params(params, t.lang)) for key, params in reasons)


def election_table(risks: pl.DataFrame, t: Translate, link: LinkMaker) -> pl.DataFrame:
    """One row per upcoming or ongoing election: election (member, body), vote, level, the
    activity period, its incidents against those expected and the change, the share using
    election-interference techniques, the actors active against the member, the reasons in
    words, and the link to the period's incidents against the member."""
    lang = t.lang
    rows = []
    for row in risks.iter_rows(named=True):
        change = row["change"]
        share = row["interference_share"]
        rows.append(
            {
                t("warning.column.election"): f"{row[f'country_{lang}']} — {row[f'body_{lang}']}",
                t("warning.column.vote"): date_span(row["date_start"], row["date_end"], lang),
                t("warning.column.level"): t(f"warning.level.{row['level']}"),
                t("warning.column.period"): date_span(row["period_start"], row["period_end"], lang),
                t("warning.column.incidents"): row["incidents"],
                t("warning.column.expected"): _mean(row["expected"], lang),
                t("warning.column.change"): "—" if change is None else signed_change(change, lang),
                t("warning.column.interference"): "—" if share is None else percent(share, lang),
                t("warning.column.actors"): _some(row["actors"] or [], t),
                t("warning.column.reasons"): reasons_text(row["reasons"], t),
                t("warning.column.link"): link(election_narrowing(row)),
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            t("warning.column.election"): pl.String,
            t("warning.column.vote"): pl.String,
            t("warning.column.level"): pl.String,
            t("warning.column.period"): pl.String,
            t("warning.column.incidents"): pl.Int64,
            t("warning.column.expected"): pl.String,
            t("warning.column.change"): pl.String,
            t("warning.column.interference"): pl.String,
            t("warning.column.actors"): pl.String,
            t("warning.column.reasons"): pl.String,
            t("warning.column.link"): pl.String,
        },
    )


def _some(names: Sequence[str], t: Translate) -> str:
    """The first ACTORS_NAMED names, and how many more there are."""
    shown = ", ".join(names[:ACTORS_NAMED])
    if len(names) <= ACTORS_NAMED:
        return shown
    return t("warning.more", names=shown, count=number(len(names) - ACTORS_NAMED, t.lang))


def surge_rule_text(rule: SurgeRule, t: Translate) -> str:
    """The surge rule in words, with the thresholds `rule` applies."""
    lang = t.lang
    return t(
        "warning.surge.rule",
        short=number(SHORT_WEEKS, lang),
        long=number(LONG_WEEKS, lang),
        large=signed_change(rule.large_above, lang),
        moderate=signed_change(rule.moderate_from, lang),
        min_weekly=number(rule.min_baseline_weekly, lang),
        min_weeks=number(rule.min_baseline_weeks, lang),
        min_current=number(rule.min_current, lang),
    )


def election_method_text(t: Translate, technique_labels: Mapping[str, str]) -> str:
    """How an election's risk level is worked out, as Markdown paragraphs, with the thresholds
    of rrm_dash.analytics.election_risk and its list of election-interference techniques
    (`technique_labels`: DISARM id -> 'id name'; the id alone where unknown)."""
    lang = t.lang
    rule = DEFAULT_RULE
    techniques = ", ".join(
        technique_labels.get(code, code) for code in risk.INTERFERENCE_TECHNIQUES
    )
    paragraphs = [
        t(
            "warning.election.method_activity",
            recent=number(risk.RECENT_DAYS, lang),
            baseline=number(risk.BASELINE_DAYS, lang),
            large=signed_change(rule.large_above, lang),
            moderate=signed_change(rule.moderate_from, lang),
            min_expected=number(risk.MIN_EXPECTED, lang),
        ),
        t(
            "warning.election.method_techniques",
            share=percent(risk.INTERFERENCE_SHARE, lang),
            minimum=number(risk.MIN_INTERFERENCE_INCIDENTS, lang),
            techniques=techniques,
        ),
        t("warning.election.method_actors", minimum=number(risk.ACTIVE_ACTOR_INCIDENTS, lang)),
        t(
            "warning.election.method_points",
            large=number(risk.ACTIVITY_POINTS["large"], lang),
            moderate=number(risk.ACTIVITY_POINTS["moderate"], lang),
            high=number(risk.HIGH_FROM_POINTS, lang),
            elevated=number(risk.ELEVATED_FROM_POINTS, lang),
        ),
    ]
    return "\n\n".join(paragraphs)
