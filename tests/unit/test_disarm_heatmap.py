"""The DISARM heatmap builder: Navigator layout, grey zeros, legible cells, technique choices."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from rrm_dash.charts.disarm import (
    ZERO_COLOUR,
    HeatmapLabels,
    cell_text,
    incident_table,
    technique_choices,
    technique_heatmap,
    technique_table,
)
from rrm_dash.i18n import translator

LABELS = HeatmapLabels("Tactic", "Techniques", "Incidents", "Tactic:", "Incidents:")
FRAME = pl.DataFrame(
    {
        "tactic_id": ["TA13", "TA05", "TA05"],
        "tactic_name": ["Target Audience Analysis", "Microtarget", "Microtarget"],
        "tactic_rank": [3, 8, 8],
        "disarm_id": ["T0072", "T0016", "T0018"],
        "name": ["Segment Audiences", "Create Clickbait", "Purchase Targeted Advertisements"],
        "parent_id": [None, None, None],
        "incidents": [0, 7, 2],
        "position": [1, 1, 2],
    }
)


def test_tactics_are_columns_in_frame_order_and_techniques_stack_below() -> None:
    figure = technique_heatmap(FRAME, LABELS)
    heatmap = figure.data[0]
    assert [label.split("<br>")[0] for label in heatmap.x] == ["<b>TA13</b>", "<b>TA05</b>"]
    assert [list(row) for row in heatmap.z] == [[0, 7], [None, 2]]
    assert "T0018" in heatmap.text[1][1]
    assert heatmap.text[1][0] == ""
    assert figure.layout.xaxis.title.text == "Tactic"
    assert figure.layout.yaxis.title.text == "Techniques"


def test_zero_is_light_grey_and_counts_follow_the_sequential_scale() -> None:
    scale = technique_heatmap(FRAME, LABELS).data[0].colorscale
    assert scale[0][1] == ZERO_COLOUR and scale[1][1] == ZERO_COLOUR
    assert scale[1][0] < 1 / 7  # a single incident is already coloured
    assert scale[2][1] != ZERO_COLOUR


def test_cell_text_wraps_long_names_and_the_tooltip_keeps_them_whole() -> None:
    text = cell_text("T0049.003", "Bots Amplify via Automated Forwarding and Reposting")
    lines = text.split("<br>")
    assert lines[0] == "<b>T0049.003</b>"
    assert len(lines) == 4 and lines[-1].endswith("…")
    hover = technique_heatmap(FRAME, LABELS).data[0].customdata
    assert hover[1][1][1] == "Purchase Targeted Advertisements"


def test_technique_choices_offer_only_techniques_seen_most_incidents_first() -> None:
    choices = technique_choices(FRAME, "fr")
    assert list(choices) == ["T0016", "T0018"]
    assert choices["T0016"] == "T0016 Create Clickbait (7)"


def test_tables_name_their_columns_in_the_reader_language() -> None:
    t = translator("fr")
    assert technique_table(FRAME, t).columns[0] == t("disarm.column.tactic")
    incidents = pl.DataFrame(
        {
            "incident_id": ["i1"],
            "title": ["*Bold* title"],
            "detected_at": [datetime(2026, 4, 18, 9, 30)],
            "tlp": ["AMBER"],
            "targeted_en": ["Canada"],
            "targeted_fr": [None],
        }
    )
    table = incident_table(incidents, t)
    assert table.row(0) == ("*Bold* title", "18 avr. 2026", "", "TLP:AMBER")
