"""The few alerts that matter most right now: the largest surge, the election most at risk, the
widest cross-member signal (the Overview and the briefing show them).

Inputs are the frames of rrm_dash.analytics.surges.find_surges, election_risk.election_risk and
signals.ranked_signals. Each kind's best alert comes first, the most severe of those
leading; when more than one per kind is asked for, the next best of each kind follows, round
by round.

Every alert speaks one scale, whatever its kind:

- "high": a large surge (above the large threshold against both baselines), an election at
  high risk, a signal seen against three or more members;
- "elevated": a moderate surge, an election at elevated risk, a signal seen against two members.

Elections at low risk are not alerts.

Choosing and writing alerts is pure (frames in, alerts out). Only `warning_picture` reads the
warehouse: the three inputs for a viewer, shared by the Early warning page, the Overview and
the briefing so that each shows the same alerts for the same viewer, filters and day (the
names of the codes alerts carry come from rrm_dash.queries.filters.code_names).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.analytics.election_risk import election_risk
from rrm_dash.analytics.signals import (
    DEFAULT_WINDOW_DAYS,
    ranked_signals,
    with_combination_labels,
)
from rrm_dash.analytics.surges import DEFAULT_RULE, SurgeRule, last_complete_week, recent_surges
from rrm_dash.filters import Filters
from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import day, number, percent
from rrm_dash.queries import warning
from rrm_dash.queries.runner import Source

#: Order of the kinds when their alerts are equally severe.
KINDS = ("surge", "election", "signal")
LEVELS = ("high", "elevated")
_SEVERITY = {"high": 2, "elevated": 1}
#: A signal seen against this many members or more is "high".
WIDE_SIGNAL_MEMBERS = 3

#: Every message key an Alert may carry (i18n area `warning`).
MESSAGE_KEYS = (
    "warning.alert.surge_country",
    "warning.alert.surge_heading",
    "warning.alert.election_high",
    "warning.alert.election_elevated",
    "warning.alert.signal_actor",
    "warning.alert.signal_narrative",
    "warning.alert.signal_techniques",
)


@dataclass(frozen=True)
class Alert:
    """One alert, ready to be translated.

    kind: "surge" | "election" | "signal"; key: what it is about, unique within its kind
    (e.g. "country:FR", an election id, "actor:ACT-0001"); level: "high" | "elevated".
    message_key and params: `t(message_key, **params)` once params are formatted by
    `alert_text` — dates are `date`, counts `int`, changes and shares `float` fractions, codes
    `str` (turned into names by the caller's `names`), lists of codes `tuple[str, ...]`.
    link_params: the filter bar's URL parameters (rrm_dash.filters) that narrow the incidents
    to the alert's own; merge them over the viewer's filters to build a link.
    """

    kind: str
    key: str
    level: str
    message_key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    link_params: Mapping[str, str] = field(default_factory=dict)

    @property
    def severity(self) -> int:
        return _SEVERITY.get(self.level, 0)


def _first(frame: pl.DataFrame, limit: int | None) -> pl.DataFrame:
    return frame if limit is None else frame.head(limit)


def surge_alerts(surges: pl.DataFrame, limit: int | None = None) -> list[Alert]:
    """Surges as alerts, largest first (level, then the smaller of the two changes), one per
    country or heading: its largest surge of the weeks judged. At most `limit` of them."""
    if surges.is_empty():
        return []
    rows = (
        surges.with_columns(
            pl.min_horizontal("change_4", "change_52").alias("_change"),
            pl.when(pl.col("level") == "large").then(2).otherwise(1).alias("_rank"),
        )
        .sort(["_rank", "_change", "current", "key"], descending=[True, True, True, False])
        .unique(["scope", "key"], keep="first", maintain_order=True)
        .pipe(_first, limit)
    )
    alerts = []
    for row in rows.iter_rows(named=True):
        scope = str(row["scope"])
        week: date = row["week"]
        subject = "country" if scope == "country" else "heading"
        link = surge_narrowing(row)
        alerts.append(
            Alert(
                kind="surge",
                key=f"{scope}:{row['key']}",
                level="high" if row["level"] == "large" else "elevated",
                message_key=f"warning.alert.surge_{subject}",
                params={
                    subject: str(row["key"]),
                    "current": int(row["current"]),
                    "week": week,
                    "change": float(row["_change"]),
                },
                link_params=link,
            )
        )
    return alerts


def election_alerts(risks: pl.DataFrame, limit: int | None = None) -> list[Alert]:
    """Elections at high or elevated risk as alerts: highest level first, then most points,
    then the largest rise in activity, then the soonest vote. At most `limit` of them."""
    if risks.is_empty():
        return []
    rank = {"high": 2, "elevated": 1}
    rows = (
        risks.filter(pl.col("level").is_in(list(rank)))
        .with_columns(pl.col("level").replace_strict(rank, return_dtype=pl.Int8).alias("_rank"))
        .sort(
            ["_rank", "points", "change", "date_start", "election_id"],
            descending=[True, True, True, False, False],
            nulls_last=True,
        )
        .pipe(_first, limit)
    )
    alerts = []
    for row in rows.iter_rows(named=True):
        level = str(row["level"])
        period_days = (row["period_end"] - row["period_start"]).days + 1
        alerts.append(
            Alert(
                kind="election",
                key=str(row["election_id"]),
                level=level,
                message_key=f"warning.alert.election_{level}",
                params={
                    "country": str(row["country"]),
                    "date": row["date_start"],
                    "incidents": int(row["incidents"] or 0),
                    "days": period_days,
                },
                link_params=election_narrowing(row),
            )
        )
    return alerts


def election_narrowing(row: Mapping[str, Any]) -> dict[str, str]:
    """Filter URL parameters for the incidents an election's risk is read from: those targeting
    its country over its activity period (not only those tagged with the election, so the
    filter bar's election is cleared, as the risk's count clears it)."""
    period = _period(row["period_start"], row["period_end"])
    return {"member": str(row["country"]), "election": ""} | period


def signal_alerts(signals: pl.DataFrame, limit: int | None = None) -> list[Alert]:
    """Cross-member signals as alerts, widest first (members, then incidents, then latest).
    At most `limit` of them."""
    if signals.is_empty():
        return []
    rows = (
        signals.with_columns(pl.col("members").list.len().alias("_width"))
        .sort(
            ["_width", "incidents", "last_seen", "kind", "item"],
            descending=[True, True, True, False, False],
        )
        .pipe(_first, limit)
    )
    alerts = []
    for row in rows.iter_rows(named=True):
        kind = str(row["kind"])
        members = tuple(str(member) for member in row["members"])
        link = signal_narrowing(row)
        alerts.append(
            Alert(
                kind="signal",
                key=f"{kind}:{row['item']}",
                level="high" if len(members) >= WIDE_SIGNAL_MEMBERS else "elevated",
                message_key=f"warning.alert.signal_{kind}",
                params={
                    "label": str(row["label"] or row["item"]),
                    "count": len(members),
                    "members": members,
                    "first_seen": row["first_seen"],
                    "incidents": int(row["incidents"]),
                },
                link_params=link,
            )
        )
    return alerts


def _period(first: date, last: date) -> dict[str, str]:
    return {"from": first.isoformat(), "to": last.isoformat()}


def surge_narrowing(row: Mapping[str, Any]) -> dict[str, str]:
    """Filter URL parameters for a surge's incidents: its country (as a targeted member) or its
    heading, over its week."""
    week: date = row["week"]
    param = "member" if row["scope"] == "country" else "heading"
    return {param: str(row["key"])} | _period(week, week + timedelta(days=6))


def signal_narrowing(row: Mapping[str, Any]) -> dict[str, str]:
    """Filter URL parameters for a signal's incidents: its members between first and last seen,
    and its actor or techniques (the filter bar has no narrative: a narrative's link shows
    every incident against those members then)."""
    link = {"member": ",".join(str(member) for member in row["members"])}
    link |= _period(row["first_seen"], row["last_seen"])
    if row["kind"] == "actor":
        link["actor"] = str(row["item"])
    elif row["kind"] == "techniques":
        link["technique"] = ",".join(str(row["item"]).split("+"))
    return link


def top_alerts(
    surges: pl.DataFrame, risks: pl.DataFrame, signals: pl.DataFrame, n: int = 3
) -> list[Alert]:
    """The `n` most important alerts: the best of each kind first (largest surge, highest
    election risk, widest cross-member signal), the most severe leading; then the next best of
    each kind, round by round, until there are `n` or none are left."""
    # No kind can give more than n of the n chosen: building the others (thousands of signals
    # at 10M incidents) was most of a warm Overview rerun.
    queues = [surge_alerts(surges, n), election_alerts(risks, n), signal_alerts(signals, n)]
    chosen: list[Alert] = []
    depth = 0
    while len(chosen) < n and any(depth < len(queue) for queue in queues):
        round_ = [queue[depth] for queue in queues if depth < len(queue)]
        round_.sort(key=lambda alert: (-alert.severity, KINDS.index(alert.kind)))
        chosen.extend(round_[: n - len(chosen)])
        depth += 1
    return chosen


#: Fraction parameters written as signed percentages ("+40%"), and as plain ones ("25%").
SIGNED_PERCENT_PARAMS = frozenset({"change"})
PERCENT_PARAMS = frozenset({"share"})


def alert_text(alert: Alert, t: Translate, names: Mapping[str, str] | None = None) -> str:
    """The alert in the translator's language: dates and numbers formatted for it, codes
    replaced by their names where `names` knows them (country, heading, member codes)."""
    return t(alert.message_key, **format_params(alert.params, t.lang, names))


def format_params(
    params: Mapping[str, Any], lang: str, names: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Message parameters written for `lang`: dates as dates, counts as numbers, `change` as a
    signed percentage and `share` as a percentage, other fractional numbers to one decimal,
    codes (and lists of codes) as the names `names` gives them (the code itself otherwise)."""
    known = names or {}
    return {name: _format(name, value, lang, known) for name, value in params.items()}


def _format(name: str, value: object, lang: str, names: Mapping[str, str]) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, date):
        return day(value, lang)
    if isinstance(value, int):
        return number(value, lang)
    if isinstance(value, float):
        if name in SIGNED_PERCENT_PARAMS:
            text = percent(value, lang)
            return "+" + text if value > 0 else text
        if name in PERCENT_PARAMS:
            return percent(value, lang)
        return number(round(value, 1), lang)
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, Sequence):
        return ", ".join(names.get(str(item), str(item)) for item in value)
    return str(value)


