"""Election risk: activity against the baseline, interference techniques, repeat actors."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest

from rrm_dash import PROJECT_DIR
from rrm_dash.analytics.election_risk import (
    BASELINE_DAYS,
    INTERFERENCE_TECHNIQUES,
    REASON_KEYS,
    RECENT_DAYS,
    activity_period,
    election_risk,
    is_interference,
)

AS_OF = date(2026, 10, 1)
WINDOW_OPENED = AS_OF - timedelta(days=55)  # a 56-day period so far: 8 weeks
VOTE = AS_OF + timedelta(days=20)


def elections(*rows: tuple[str, str, date]) -> pl.DataFrame:
    """(election_id, country, watch_window_start) rows; the vote is 60 days after the opening."""
    return pl.DataFrame(
        [
            {
                "election_id": election_id,
                "country": country,
                "body_en": "Parliament",
                "date_start": opens + timedelta(days=60),
                "watch_window_start": opens,
                "watch_window_end": opens + timedelta(days=74),
            }
            for election_id, country, opens in rows
        ],
        schema={
            "election_id": pl.String,
            "country": pl.String,
            "body_en": pl.String,
            "date_start": pl.Date,
            "watch_window_start": pl.Date,
            "watch_window_end": pl.Date,
        },
    )


def frame(rows: list[dict[str, Any]], schema: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema)


def assess(
    *,
    incidents: int,
    baseline_per_week: float,
    interfering: int = 0,
    actors: dict[str, int] | None = None,
    opens: date = WINDOW_OPENED,
    techniques: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The risk row of one election in CA with these counts."""
    rows = election_risk(
        elections(("ca.vote", "CA", opens)),
        frame(
            [
                {
                    "election_id": "ca.vote",
                    "incidents": incidents,
                    "interference_incidents": interfering,
                }
            ],
            {"election_id": pl.String, "incidents": pl.Int64, "interference_incidents": pl.Int64},
        ),
        frame(
            [{"election_id": "ca.vote", "baseline_incidents": round(baseline_per_week * 52)}],
            {"election_id": pl.String, "baseline_incidents": pl.Int64},
        ),
        frame(
            [
                {"election_id": "ca.vote", "disarm_id": code, "name": code, "incidents": n}
                for code, n in (techniques or {}).items()
            ],
            {
                "election_id": pl.String,
                "disarm_id": pl.String,
                "name": pl.String,
                "incidents": pl.Int64,
            },
        ),
        frame(
            [
                {"election_id": "ca.vote", "actor_id": name.lower(), "name": name, "incidents": n}
                for name, n in (actors or {}).items()
            ],
            {
                "election_id": pl.String,
                "actor_id": pl.String,
                "name": pl.String,
                "incidents": pl.Int64,
            },
        ),
        as_of=AS_OF,
    )
    assert len(rows) == 1
    return rows.row(0, named=True)


def keys(row: dict[str, Any]) -> list[str]:
    return [key for key, _ in row["reasons"]]


def test_activity_far_above_the_baseline_with_interference_and_actors_is_high() -> None:
    # 8 weeks at 5 a week = 40 expected; 60 seen (+50 %)
    row = assess(
        incidents=60,
        baseline_per_week=5,
        interfering=20,
        actors={"Operation A": 6, "Operation B": 1},
        techniques={"T0139.001": 12, "T0089": 9},
    )
    assert row["expected"] == pytest.approx(40.0)
    assert row["change"] == pytest.approx(0.5)
    assert (row["level"], row["points"]) == ("high", 4)
    assert row["reasons"] == [
        (
            "warning.reason.activity_large",
            {
                "incidents": 60,
                "expected": pytest.approx(40.0),
                "change": pytest.approx(0.5),
                "days": 56,
            },
        ),
        (
            "warning.reason.interference_techniques",
            {"share": pytest.approx(1 / 3), "incidents": 20, "techniques": "T0139.001, T0089"},
        ),
        ("warning.reason.actors_active", {"count": 1, "actors": "Operation A"}),
    ]
    assert row["actors"] == ["Operation A", "Operation B"]
    assert row["actor_ids"] == ["operation a", "operation b"]


def test_a_large_increase_alone_is_elevated_and_a_normal_window_is_low() -> None:
    assert assess(incidents=60, baseline_per_week=5)["level"] == "elevated"
    quiet = assess(incidents=41, baseline_per_week=5)
    assert (quiet["level"], keys(quiet)) == ("low", ["warning.reason.activity_normal"])


def test_a_moderate_increase_needs_both_other_signals_to_be_high() -> None:
    # 45 against 40 expected: +12.5 %, moderate (1 point)
    both = assess(incidents=45, baseline_per_week=5, interfering=12, actors={"A": 3})
    assert (both["points"], both["level"]) == (3, "high")
    one = assess(incidents=45, baseline_per_week=5, actors={"A": 3})
    assert (one["points"], one["level"]) == (2, "elevated")
    assert keys(one)[0] == "warning.reason.activity_moderate"


def test_interference_counts_from_a_quarter_of_incidents_and_two_of_them() -> None:
    just = assess(incidents=8, baseline_per_week=5, interfering=2)
    assert "warning.reason.interference_techniques" in keys(just)
    under = assess(incidents=9, baseline_per_week=5, interfering=2)
    assert "warning.reason.interference_techniques" not in keys(under)
    lone = assess(incidents=1, baseline_per_week=5, interfering=1)
    assert "warning.reason.interference_techniques" not in keys(lone)


