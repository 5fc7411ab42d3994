"""Election risk: a plain-language level, with its reasons, for each upcoming or ongoing election.

For each election whose watch window is open or opens soon, three signals are read over its
*activity period*: the watch window so far, or the last 28 days when the window opened less
than 28 days ago or has not opened yet (`activity_period`).

1. Activity against the baseline: incidents targeting the country in the period against the
   number expected from its baseline (the average over the 52 weeks before the period, scaled
   to the period's length), with the thresholds of a surge (rrm_dash.analytics.surges.SurgeRule):
   large above +25 %, moderate from +10 %; not measured when fewer than 3 incidents were
   expected (the baseline is too thin: the Elections page's threshold).
2. Election-interference techniques (INTERFERENCE_TECHNIQUES) in at least a quarter of the
   period's incidents, and in at least 2 of them.
3. Actors active repeatedly against the member: an actor the viewer may see linked to at least 2
   of the period's incidents.

Points: a large increase 2, a moderate one 1, interference techniques 1, repeat actors 1.
High from 3 points, elevated at 2, low below. Each election's `reasons` are (message key,
params) pairs the page translates (REASON_KEYS, i18n area `warning.reason`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import polars as pl

from rrm_dash.analytics.surges import DEFAULT_RULE, SurgeRule, level_of

#: Levels, most serious first.
LEVELS = ("high", "elevated", "low")
HIGH_FROM_POINTS = 3
ELEVATED_FROM_POINTS = 2
ACTIVITY_POINTS = {"large": 2, "moderate": 1}

#: The activity period is at least this many days: the last 4 weeks before a window opens, or
#: while it is young.
RECENT_DAYS = 28
#: The baseline is read over the 52 weeks before the activity period.
BASELINE_DAYS = 364
#: Below this many incidents expected over the period, the baseline is too thin to compare.
MIN_EXPECTED = 3.0
#: Share of the period's incidents (and least number of them) using interference techniques.
INTERFERENCE_SHARE = 0.25
MIN_INTERFERENCE_INCIDENTS = 2
#: An actor linked to at least this many of the period's incidents is active against the member.
ACTIVE_ACTOR_INCIDENTS = 2
#: Elections whose watch window opens within this many days are listed (besides open ones).
HORIZON_DAYS = 120
#: How many technique ids and actor names a reason names.
NAMED_IN_REASON = 3

#: DISARM Red v1.6 techniques typical of election interference (data/reference/
#: disarm_technique.csv). A tag counts when its id, or its parent technique's id, is listed.
INTERFERENCE_TECHNIQUES: tuple[str, ...] = (
    "T0018",  # Purchase Targeted Advertisements: political micro-targeting of voters
    "T0029",  # Online Polls: manipulated or fake polls
    "T0072.005",  # Political Segmentation: audiences chosen by political leaning
    "T0074.002",  # Domestic Political Advantage: the operation aims at a domestic outcome
    "T0089",  # Obtain Private Documents (and sub-techniques): hack-and-leak of campaign files
    "T0123",  # Offensive Cyberspace Operations (and sub-techniques): attacks on election systems
    "T0135.001",  # Smear: discrediting candidates and officials
    "T0139.001",  # Dissuade from Acting: Discourage (voter suppression, lower turnout)
    "T0139.003",  # Dissuade from Acting: Deter (intimidating voters and candidates)
    "T0148",  # Financial Instrument (and sub-techniques): covert funding channels
)

#: Every message key a reason may carry, with its params (numbers are raw values; the page
#: formats them for the reader's language before translating):
#: - activity_large / activity_moderate / activity_normal: incidents (int, in the period),
#:   expected (float, incidents the baseline predicts for the period), change (float fraction,
#:   0.4 is +40 %; negative when below), days (int, length of the period)
#: - baseline_thin: incidents (int), expected (float), days (int)
#: - no_incidents: days (int)
#: - interference_techniques: share (float fraction), incidents (int, using them), techniques
#:   (str, up to three DISARM ids, most used first, joined by ", ")
#: - actors_active: count (int, actors linked to at least 2 incidents), actors (str, up to three
#:   names, most active first, joined by ", ")
#: - window_not_open: days (int, until the watch window opens), recent_days (int, 28)
REASON_KEYS: tuple[str, ...] = (
    "warning.reason.activity_large",
    "warning.reason.activity_moderate",
    "warning.reason.activity_normal",
    "warning.reason.baseline_thin",
    "warning.reason.no_incidents",
    "warning.reason.interference_techniques",
    "warning.reason.actors_active",
    "warning.reason.window_not_open",
)

Reason = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class ActivityPeriod:
    """The days an election's activity is read over: `start` to `end`, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def baseline_start(self) -> date:
        """First day of the baseline: the BASELINE_DAYS before the period."""
        return self.start - timedelta(days=BASELINE_DAYS)