#: Complete weeks judged for surges: a surge stays on the page for a month (a task force
#: checking weekly still sees last week's), the latest week first.
RECENT_WEEKS = 4


@dataclass(frozen=True)
class WarningPicture:
    """What the Early warning page shows, for one viewer, filter bar and day."""

    as_of: date
    """The last day counted (the filter bar's end date, else today)."""
    week: date
    """The Monday of the last complete week up to `as_of`: surges are judged for it and the
    RECENT_WEEKS - 1 weeks before it."""
    rule: SurgeRule
    window_days: int
    """Days a cross-member signal's sightings must fall in."""
    weekly: pl.DataFrame
    """Incidents per week per targeted country and heading (rrm_dash.queries.warning)."""
    surges: pl.DataFrame
    risks: pl.DataFrame
    signals: pl.DataFrame

    def top_alerts(self, n: int = 3) -> list[Alert]:
        return top_alerts(self.surges, self.risks, self.signals, n)


def warning_picture(
    source: Source,
    principal: Principal,
    filters: Filters,
    *,
    as_of: date,
    rule: SurgeRule = DEFAULT_RULE,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> WarningPicture:
    """Surges in the last RECENT_WEEKS complete weeks up to `as_of` (latest first), the risk of every upcoming or ongoing
    election, and the cross-member signals of the `window_days` days ending `as_of`, read
    through the viewer's scope and the filter bar's filters (its period is replaced by the
    periods each measure needs; its members narrow the surges and elections to theirs, and the
    signals to those they are part of). Kept per snapshot, viewer, filters and day; the filter
    bar's period is not part of the key, since every measure replaces it."""
    return _kept_picture(
        source,
        principal,
        filters.with_changes(date_from=None, date_to=None),
        as_of=as_of,
        rule=rule,
        window_days=window_days,
    )


# The picture is a pure function of these arguments over one immutable snapshot (the Source):
# Overview, Early warning and Briefing, and every rerun, share it instead of recomputing it.
@functools.lru_cache(maxsize=32)
def _kept_picture(
    source: Source,
    principal: Principal,
    filters: Filters,
    *,
    as_of: date,
    rule: SurgeRule,
    window_days: int,
) -> WarningPicture:
    week = last_complete_week(as_of)
    weekly = warning.weekly_counts(source, principal, filters, as_of=as_of)
    surges = recent_surges(weekly, week, weeks=RECENT_WEEKS, rule=rule)
    inputs = warning.election_inputs(source, principal, filters, as_of=as_of)
    risks = election_risk(**inputs, as_of=as_of)
    signals = with_combination_labels(
        ranked_signals(
            warning.signals(source, principal, filters, as_of=as_of, window_days=window_days),
            involving=filters.members,
        ),
        warning.technique_names(source, principal),
    )
    return WarningPicture(as_of, week, rule, window_days, weekly, surges, risks, signals)


def forget_warning_pictures() -> None:
    """Drop every kept picture (tests start from none)."""
    _kept_picture.cache_clear()
