"""The timeline chart stacks every heading in its own colour and overlays elections with windows."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from rrm_dash.charts.theme import HEADING_COLOURS
from rrm_dash.charts.timeline import (
    TimelineLabels,
    bin_name,
    incidents_timeline_chart,
    series_styles,
    shade,
)

LABELS = TimelineLabels(
    x_axis="Week",
    y_axis="Incidents",
    bin_hover="Week of {date}",
    election="Election",
    watch_window="Watch window",
    watch_hover="Watch window: {dates}",
    range_buttons=(("3 months", 3), ("All", 0)),
)
WEEKS = [date(2025, 1, 6) + timedelta(days=7 * index) for index in range(4)]
PERIOD = (WEEKS[0], WEEKS[-1] + timedelta(days=6))
HEADINGS = [("DIP", "Institutions"), ("MIE", "Media"), ("HRF", "Rights")]


def _bins(counts: dict[str, list[int]]) -> pl.DataFrame:
    rows = [
        {
            "bin_start": week,
            "series": code,
            "family": code,
            "label_en": label,
            "label_fr": label + " FR",
            "incidents": counts.get(code, [0] * 4)[index],
        }
        for index, week in enumerate(WEEKS)
        for code, label in HEADINGS
    ]
    return pl.DataFrame(rows)


ELECTIONS = pl.DataFrame(
    {
        "country_en": ["Canada", "France"],
        "country_fr": ["Canada", "France"],
        "body_en": ["House of Commons", "National Assembly"],
        "body_fr": ["Chambre des communes", "Assemblée nationale"],
        "date_start": [date(2025, 1, 20), date(2025, 1, 26)],
        "date_end": [date(2025, 1, 20), date(2025, 1, 26)],
        "watch_window_start": [date(2024, 11, 21), date(2024, 11, 27)],
        "watch_window_end": [date(2025, 2, 3), date(2025, 2, 9)],
    }
)
NO_ELECTIONS = ELECTIONS.clear()


def _chart(bins: pl.DataFrame, elections: pl.DataFrame = NO_ELECTIONS, lang: str = "en"):  # type: ignore[no-untyped-def]
    return incidents_timeline_chart(bins, elections, "week", PERIOD, lang, LABELS)


def test_each_heading_is_a_stacked_series_in_its_own_colour() -> None:
    figure = _chart(_bins({"DIP": [1, 0, 0, 2], "MIE": [3, 0, 1, 0], "HRF": [0, 0, 0, 1]}))
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert [trace.name for trace in bars] == ["Institutions", "Media", "Rights"]
    assert [trace.marker.color for trace in bars] == [
        HEADING_COLOURS[c] for c in ("DIP", "MIE", "HRF")
    ]
    assert figure.layout.barmode == "stack"
    assert list(bars[0].y) == [1, 0, 0, 2]  # empty weeks are drawn as zeros
    assert len(bars[0].x) == 4


def test_colours_stay_with_their_heading_when_another_heading_is_empty() -> None:
    figure = _chart(_bins({"HRF": [1, 1, 0, 0]}), lang="fr")
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert [trace.name for trace in bars] == ["Rights FR"]
    assert bars[0].marker.color == HEADING_COLOURS["HRF"]


def test_threat_types_take_distinct_shades_of_their_heading() -> None:
    series = pl.DataFrame(
        {
            "series": [
                "voter_suppression",
                "covert_funding",
                "disinformation",
                "account_hijacking",
            ],
            "family": ["DIP", "DIP", "MIE", "MIE"],
        }
    )
    styles = series_styles(series)
    assert styles["voter_suppression"][0] == HEADING_COLOURS["DIP"]
    assert styles["disinformation"][0] == HEADING_COLOURS["MIE"]
    assert styles["covert_funding"][0] == shade(HEADING_COLOURS["DIP"], 0.35)
    assert len(set(styles.values())) == 4
    assert shade("#000000", 1.0) == "#FFFFFF"


def test_elections_are_marked_on_voting_day_with_their_watch_window_shaded() -> None:
    figure = _chart(_bins({"MIE": [1, 2, 3, 4]}), ELECTIONS)
    rects = [shape for shape in figure.layout.shapes if shape.type == "rect"]
    lines = [shape for shape in figure.layout.shapes if shape.type == "line"]
    assert len(rects) == 2 and len(lines) == 2
    assert rects[0].x0 == "2024-11-21" and rects[0].x1 == "2025-02-04"
    assert all(rect.opacity <= 0.2 for rect in rects)
    assert [rect.showlegend for rect in rects] == [True, False]
    markers = [trace for trace in figure.data if trace.type == "scatter"]
    assert len(markers) == 1 and list(markers[0].x) == ["2025-01-20", "2025-01-26"]
    assert "Canada" in markers[0].hovertext[0] and "House of Commons" in markers[0].hovertext[0]
    assert min(markers[0].y) > 4  # above the tallest stack


def test_axes_are_titled_and_the_range_can_be_zoomed() -> None:
    figure = _chart(_bins({"DIP": [1, 0, 0, 0]}))
    assert figure.layout.xaxis.title.text == "Week"
    assert figure.layout.yaxis.title.text == "Incidents"
    assert figure.layout.xaxis.rangeslider.visible
    assert [button.label for button in figure.layout.xaxis.rangeselector.buttons] == [
        "3 months",
        "All",
    ]


def test_bins_are_named_in_the_reader_language() -> None:
    assert bin_name(date(2025, 11, 3), "week", "en") == "3 Nov 2025"
    assert bin_name(date(2025, 11, 1), "month", "fr") == "novembre 2025"
