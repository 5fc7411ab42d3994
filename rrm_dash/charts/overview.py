"""Overview charts: recent incidents by heading and by targeted member."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from rrm_dash.charts.theme import (
    HEADING_COLOURS,
    NEUTRAL,
    PERIOD_COLOURS,
    base_layout,
    wrap_label,
)


@dataclass(frozen=True)
class PeriodLabels:
    """Translated words for a chart comparing the last 30 days with the last 90."""

    recent: str
    longer: str
    axis: str


def _period_bars(
    categories: list[str],
    recent: list[int],
    longer: list[int],
    colours: list[str] | str,
    longer_colours: list[str] | str,
    labels: PeriodLabels,
    row_height: int,
) -> go.Figure:
    """Horizontal bars: the longer period wide and pale, the recent one narrow inside it."""
    figure = go.Figure()
    for name, values, colour, width in (
        (labels.longer, longer, longer_colours, None),
        (labels.recent, recent, colours, 0.45),
    ):
        figure.add_bar(
            name=name,
            y=categories,
            x=values,
            orientation="h",
            marker={"color": colour},
            width=width,
            hovertemplate="%{y}: %{x}<extra>" + name + "</extra>",
        )
    figure.update_layout(
        **base_layout(barmode="overlay", height=80 + row_height * max(len(categories), 1))
    )
    figure.update_xaxes(title_text=labels.axis, rangemode="tozero")
    figure.update_yaxes(autorange="reversed", automargin=True)
    return figure


def incidents_by_heading_chart(frame: pl.DataFrame, lang: str, labels: PeriodLabels) -> go.Figure:
    """One bar pair per heading, in the heading's own colour.

    `frame` has heading, label_en, label_fr, last_30_days, last_90_days.
    """
    colours = [HEADING_COLOURS.get(code, NEUTRAL) for code in frame["heading"].to_list()]
    pale = [colour + "59" for colour in colours]  # the same hue at 35 % opacity
    return _period_bars(
        [wrap_label(label) for label in frame[f"label_{lang}"].to_list()],
        frame["last_30_days"].to_list(),
        frame["last_90_days"].to_list(),
        colours,
        pale,
        labels,
        row_height=60,
    )


def incidents_by_member_chart(frame: pl.DataFrame, lang: str, labels: PeriodLabels) -> go.Figure:
    """One bar pair per targeted member or observer, busiest at the top.

    `frame` has member_code, name_en, name_fr, last_30_days, last_90_days.
    """
    return _period_bars(
        frame[f"name_{lang}"].to_list(),
        frame["last_30_days"].to_list(),
        frame["last_90_days"].to_list(),
        PERIOD_COLOURS["recent"],
        PERIOD_COLOURS["longer"],
        labels,
        row_height=28,
    )