def activity_period(watch_window_start: date, as_of: date) -> ActivityPeriod:
    """The watch window so far, or the last RECENT_DAYS days when that is shorter (or the
    window has not opened yet); it always ends on `as_of`."""
    recent = as_of - timedelta(days=RECENT_DAYS - 1)
    return ActivityPeriod(min(watch_window_start, recent), as_of)


def is_interference(disarm_id: str) -> bool:
    """Whether a DISARM tag is typical of election interference (INTERFERENCE_TECHNIQUES)."""
    return (
        disarm_id in INTERFERENCE_TECHNIQUES or disarm_id.split(".")[0] in INTERFERENCE_TECHNIQUES
    )


def election_risk(
    elections: pl.DataFrame,
    window: pl.DataFrame,
    baseline: pl.DataFrame,
    techniques: pl.DataFrame,
    actors: pl.DataFrame,
    *,
    as_of: date,
) -> pl.DataFrame:
    """One row per upcoming or ongoing election (watch window ending on or after `as_of`).

    Inputs (rrm_dash.queries.warning.election_inputs): `elections` with election_id, country,
    date_start, watch_window_start, watch_window_end and any label columns (kept); `window`:
    election_id, incidents, interference_incidents (over the activity period); `baseline`:
    election_id, baseline_incidents (over the 52 weeks before it); `techniques`: election_id,
    disarm_id, incidents (interference techniques in the period); `actors`: election_id,
    actor_id, name, incidents (in the period). An election missing from a frame counts zero.

    Adds period_start, period_end, window_open, incidents, expected, change, interference_incidents,
    interference_share, actors (names, most active first), actor_ids, points, level and reasons
    (a list of (message key, params) pairs, an object column). Highest level first, then most
    points, then soonest vote.
    """
    upcoming = elections.filter(pl.col("watch_window_end") >= as_of)
    rows = []
    for election in upcoming.iter_rows(named=True):
        election_id = election["election_id"]
        rows.append(
            _assess(
                election,
                _one(window, election_id),
                _one(baseline, election_id),
                _for(techniques, election_id),
                _for(actors, election_id),
                as_of=as_of,
                rule=DEFAULT_RULE,
            )
        )
    assessed = pl.DataFrame(
        [{key: value for key, value in row.items() if key != "reasons"} for row in rows],
        schema=_ASSESSED_SCHEMA,
    ).with_columns(pl.Series("reasons", [row["reasons"] for row in rows], dtype=pl.Object))
    # the assessment's columns replace any of the same name (e.g. the queries' period_start)
    kept = upcoming.drop(assessed.columns[1:], strict=False)
    joined = pl.concat([kept, assessed.drop("election_id")], how="horizontal")
    return joined.sort(
        [pl.col("level").replace_strict(LEVELS, list(range(len(LEVELS)))), "points", "date_start"],
        descending=[False, True, False],
        maintain_order=True,
    )


