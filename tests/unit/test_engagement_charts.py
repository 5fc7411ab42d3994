"""Engagement builders: card text in each language, sparklines, the heat-table and the table."""

from __future__ import annotations

from datetime import date

import polars as pl

from rrm_dash.analytics.engagement import COMPONENTS, score_members
from rrm_dash.charts.engagement import (
    card_heading_markdown,
    comparison_table,
    components_heatmap,
    quarter_label,
    score_sparkline,
    scorecard_markdown,
)
from rrm_dash.i18n import translator

EN, FR = translator("en"), translator("fr")


def _scored() -> pl.DataFrame:
    frame = pl.DataFrame(
        {
            "member_code": ["CA", "IT"],
            "name_en": ["Canada", "Italy"],
            "name_fr": ["Canada", "Italie"],
            "status": ["member", "member"],
            "status_label_en": ["Member", "Member"],
            "status_label_fr": ["Membre", "Membre"],
            "focal_point_status": ["permanent", "temporary"],
            "focal_point_label_en": ["Permanent focal point", "Temporary focal point"],
            "focal_point_label_fr": ["Point focal permanent", "Point focal temporaire"],
            "meetings_invited": [10, 10],
            "meetings_attended": [10, 3],
            "presentations": [4, 0],
            "incidents_contributed": [1200, 2],
            "reports_shared": [5, 0],
            "rfis_answered": [6, 1],
            "statements_cosigned": [1, 0],
            "responses_joined": [7, 1],
            "alerts_acknowledged": [9, 0],
            "median_acknowledgement_hours": [4.25, None],
        }
    )
    return score_members(frame)


def test_card_text_is_written_the_reader_way_and_says_when_no_alert_was_acknowledged() -> None:
    ca, it = _scored().iter_rows(named=True)
    assert "1,200" in scorecard_markdown(ca, EN)
    assert "1\u202f200" in scorecard_markdown(ca, FR)
    assert "4.2 h" in scorecard_markdown(ca, EN) and "4,2 h" in scorecard_markdown(ca, FR)
    assert EN("engagement.card.no_acknowledgement") in scorecard_markdown(it, EN)
    assert ":orange-badge[Point focal temporaire]" in card_heading_markdown(it, "fr")


def test_quarters_are_named_in_each_language() -> None:
    assert quarter_label(date(2026, 7, 1), EN) == "Q3 2026"
    assert quarter_label(date(2026, 1, 1), FR) == "T1 2026"


def test_the_sparkline_has_a_title_a_0_100_scale_and_a_readable_hover() -> None:
    trend = pl.DataFrame({"quarter": [date(2026, 1, 1), date(2026, 4, 1)], "score": [40.0, 62.4]})
    figure = score_sparkline(trend, FR)
    assert figure.layout.title.text == FR("engagement.card.trend")
    assert list(figure.data[0].x) == ["T1 2026", "T2 2026"]
    assert list(figure.data[0].customdata) == ["T1 2026 : score 40", "T2 2026 : score 62"]
    assert figure.layout.yaxis.range == (-4, 104)


def test_the_heat_table_ranks_members_by_score_with_every_component() -> None:
    figure = components_heatmap(_scored(), EN)
    heat = figure.data[0]
    assert [label.split(" (")[0] for label in heat.y] == ["Canada", "Italy"]
    assert len(heat.x) == len(COMPONENTS)
    assert heat.text[1][-1] == "–"  # Italy acknowledged no alert
    assert heat.z[0][2] == 1.0  # Canada has the most incidents
    assert figure.layout.xaxis.title.text and figure.layout.yaxis.title.text
    assert "Italy" in heat.customdata[1][0] and "of 15 points" in heat.customdata[1][0]


def test_the_comparison_table_keeps_numbers_numeric_and_names_columns_in_the_language() -> None:
    table = comparison_table(_scored(), FR)
    assert table.columns[0] == FR("engagement.column.member")
    assert table[FR("engagement.column.member")].to_list() == ["Canada", "Italie"]
    assert table.schema[FR("engagement.column.score")] == pl.Int64
    assert table[FR("engagement.column.attendance_rate")].to_list() == [100, 30]
    assert "member_code" not in table.columns
