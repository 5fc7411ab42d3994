"""When incidents happen: growth over the years, weekly rhythm, and surges in election watch windows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np

from rrm_dash.demo.frames import choice
from rrm_dash.demo.profiles import CODES, DEMO_START, INDEX, target_weights

ELECTION_PHASES = ("pre_campaign", "campaign", "voting", "post_election")
#: The campaign is the last five weeks before the first voting day.
CAMPAIGN_DAYS = 35
#: Yearly growth of the incident rate (the network sees more as it matures and threats grow).
GROWTH_PER_YEAR = 0.21
WEEKEND_FACTOR = 0.6


@dataclass(frozen=True)
class WatchCalendar:
    """Per focal point (rows, CODES order) and per day since DEMO_START (columns).

    `election` indexes `election_ids` and `election_bodies` (-1 outside any watch window),
    `phase` indexes ELECTION_PHASES, and `surge` multiplies the baseline incident rate.
    """

    election_ids: tuple[str, ...]
    election_bodies: tuple[str, ...]
    election: np.ndarray
    phase: np.ndarray
    surge: np.ndarray

    @property
    def days(self) -> int:
        return int(self.surge.shape[1])


def watch_calendar(con: duckdb.DuckDBPyConnection, today: date) -> WatchCalendar:
    """The watch windows of every election of a focal point (postponed votes excluded)."""
    rows = con.sql(
        """
        select election_id, country, body_en, date_start, date_end,
               watch_window_start, watch_window_end
        from election
        where status <> 'postponed' and watch_window_start < $today
        order by date_end desc, election_id
        """,
        params={"today": today},
    ).fetchall()
    days = (today - DEMO_START).days
    shape = (len(CODES), days)
    election = np.full(shape, -1, dtype=np.int64)
    surge = np.ones(shape)
    ids: list[str] = []
    bodies: list[str] = []
    votes: list[tuple[int, int]] = []
    ended: list[tuple[int, int, np.ndarray]] = []
    for election_id, country, body, start, end, window_start, window_end in rows:
        if country not in INDEX:
            continue
        first = max(0, (window_start - DEMO_START).days)
        d = np.arange(first, min(days, (window_end - DEMO_START).days + 1))
        if len(d) == 0:
            continue
        e, c = len(ids), INDEX[country]
        vote, last = (start - DEMO_START).days, (end - DEMO_START).days
        ids.append(election_id)
        bodies.append(body)
        votes.append((vote, last))
        # About 1.6x before the campaign, 2-3x in its last weeks, 4x on voting days.
        before = 1.4 + 2.4 * np.exp(-(vote - d) / 21.0)
        after = 1.0 + 2.2 * np.exp(-(d - last) / 5.0)
        factor = np.where(d < vote, before, np.where(d <= last, 4.0, after))
        surge[c, d] = np.maximum(surge[c, d], factor)
        # Rows come latest vote first, so an earlier vote overwrites: a day in two windows
        # belongs to the next vote (e.g. between two rounds), else to the last one held.
        election[c, d[d <= last]] = e
        ended.append((e, c, d[d > last]))
    for e, c, d in ended:
        free = d[election[c, d] < 0]
        election[c, free] = e
    phase = _phases(election, votes)
    return WatchCalendar(tuple(ids), tuple(bodies), election, phase, surge)


def _phases(election: np.ndarray, votes: list[tuple[int, int]]) -> np.ndarray:
    """The phase of each day inside a window, from the vote that day belongs to."""
    phase = np.full(election.shape, -1, dtype=np.int64)
    inside = election >= 0
    if not inside.any():
        return phase
    vote = np.array([v for v, _ in votes])[election[inside]]
    last = np.array([end for _, end in votes])[election[inside]]
    d = np.broadcast_to(np.arange(election.shape[1]), election.shape)[inside]
    phase[inside] = np.select([d < vote - CAMPAIGN_DAYS, d < vote, d <= last], [0, 1, 2], default=3)
    return phase


def baseline_rate(rng: np.random.Generator, days: int) -> np.ndarray:
    """Relative incident rate per focal point and day, before election surges."""
    years = np.arange(days) / 365.25
    weekday = (np.arange(days) + DEMO_START.weekday()) % 7
    rhythm = np.exp(GROWTH_PER_YEAR * years) * np.where(weekday >= 5, WEEKEND_FACTOR, 1.0)
    # Month-to-month noise per focal point, so the curves are not suspiciously smooth.
    months = np.arange(days) // 30
    noise = np.exp(0.18 * rng.standard_normal((len(CODES), months[-1] + 1)))[:, months]
    return np.asarray(target_weights()[:, None] * rhythm[None, :] * noise, dtype=float)


def draw_target_days(
    rng: np.random.Generator, n: int, calendar: WatchCalendar
) -> tuple[np.ndarray, np.ndarray]:
    """Primary target and day of first activity of `n` incidents, sorted by day.

    Every focal point is targeted at least once, whatever `n` (one incident each is drawn
    from that focal point's own curve).
    """
    rate = baseline_rate(rng, calendar.days) * calendar.surge
    forced = min(n, len(CODES))
    cells = choice(rng, n - forced, rate.ravel())
    target = np.concatenate([cells // calendar.days, np.arange(forced)])
    day = np.concatenate(
        [cells % calendar.days, [choice(rng, 1, rate[c])[0] for c in range(forced)]]
    )
    order = np.lexsort((rng.random(n), day))
    return target[order], day[order]