_ASSESSED_SCHEMA = pl.Schema(
    {
        "election_id": pl.String(),
        "period_start": pl.Date(),
        "period_end": pl.Date(),
        "window_open": pl.Boolean(),
        "incidents": pl.Int64(),
        "expected": pl.Float64(),
        "change": pl.Float64(),
        "interference_incidents": pl.Int64(),
        "interference_share": pl.Float64(),
        "actors": pl.List(pl.String()),
        "actor_ids": pl.List(pl.String()),
        "points": pl.Int64(),
        "level": pl.String(),
    }
)


def _one(frame: pl.DataFrame, election_id: str) -> Mapping[str, Any]:
    """The frame's row for the election (empty when it has none)."""
    found = frame.filter(pl.col("election_id") == election_id)
    return found.row(0, named=True) if len(found) else {}


def _for(frame: pl.DataFrame, election_id: str) -> pl.DataFrame:
    """The frame's rows for the election, most incidents first."""
    return frame.filter(pl.col("election_id") == election_id).sort(
        "incidents", descending=True, maintain_order=True
    )


def _assess(
    election: Mapping[str, Any],
    window: Mapping[str, Any],
    baseline: Mapping[str, Any],
    techniques: pl.DataFrame,
    actors: pl.DataFrame,
    *,
    as_of: date,
    rule: SurgeRule,
) -> dict[str, Any]:
    period = activity_period(election["watch_window_start"], as_of)
    window_open = election["watch_window_start"] <= as_of
    incidents = int(window.get("incidents") or 0)
    interfering = int(window.get("interference_incidents") or 0)
    expected = int(baseline.get("baseline_incidents") or 0) * period.days / BASELINE_DAYS
    change = None if expected < MIN_EXPECTED else (incidents - expected) / expected
    reasons: list[Reason] = []
    points = 0

    surge = level_of(change, change, rule) if change is not None else None
    reasons.append(_activity_reason(incidents, expected, change, surge, period.days))
    points += ACTIVITY_POINTS.get(surge or "", 0)

    share = interfering / incidents if incidents else None
    if (
        share is not None
        and share >= INTERFERENCE_SHARE
        and interfering >= MIN_INTERFERENCE_INCIDENTS
    ):
        points += 1
        named = ", ".join(techniques["disarm_id"].head(NAMED_IN_REASON).to_list())
        reasons.append(
            (
                "warning.reason.interference_techniques",
                {"share": share, "incidents": interfering, "techniques": named},
            )
        )

    repeat = actors.filter(pl.col("incidents") >= ACTIVE_ACTOR_INCIDENTS)
    if len(repeat):
        points += 1
        names = ", ".join(repeat["name"].head(NAMED_IN_REASON).to_list())
        reasons.append(("warning.reason.actors_active", {"count": len(repeat), "actors": names}))

    if not window_open:
        days = (election["watch_window_start"] - as_of).days
        reasons.append(
            ("warning.reason.window_not_open", {"days": days, "recent_days": RECENT_DAYS})
        )
    return {
        "election_id": election["election_id"],
        "period_start": period.start,
        "period_end": period.end,
        "window_open": window_open,
        "incidents": incidents,
        "expected": expected,
        "change": change,
        "interference_incidents": interfering,
        "interference_share": share,
        "actors": actors["name"].to_list(),
        "actor_ids": actors["actor_id"].to_list(),
        "points": points,
        "level": _level(points),
        "reasons": reasons,
    }


def _activity_reason(
    incidents: int, expected: float, change: float | None, surge: str | None, days: int
) -> Reason:
    if incidents == 0:
        return ("warning.reason.no_incidents", {"days": days})
    if change is None:
        return (
            "warning.reason.baseline_thin",
            {"incidents": incidents, "expected": expected, "days": days},
        )
    params = {"incidents": incidents, "expected": expected, "change": change, "days": days}
    return (f"warning.reason.activity_{surge or 'normal'}", params)


def _level(points: int) -> str:
    if points >= HIGH_FROM_POINTS:
        return "high"
    if points >= ELEVATED_FROM_POINTS:
        return "elevated"
    return "low"
