"""Chart builders draw every category, label their axes, and keep one colour per heading."""

from __future__ import annotations

import polars as pl

from rrm_dash.charts.overview import (
    PeriodLabels,
    incidents_by_heading_chart,
    incidents_by_member_chart,
)
from rrm_dash.charts.theme import HEADING_COLOURS

LABELS = PeriodLabels(current="This period", previous="Previous period", axis="Incidents")
HEADINGS = pl.DataFrame(
    {
        "heading": ["DIP", "MIE", "HRF"],
        "label_en": ["Institutions", "Media", "Rights"],
        "label_fr": [
            "Institutions FR",
            "Médias",
            "Droits de la personne et libertés fondamentales",
        ],
        "current": [1, 5, 2],
        "previous": [4, 12, 3],
    }
)


def test_heading_chart_has_both_periods_for_every_heading_in_the_chosen_language() -> None:
    figure = incidents_by_heading_chart(HEADINGS, "fr", LABELS)
    assert [trace.name for trace in figure.data] == ["Previous period", "This period"]
    for trace in figure.data:
        assert list(trace.y) == [
            "Institutions FR",
            "Médias",
            "Droits de la personne et<br>libertés fondamentales",
        ]
    assert list(figure.data[1].x) == [1, 5, 2]
    assert list(figure.data[0].x) == [4, 12, 3]
    assert figure.layout.xaxis.title.text == "Incidents"


def test_each_heading_keeps_its_own_colour() -> None:
    figure = incidents_by_heading_chart(HEADINGS.reverse(), "en", LABELS)
    recent = figure.data[1]
    assert list(recent.marker.color) == [
        HEADING_COLOURS["HRF"],
        HEADING_COLOURS["MIE"],
        HEADING_COLOURS["DIP"],
    ]


def test_member_chart_lists_members_busiest_first_as_given() -> None:
    members = pl.DataFrame(
        {
            "member_code": ["US", "CA"],
            "name_en": ["United States", "Canada"],
            "name_fr": ["États-Unis", "Canada"],
            "current": [3, 1],
            "previous": [9, 2],
        }
    )
    figure = incidents_by_member_chart(members, "fr", LABELS)
    assert list(figure.data[0].y) == ["États-Unis", "Canada"]
    assert figure.layout.yaxis.autorange == "reversed"


def test_without_a_previous_period_only_the_current_one_is_drawn() -> None:
    figure = incidents_by_heading_chart(HEADINGS.with_columns(previous=None), "en", LABELS)
    assert [trace.name for trace in figure.data] == ["This period"]


def test_an_empty_frame_gives_an_empty_chart_not_an_error() -> None:
    figure = incidents_by_heading_chart(HEADINGS.clear(), "en", LABELS)
    assert all(len(trace.x) == 0 for trace in figure.data)
