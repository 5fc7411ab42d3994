"""The engagement score: weights, normalisation against the network, latency direction, no NaN."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from rrm_dash import PROJECT_DIR
from rrm_dash.analytics.engagement import (
    COMPONENTS,
    MAX_SCORE,
    has_engagement,
    in_reading_order,
    points_column,
    score_members,
    score_trend,
    shown_members,
)

_ZERO = {
    "meetings_invited": 0,
    "meetings_attended": 0,
    "presentations": 0,
    "incidents_contributed": 0,
    "reports_shared": 0,
    "rfis_answered": 0,
    "statements_cosigned": 0,
    "responses_joined": 0,
    "alerts_acknowledged": 0,
    "median_acknowledgement_hours": None,
}


def _frame(*rows: dict[str, object]) -> pl.DataFrame:
    return pl.DataFrame(
        [{**_ZERO, **row} for row in rows],
        schema_overrides={"median_acknowledgement_hours": pl.Float64},
    )


def _scores(frame: pl.DataFrame) -> dict[str, float]:
    scored = score_members(frame)
    return dict(zip(scored["member_code"], scored["score"], strict=True))


def test_the_weights_add_up_to_one_hundred_points() -> None:
    assert MAX_SCORE == 100
    assert len({component.key for component in COMPONENTS}) == len(COMPONENTS)


def test_the_best_member_on_every_component_scores_one_hundred() -> None:
    best = {key: 10 for key in _ZERO if key != "median_acknowledgement_hours"}
    frame = _frame(
        {"member_code": "CA", **best, "median_acknowledgement_hours": 4.0},
        {"member_code": "IT", "meetings_invited": 10, "meetings_attended": 5},
    )
    assert _scores(frame)["CA"] == 100.0


def test_each_component_earns_its_weight_times_the_share_of_the_network_best() -> None:
    frame = _frame(
        {"member_code": "CA", "incidents_contributed": 40, "meetings_invited": 4,
         "meetings_attended": 4},
        {"member_code": "FR", "incidents_contributed": 10, "meetings_invited": 4,
         "meetings_attended": 2},
    )  # fmt: skip
    scored = score_members(frame).sort("member_code")
    assert scored[points_column(COMPONENTS[2])].to_list() == [20.0, 5.0]  # incidents: 20 points
    assert scored[points_column(COMPONENTS[0])].to_list() == [15.0, 7.5]  # attendance: 15 points
    assert scored["score"].to_list() == [35.0, 12.5]


def test_a_faster_acknowledgement_earns_more_points_than_a_slower_one() -> None:
    frame = _frame(
        {"member_code": "CA", "alerts_acknowledged": 3, "median_acknowledgement_hours": 4.0},
        {"member_code": "IT", "alerts_acknowledged": 3, "median_acknowledgement_hours": 96.0},
    )
    scores = _scores(frame)
    assert scores["CA"] == 15.0
    assert scores["IT"] == pytest.approx(15 * 4 / 96, abs=0.05)


def test_acknowledgements_under_an_hour_count_as_an_hour() -> None:
    frame = _frame(
        {"member_code": "CA", "alerts_acknowledged": 1, "median_acknowledgement_hours": 0.1},
        {"member_code": "FR", "alerts_acknowledged": 1, "median_acknowledgement_hours": 1.0},
    )
    assert _scores(frame) == {"CA": 15.0, "FR": 15.0}


def test_a_member_with_nothing_recorded_scores_zero_not_nan() -> None:
    frame = _frame(
        {"member_code": "CA", "reports_shared": 3, "meetings_invited": 2, "meetings_attended": 2},
        {"member_code": "NL"},
    )
    scores = _scores(frame)
    assert scores["NL"] == 0.0
    assert scores["CA"] > 0


def test_a_network_with_nothing_recorded_scores_everyone_zero() -> None:
    frame = _frame({"member_code": "CA"}, {"member_code": "FR"})
    assert _scores(frame) == {"CA": 0.0, "FR": 0.0}
    assert not has_engagement(frame)


def test_the_trend_scores_each_quarter_against_the_network_in_that_quarter() -> None:
    q1, q2 = date(2026, 1, 1), date(2026, 4, 1)
    frame = _frame(
        {"member_code": "CA", "quarter": q1, "reports_shared": 4},
        {"member_code": "FR", "quarter": q1, "reports_shared": 2},
        {"member_code": "CA", "quarter": q2, "reports_shared": 1},
        {"member_code": "FR", "quarter": q2, "reports_shared": 4},
    )
    trend = score_trend(frame)
    assert trend.columns == ["member_code", "quarter", "score"]
    assert trend.filter(pl.col("member_code") == "CA")["score"].to_list() == [15.0, 3.8]
    assert trend.filter(pl.col("member_code") == "FR")["score"].to_list() == [7.5, 15.0]


def test_the_member_filter_chooses_cards_without_changing_scores() -> None:
    frame = _frame(
        {"member_code": "CA", "reports_shared": 4},
        {"member_code": "FR", "reports_shared": 2},
        {"member_code": "IT", "reports_shared": 1},
    )
    scored = score_members(frame)
    shown = shown_members(scored, ("FR",))
    assert shown["member_code"].to_list() == ["FR"]
    assert shown["score"].to_list() == [7.5]
    assert shown_members(scored, ()).height == 3


def test_cards_list_members_before_observers_by_name_in_the_reader_language() -> None:
    frame = pl.DataFrame(
        {
            "member_code": ["AU", "DE", "FR", "NATO"],
            "status": ["observer", "member", "member", "observer"],
            "name_en": ["Australia", "Germany", "France", "NATO"],
            "name_fr": ["Australie", "Allemagne", "France", "OTAN"],
        }
    )
    assert in_reading_order(frame, "en")["member_code"].to_list() == ["FR", "DE", "AU", "NATO"]
    assert in_reading_order(frame, "fr")["member_code"].to_list() == ["DE", "FR", "AU", "NATO"]


def test_the_method_for_members_lists_the_same_weights_as_the_code() -> None:
    text = (PROJECT_DIR / "docs" / "engagement.md").read_text(encoding="utf-8")
    rows = {
        cells[2].strip("` "): int(cells[3])
        for line in text.splitlines()
        if line.startswith("| ")
        and len(cells := line.split("|")) > 4
        and cells[3].strip().isdigit()
    }
    assert rows == {component.key: component.weight for component in COMPONENTS}
