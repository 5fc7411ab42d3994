"""Latency and gender builders: tables and charts read the way each language writes them, the
withheld (Chatham House) group kept apart, shares and their change in percentage points."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from rrm_dash.analytics.latency import LATENCY_SCHEMA
from rrm_dash.charts.gender import ALL_HEADINGS, gender_trend_chart
from rrm_dash.charts.latency import latency_chart, quarter_colours
from rrm_dash.i18n import translator
from rrm_dash.tables.gender import gender_table, points_text, shown_headings
from rrm_dash.tables.latency import latency_table, member_order, shown_latency

EN, FR = translator("en"), translator("fr")
NAMES = {"FR": "France", "US": "United States", "CU": "Coordination Unit"}
NOMS = {"FR": "France", "US": "États-Unis", "CU": "Unité de coordination"}


def latency(*rows: tuple[str | None, str, str, float, float, float, int]) -> pl.DataFrame:
    """(member, quarter, stage, median, p25, p75, incidents) rows, as latency_stages returns."""
    return pl.DataFrame(list(rows), schema=LATENCY_SCHEMA, orient="row")


LATENCY = latency(
    ("US", "2026-Q2", "activity_to_detection", 3.0, 2.0, 5.0, 9),
    ("FR", "2026-Q3", "detection_to_assessment", 4.04, 1.26, 6.75, 3),
    ("FR", "2026-Q2", "activity_to_detection", 2.5, 1.75, 4.75, 4),
    (None, "2026-Q2", "activity_to_detection", 7.0, 7.0, 7.0, 1),
    ("FR", "2026-Q3", "activity_to_detection", 1.0, 0.5, 2.0, 2),
)


def test_the_latency_table_names_members_in_reading_order_with_the_withheld_group_last() -> None:
    table = latency_table(LATENCY, NAMES, EN)
    assert table.columns == [
        "Reporting member",
        "Quarter detected",
        "Stage",
        "Median (days)",
        "25th percentile (days)",
        "75th percentile (days)",
        "Incidents measured",
    ]
    assert table.rows() == [
        ("France", "Q2 2026", "First activity → detection", 2.5, 1.8, 4.8, 4),
        ("France", "Q3 2026", "First activity → detection", 1.0, 0.5, 2.0, 2),
        ("France", "Q3 2026", "Detection → assessment", 4.0, 1.3, 6.8, 3),
        ("United States", "Q2 2026", "First activity → detection", 3.0, 2.0, 5.0, 9),
        (
            "Withheld (Chatham House Rule)",
            "Q2 2026",
            "First activity → detection",
            7.0,
            7.0,
            7.0,
            1,
        ),
    ]


def test_french_reading_order_ignores_accents_and_quarters_read_t() -> None:
    frame = latency(
        ("US", "2026-Q1", "activity_to_detection", 1.0, 1.0, 1.0, 1),
        ("FR", "2026-Q1", "activity_to_detection", 1.0, 1.0, 1.0, 1),
        ("CU", "2026-Q1", "activity_to_detection", 1.0, 1.0, 1.0, 1),
    )
    assert member_order(frame, NOMS, FR) == ["US", "FR", "CU"]  # É sorts among the E's
    table = latency_table(frame, NOMS, FR)
    assert table["Trimestre de détection"].to_list() == ["T1 2026"] * 3
    assert table["Membre déclarant"].to_list() == ["États-Unis", "France", "Unité de coordination"]


def test_a_member_filter_keeps_those_reporting_members_and_leaves_the_withheld_group_out() -> None:
    assert shown_latency(LATENCY, ()).height == LATENCY.height
    chosen = shown_latency(LATENCY, ("FR",))
    assert set(chosen["member"].to_list()) == {"FR"}
    assert chosen.height == 3


def test_the_latency_chart_draws_median_dots_with_their_spread_per_quarter_and_stage() -> None:
    figure = latency_chart(LATENCY, NAMES, EN)
    traces = figure.data
    assert len(traces) == 2 * 4  # two quarters x four stage panels
    assert [trace.name for trace in traces if trace.showlegend] == ["Q2 2026", "Q3 2026"]
    assert [text.replace("<br>", " ") for text in figure.layout.yaxis.ticktext] == [
        "France",
        "United States",
        "Withheld (Chatham House Rule)",
    ]
    q3_assessment = next(
        trace for trace in traces if trace.name == "Q3 2026" and trace.xaxis == "x2"
    )
    assert list(q3_assessment.x) == [pytest.approx(4.04)]
    assert list(q3_assessment.error_x.array) == [pytest.approx(6.75 - 4.04)]
    assert list(q3_assessment.error_x.arrayminus) == [pytest.approx(4.04 - 1.26)]
    assert q3_assessment.customdata[0] == (
        "France, Q3 2026 — Detection → assessment: median 4 days (middle half 1.3–6.8), "
        "3 incidents measured"
    )
    # rows: France 0, United States 1, withheld 2; within a row Q2 sits above Q3
    q2_detection = next(trace for trace in traces if trace.name == "Q2 2026" and trace.xaxis == "x")
    assert sorted(q2_detection.y) == pytest.approx([-0.175, 0.825, 1.825])
    assert list(q2_detection.y) == pytest.approx([0.825, -0.175, 1.825])  # US, FR, withheld
    titles = [annotation.text.replace("<br>", " ") for annotation in figure.layout.annotations]
    assert titles == [
        "First activity → detection",
        "Detection → assessment",
        "Assessment → notification",
        "Notification → publication",
    ]
    french = latency_chart(LATENCY, NOMS, FR)
    q3 = next(trace for trace in french.data if trace.name == "T3 2026" and trace.xaxis == "x2")
    assert q3.customdata[0] == (
        "France, T3 2026 — Détection → évaluation : médiane 4 jours (moitié centrale 1,3–6,8), "
        "3 incidents mesurés"
    )


def test_quarters_run_from_pale_to_strong() -> None:
    def brightness(colour: str) -> int:
        return sum(int(part) for part in colour.removeprefix("rgb(").rstrip(")").split(","))

    colours = quarter_colours(3)
    assert brightness(colours[0]) > brightness(colours[1]) > brightness(colours[2])
    assert quarter_colours(1) == [quarter_colours(2)[-1]]  # a single quarter is strong


JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


def counts(*rows: tuple[str, date, int, int, int]) -> pl.DataFrame:
    """(heading, month, incidents, women, vulnerable) rows, as gender_inputs returns them."""
    return pl.DataFrame(
        list(rows),
        schema={
            "heading": pl.String,
            "month": pl.Date,
            "incidents": pl.Int64,
            "women": pl.Int64,
            "vulnerable": pl.Int64,
        },
        orient="row",
    )


HEADINGS = {"DIP": "Diplomatic", "MIE": "Media and information", "HRF": "Human rights"}
CURRENT = counts(
    ("DIP", JAN, 10, 2, 1),
    ("MIE", JAN, 0, 0, 0),
    ("HRF", JAN, 4, 3, 4),
    ("DIP", FEB, 0, 0, 0),
    ("MIE", FEB, 0, 0, 0),
    ("HRF", FEB, 6, 1, 3),
)
PREVIOUS = counts(("DIP", date(2025, 12, 1), 10, 1, 2), ("HRF", date(2025, 12, 1), 0, 0, 0))


def test_the_gender_table_gives_shares_per_heading_and_their_change_in_points() -> None:
    table = gender_table(CURRENT, PREVIOUS, HEADINGS, EN)
    assert table.columns == [
        "G7 heading",
        "Incidents",
        "Targeting women",
        "Women (%)",
        "Women, change (points)",
        "Targeting vulnerable groups",
        "Vulnerable groups (%)",
        "Vulnerable groups, change (points)",
    ]
    assert table.rows() == [
        ("Diplomatic", 10, 2, 20.0, 10.0, 1, 10.0, -10.0),
        ("Media and information", 0, 0, None, None, 0, None, None),
        ("Human rights", 10, 4, 40.0, None, 7, 70.0, None),  # no incident before: no change
    ]


def test_without_a_previous_period_the_table_has_no_change_columns() -> None:
    table = gender_table(CURRENT, None, HEADINGS, FR)
    assert table.columns == [
        "Rubrique du G7",
        "Incidents",
        "Visant les femmes",
        "Femmes (%)",
        "Visant des groupes vulnérables",
        "Groupes vulnérables (%)",
    ]


def test_a_heading_filter_keeps_only_those_headings() -> None:
    assert set(shown_headings(CURRENT, ("HRF",))["heading"].to_list()) == {"HRF"}
    assert shown_headings(CURRENT, ()).height == CURRENT.height


def test_changes_read_as_signed_percentage_points_in_each_language() -> None:
    assert points_text(0.031, EN) == "+3.1 pts"
    assert points_text(0.031, FR) == "+3,1 pts"
    assert points_text(-0.2, EN) == "-20 pts"
    assert points_text(0.0, EN) == "0 pts"


def test_the_trend_chart_draws_a_line_per_heading_with_incidents_and_one_for_all() -> None:
    figure = gender_trend_chart(CURRENT, HEADINGS, EN)
    women = [trace for trace in figure.data if trace.xaxis == "x"]
    assert [trace.name for trace in women] == ["Diplomatic", "Human rights", "All headings"]
    assert [trace.legendgroup for trace in women][-1] == ALL_HEADINGS
    diplomatic = women[0]
    assert list(diplomatic.y) == [pytest.approx(0.2), None]  # February had no DIP incident
    assert diplomatic.customdata[0] == "Diplomatic — Jan 2026: 2 of 10 incidents (20%)"
    together = women[-1]
    assert list(together.y) == [pytest.approx(5 / 14), pytest.approx(1 / 6)]
    vulnerable = [trace for trace in figure.data if trace.xaxis == "x2"]
    assert list(vulnerable[1].y) == [pytest.approx(1.0), pytest.approx(0.5)]
    assert [trace.showlegend for trace in vulnerable] == [False] * 3
    french = gender_trend_chart(CURRENT, HEADINGS, FR)
    assert list(french.layout.yaxis.ticktext) == [f"{n}\xa0%" for n in (0, 25, 50, 75, 100)]
    assert list(french.layout.xaxis.ticktext) == ["janv. 2026", "févr. 2026"]


def test_a_single_heading_has_no_all_headings_line() -> None:
    figure = gender_trend_chart(shown_headings(CURRENT, ("HRF",)), HEADINGS, EN)
    assert [trace.name for trace in figure.data if trace.xaxis == "x"] == ["Human rights"]