def test_an_actor_seen_once_is_listed_but_is_not_a_signal() -> None:
    row = assess(incidents=40, baseline_per_week=5, actors={"Operation A": 1})
    assert row["actors"] == ["Operation A"]
    assert "warning.reason.actors_active" not in keys(row)


def test_a_thin_baseline_is_said_and_earns_no_activity_points() -> None:
    # 0.3 a week over 8 weeks: 2.4 expected, under 3: too thin to compare
    row = assess(incidents=12, baseline_per_week=0.3)
    assert row["change"] is None
    assert (row["level"], keys(row)) == ("low", ["warning.reason.baseline_thin"])


def test_no_incidents_is_said() -> None:
    row = assess(incidents=0, baseline_per_week=5)
    assert keys(row) == ["warning.reason.no_incidents"]
    assert row["interference_share"] is None


def test_before_the_window_opens_the_last_four_weeks_are_read() -> None:
    opens = AS_OF + timedelta(days=30)
    row = assess(incidents=30, baseline_per_week=5, opens=opens)
    assert (row["period_start"], row["period_end"]) == (
        AS_OF - timedelta(days=RECENT_DAYS - 1),
        AS_OF,
    )
    assert row["window_open"] is False
    assert row["expected"] == pytest.approx(20.0)
    assert keys(row) == ["warning.reason.activity_large", "warning.reason.window_not_open"]
    assert row["reasons"][-1][1] == {"days": 30, "recent_days": RECENT_DAYS}


def test_the_activity_period_is_the_window_so_far_or_the_last_four_weeks() -> None:
    long_open = activity_period(AS_OF - timedelta(days=40), AS_OF)
    assert (long_open.start, long_open.end, long_open.days) == (
        AS_OF - timedelta(days=40),
        AS_OF,
        41,
    )
    just_open = activity_period(AS_OF - timedelta(days=3), AS_OF)
    assert just_open.days == RECENT_DAYS
    assert long_open.baseline_start == long_open.start - timedelta(days=BASELINE_DAYS)


def test_elections_missing_from_the_counts_count_zero_and_past_ones_are_dropped() -> None:
    empty = pl.DataFrame(
        schema={"election_id": pl.String, "incidents": pl.Int64, "interference_incidents": pl.Int64}
    )
    no_rows = pl.DataFrame(
        schema={
            "election_id": pl.String,
            "actor_id": pl.String,
            "name": pl.String,
            "incidents": pl.Int64,
        }
    )
    risks = election_risk(
        elections(("ca.vote", "CA", WINDOW_OPENED), ("fr.old", "FR", AS_OF - timedelta(days=200))),
        empty,
        pl.DataFrame(schema={"election_id": pl.String, "baseline_incidents": pl.Int64}),
        no_rows.rename({"actor_id": "disarm_id"}),
        no_rows,
        as_of=AS_OF,
    )
    assert risks["election_id"].to_list() == ["ca.vote"]
    assert (risks["incidents"][0], risks["level"][0]) == (0, "low")
    assert risks["body_en"][0] == "Parliament"  # label columns are kept


def test_elections_are_listed_highest_risk_first() -> None:
    later = elections(("a.late", "CA", WINDOW_OPENED + timedelta(days=1)))
    risks = election_risk(
        pl.concat([elections(("b.soon", "FR", WINDOW_OPENED)), later]),
        pl.DataFrame(
            {
                "election_id": ["b.soon", "a.late"],
                "incidents": [40, 80],
                "interference_incidents": [0, 40],
            }
        ),
        pl.DataFrame({"election_id": ["b.soon", "a.late"], "baseline_incidents": [260, 260]}),
        pl.DataFrame(
            schema={
                "election_id": pl.String,
                "disarm_id": pl.String,
                "name": pl.String,
                "incidents": pl.Int64,
            }
        ),
        pl.DataFrame(
            schema={
                "election_id": pl.String,
                "actor_id": pl.String,
                "name": pl.String,
                "incidents": pl.Int64,
            }
        ),
        as_of=AS_OF,
    )
    assert risks.select("election_id", "level").rows() == [("a.late", "high"), ("b.soon", "low")]


def test_every_reason_key_is_listed() -> None:
    seen = set()
    for kwargs in (
        {"incidents": 60, "baseline_per_week": 5, "interfering": 20, "actors": {"A": 2}},
        {"incidents": 45, "baseline_per_week": 5},
        {"incidents": 40, "baseline_per_week": 5},
        {"incidents": 4, "baseline_per_week": 0.1},
        {"incidents": 0, "baseline_per_week": 5, "opens": AS_OF + timedelta(days=3)},
    ):
        seen.update(keys(assess(**kwargs)))
    assert seen == set(REASON_KEYS)


def test_interference_techniques_exist_in_the_disarm_reference_and_cover_sub_techniques() -> None:
    reference = PROJECT_DIR / "data" / "reference" / "disarm_technique.csv"
    with reference.open(encoding="utf-8") as handle:
        known = {row["disarm_id"] for row in csv.DictReader(handle)}
    assert set(INTERFERENCE_TECHNIQUES) <= known
    assert is_interference("T0089.001")  # the parent T0089 is listed
    assert is_interference("T0135.001")
    assert not is_interference("T0135.004")  # Polarise: only Smear is listed under T0135
    assert not is_interference("T0049")
