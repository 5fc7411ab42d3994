"""Meetings of the network (plenaries, working groups, ad hoc election calls) and who attended."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import numpy as np
import polars as pl

from rrm_dash.demo.frames import choice
from rrm_dash.demo.markings import marking_columns
from rrm_dash.demo.profiles import (
    CITIES,
    CODES,
    COORDINATION_UNIT,
    FIRST_PLENARY,
    IN_SENTENCE,
    INDEX,
    ORIGINATORS,
    PRESIDENCY,
    PROFILES,
    engagement,
)

WORKING_GROUP_TOPICS = (
    "Election integrity", "Transnational repression", "Data and methods",
    "AI-generated content", "Gender and foreign interference", "Platform engagement",
    "Threat landscape", "Resilience and public communication",
)  # fmt: skip
#: Members whose national votes (and the EU's European Parliament vote) get an ad hoc call.
_AD_HOC_COUNTRIES = ("CA", "FR", "DE", "IT", "JP", "GB", "US", "EU")
_VIRTUAL_YEARS = {2020, 2021}


def _weekday(day: date) -> date:
    """The next weekday on or after `day`."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def ad_hoc_elections(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, date]]:
    """(country, body, first voting day) of the votes that get an ad hoc coordination call."""
    return [
        (str(country), str(body), vote)
        for country, body, vote in con.sql(
            "select country, body_en, date_start from election"
            " where (level = 'national' or country = 'EU') and list_contains($countries, country)"
            " and status <> 'postponed' order by date_start, election_id",
            params={"countries": list(_AD_HOC_COUNTRIES)},
        ).fetchall()
    ]


def meeting_schedule(
    rng: np.random.Generator, elections: list[tuple[str, str, date]], today: date
) -> list[tuple[str, str, date, str, str, str | None]]:
    """(type, title, held_on, chair, location, election country) for every meeting before today."""
    meetings: list[tuple[str, str, date, str, str, str | None]] = []
    for year in range(FIRST_PLENARY.year, today.year + 1):
        seasons = (
            [("autumn", 11)] if year == FIRST_PLENARY.year else [("spring", 4), ("autumn", 10)]
        )
        for season, month in seasons:
            held = _weekday(date(year, month, 1) + timedelta(days=int(rng.integers(0, 25))))
            chair = PRESIDENCY.get(year, COORDINATION_UNIT)
            place = "Virtual" if year in _VIRTUAL_YEARS else CITIES[chair][0][0]
            meetings.append(("plenary", f"RRM plenary, {season} {year}", held, chair, place, None))
        if year > FIRST_PLENARY.year:
            for k in range(int(rng.integers(6, 11))):
                held = _weekday(date(year, 1, 10) + timedelta(days=int(rng.integers(0, 340))))
                topic = WORKING_GROUP_TOPICS[(year + k) % len(WORKING_GROUP_TOPICS)]
                chair = str(rng.choice(["CU", "CA", "FR", "GB", "EU", "US", "DE"]))
                meetings.append(
                    ("working_group", f"Working group: {topic}", held, chair, "Virtual", None)
                )
    for country, body, vote in elections:
        held = _weekday(vote - timedelta(days=int(rng.integers(7, 22))))
        if held < FIRST_PLENARY:
            continue
        title = f"Ad hoc call: {body} vote in {IN_SENTENCE[country]} ({vote.isoformat()})"
        meetings.append(("ad_hoc", title, held, country, "Virtual", country))
    return sorted((m for m in meetings if m[2] < today), key=lambda m: (m[2], m[0], m[1]))


def meeting_tables(
    rng: np.random.Generator, elections: list[tuple[str, str, date]], today: date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The meeting table and one attendance row per focal point per meeting."""
    schedule = meeting_schedule(rng, elections, today)
    n = len(schedule)
    ids = [f"MTG-{i + 1:04d}" for i in range(n)]
    held = np.array([m[2] for m in schedule], dtype="datetime64[D]")
    kind = np.array([m[0] for m in schedule])
    tlp = np.select(
        [kind == "plenary", kind == "working_group"],
        [choice(rng, n, (0.1, 0.6, 0.3, 0, 0)), choice(rng, n, (0, 0.5, 0.5, 0, 0))],
        default=choice(rng, n, (0, 0.1, 0.6, 0.3, 0)),
    )
    originator = np.where(rng.random(n) < 0.8, ORIGINATORS.index(COORDINATION_UNIT),
                          [ORIGINATORS.index(m[3]) for m in schedule])  # fmt: skip
    horizon = np.datetime64(today, "us")
    meeting = pl.DataFrame(
        {
            "meeting_id": ids,
            "meeting_type": kind,
            "title": [m[1] for m in schedule],
            "held_on": held,
            "chair_member": [m[3] for m in schedule],
            "location": [m[4] for m in schedule],
            "created_at": held.astype("datetime64[us]") - np.timedelta64(14, "D"),
            "updated_at": np.minimum(
                held.astype("datetime64[us]") + np.timedelta64(2, "D"), horizon
            ),
        }
    ).hstack(marking_columns(rng, originator, tlp, chatham_share=0.1))
    return meeting, _attendance(rng, ids, schedule)


def _attendance(
    rng: np.random.Generator,
    ids: list[str],
    schedule: list[tuple[str, str, date, str, str, str | None]],
) -> pl.DataFrame:
    """Engaged focal points attend and present; temporary ones mostly only attend plenaries."""
    eng = engagement()
    plenary = np.array([p.attend_plenary for p in PROFILES])
    kinds = np.array([m[0] for m in schedule])[:, None]
    host = np.array([INDEX.get(m[5] or "", -1) for m in schedule])[:, None] == np.arange(len(CODES))
    p_attend = np.select(
        [kinds == "plenary", kinds == "working_group"],
        [np.broadcast_to(plenary, host.shape), np.broadcast_to(0.08 + 0.88 * eng, host.shape)],
        default=np.broadcast_to(0.2 + 0.75 * eng, host.shape),
    )
    p_present = np.where(kinds == "plenary", 0.08 + 0.5 * eng, 0.03 + 0.4 * eng)
    attended = (rng.random(host.shape) < p_attend) | host
    presented = attended & ((rng.random(host.shape) < p_present) | host)
    return pl.DataFrame(
        {
            "meeting_id": np.repeat(ids, len(CODES)),
            "member_code": np.tile(CODES, len(ids)),
            "attended": attended.ravel(),
            "presented": presented.ravel(),
        }
    )
