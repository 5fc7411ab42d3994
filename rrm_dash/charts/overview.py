"""Overview charts: incidents by heading and by targeted member, this period against the last."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from rrm_dash.charts.spec import figure
from rrm_dash.charts.theme import (
    HEADING_COLOURS,
    NEUTRAL,
    PERIOD_COLOURS,
    base_layout,
    wrap_label,
)


@dataclass(frozen=True)
class PeriodLabels:
    """Translated words for a chart comparing this period with the one before it."""

    current: str
    previous: str
    axis: str


def period_bars(
    categories: list[str],
    current: list[int],
    previous: list[int | None],
    colours: list[str] | str,
    previous_colours: list[str] | str,
    labels: PeriodLabels,
    row_height: int,
) -> go.Figure:
    """Horizontal grouped bars: the previous period pale above, this period strong below."""
    series: list[tuple[str, list[int] | list[int | None], list[str] | str]] = []
    if any(value is not None for value in previous):
        series.append((labels.previous, previous, previous_colours))
    series.append((labels.current, current, colours))
    bars = [
        {
            "type": "bar",
            "name": name,
            "y": categories,
            "x": values,
            "orientation": "h",
            "marker": {"color": colour},
            "hovertemplate": "%{y}: %{x}<extra>" + name + "</extra>",
        }
        for name, values, colour in series
    ]
    layout = base_layout(
        barmode="group",
        height=90 + row_height * max(len(categories), 1),
        xaxis={"title": {"text": labels.axis}, "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True},
    )
    return figure(bars, layout)


def incidents_by_heading_chart(frame: pl.DataFrame, lang: str, labels: PeriodLabels) -> go.Figure:
    """One bar pair per heading, in the heading's own colour.

    `frame` has heading, label_en, label_fr, current, previous.
    """
    colours = [HEADING_COLOURS.get(code, NEUTRAL) for code in frame["heading"].to_list()]
    pale = [colour + "59" for colour in colours]  # the same hue at 35 % opacity
    return period_bars(
        [wrap_label(label) for label in frame[f"label_{lang}"].to_list()],
        frame["current"].to_list(),
        frame["previous"].to_list(),
        colours,
        pale,
        labels,
        row_height=60,
    )


def incidents_by_member_chart(frame: pl.DataFrame, lang: str, labels: PeriodLabels) -> go.Figure:
    """One bar pair per targeted member or observer, busiest at the top.

    `frame` has member_code, name_en, name_fr, current, previous.
    """
    return period_bars(
        frame[f"name_{lang}"].to_list(),
        frame["current"].to_list(),
        frame["previous"].to_list(),
        PERIOD_COLOURS["current"],
        PERIOD_COLOURS["previous"],
        labels,
        row_height=30,
    )
