"""Timeline chart: incidents per week or month, stacked by heading or threat type, with elections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go
import polars as pl

from rrm_dash.charts.spec import figure
from rrm_dash.charts.theme import HEADING_COLOURS, NEUTRAL, base_layout, wrap_label
from rrm_dash.i18n.formatting import date_span, day

#: Threat types are drawn in shades of their heading's colour (one shade and one hatch per
#: threat type, so that two types of one heading never look alike); a heading's own colour
#: is its first threat type's.
SHADE_STEPS = (0.0, 0.35, 0.6, 0.2, 0.5, 0.7)
HATCHES = ("", "/", ".", "x", "\\", "+")
WEEK_MS = 7 * 24 * 3600 * 1000
WATCH_OPACITY = 0.1
LEGEND_WIDTH = 28


@dataclass(frozen=True)
class TimelineLabels:
    """Translated words of the timeline chart."""

    x_axis: str
    y_axis: str
    bin_hover: str
    """Hover heading of a bin, with a {date} placeholder ('Week of {date}')."""
    election: str
    """Legend name of the voting-day markers."""
    watch_window: str
    """Legend name of the shaded watch windows."""
    watch_hover: str
    """Hover line of a watch window, with a {dates} placeholder."""
    range_buttons: tuple[tuple[str, int], ...]
    """Range-selector buttons: (label, months); months 0 means everything."""


def shade(colour: str, towards_white: float) -> str:
    """`colour` (#RRGGBB) mixed with white: 0 keeps it, 1 is white."""
    channels = [int(colour[index : index + 2], 16) for index in (1, 3, 5)]
    mixed = [round(value + (255 - value) * towards_white) for value in channels]
    return "#" + "".join(f"{value:02X}" for value in mixed)


def series_styles(series: pl.DataFrame) -> dict[str, tuple[str, str]]:
    """Colour and hatch of each series, by its place within its heading (stable across filters).

    `series` has series and family, in display order (all series of the vocabulary)."""
    styles: dict[str, tuple[str, str]] = {}
    place: dict[str, int] = {}
    for code, family in series.select("series", "family").iter_rows():
        index = place.get(family, 0)
        place[family] = index + 1
        base = HEADING_COLOURS.get(family, NEUTRAL)
        styles[code] = (
            shade(base, SHADE_STEPS[index % len(SHADE_STEPS)]),
            HATCHES[index % len(HATCHES)],
        )
    return styles


def bin_name(start: date, granularity: str, lang: str) -> str:
    """How a bin is named: its Monday for a week ('3 Nov 2025'), 'November 2025' for a month."""
    return day(start, lang) if granularity == "week" else day(start, lang, "MMMM y")


def _bin_period(granularity: str) -> int | str:
    return WEEK_MS if granularity == "week" else "M1"


def incidents_timeline_chart(
    bins: pl.DataFrame,
    elections: pl.DataFrame,
    granularity: str,
    period: tuple[date, date],
    lang: str,
    labels: TimelineLabels,
) -> go.Figure:
    """Stacked bars per bin; elections as voting-day markers and lines, watch windows shaded.

    `bins` has bin_start, series, family, label_en, label_fr, incidents (every bin × series);
    `elections` has country_<lang>, body_<lang>, date_start, date_end, watch_window_start/end.
    Series with no incident in the period are left out of the legend."""
    series = bins.select("series", "family", f"label_{lang}").unique(maintain_order=True)
    styles = series_styles(series)
    totals = bins.group_by("series").agg(pl.col("incidents").sum())
    drawn = set(totals.filter(pl.col("incidents") > 0)["series"].to_list())
    parts = bins.partition_by("series", as_dict=True)
    traces: list[dict[str, Any]] = []
    for code, _family, label in series.iter_rows():
        if code not in drawn:
            continue
        rows = parts[(code,)]
        colour, hatch = styles[code]
        starts = rows["bin_start"].to_list()
        traces.append(
            {
                "type": "bar",
                "name": wrap_label(label, LEGEND_WIDTH),
                "x": starts,
                "y": rows["incidents"].to_list(),
                "xperiod": _bin_period(granularity),
                "xperiodalignment": "middle",
                "marker": {
                    "color": colour,
                    "pattern": {
                        "shape": hatch,
                        "fillmode": "overlay",
                        "fgcolor": "#FFFFFF",
                        "fgopacity": 0.6,
                        "solidity": 0.3,
                    },
                },
                "customdata": [
                    labels.bin_hover.format(date=bin_name(start, granularity, lang))
                    for start in starts
                ],
                "hovertemplate": "%{customdata}<br>" + label + ": %{y}<extra></extra>",
                "legendgroup": code,
            }
        )
    stacked = bins.group_by("bin_start").agg(pl.col("incidents").sum())["incidents"].to_list()
    top = max([1, *stacked])
    shapes, markers = _election_specs(elections, lang, labels, marker_height=top * 1.08)
    end = period[1] + (timedelta(days=7) if granularity == "week" else timedelta(days=31))
    layout = base_layout(
        barmode="stack",
        height=560,
        bargap=0.1,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
        shapes=shapes,
        yaxis={"title": {"text": labels.y_axis}, "rangemode": "tozero", "automargin": True},
        xaxis={
            "title": {"text": labels.x_axis},
            "type": "date",
            "range": [period[0].isoformat(), end.isoformat()],
            "rangeslider": {"visible": True, "thickness": 0.08},
            "rangeselector": {
                "buttons": _range_buttons(labels),
                "x": 0,
                "y": 1.02,
                "yanchor": "bottom",
            },
            "tickformatstops": [
                {"dtickrange": [None, 604800000], "value": "%d/%m/%Y"},
                {"dtickrange": [604800000, "M12"], "value": "%m/%Y"},
                {"dtickrange": ["M12", None], "value": "%Y"},
            ],
        },
    )
    return figure([*traces, *markers], layout)


def _range_buttons(labels: TimelineLabels) -> list[dict[str, object]]:
    return [
        {"step": "all", "label": label}
        if months == 0
        else {"count": months, "step": "month", "stepmode": "backward", "label": label}
        for label, months in labels.range_buttons
    ]


def _election_specs(
    elections: pl.DataFrame,
    lang: str,
    labels: TimelineLabels,
    marker_height: float,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Shapes and traces: a shaded watch window, a dotted line on the voting day and a hoverable
    marker per election."""
    hover: list[str] = []
    days: list[str] = []
    shapes: list[dict[str, Any]] = []
    for index, row in enumerate(elections.iter_rows(named=True)):
        window = date_span(row["watch_window_start"], row["watch_window_end"], lang)
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "y domain",
                "x0": row["watch_window_start"].isoformat(),
                "x1": (row["watch_window_end"] + timedelta(days=1)).isoformat(),
                "y0": 0,
                "y1": 1,
                "fillcolor": NEUTRAL,
                "opacity": WATCH_OPACITY,
                "line": {"width": 0},
                "layer": "below",
                "name": labels.watch_window,
                "legendgroup": "watch_window",
                "showlegend": index == 0,
            }
        )
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "y domain",
                "x0": row["date_start"].isoformat(),
                "x1": row["date_start"].isoformat(),
                "y0": 0,
                "y1": 1,
                "line": {"color": NEUTRAL, "width": 1, "dash": "dot"},
            }
        )
        days.append(row["date_start"].isoformat())
        hover.append(
            f"<b>{row[f'country_{lang}']}</b> — {row[f'body_{lang}']}<br>"
            f"{date_span(row['date_start'], row['date_end'], lang)}<br>"
            + labels.watch_hover.format(dates=window)
        )
    if not days:
        return shapes, []
    marker = {
        "type": "scatter",
        "name": labels.election,
        "x": days,
        "y": [marker_height] * len(days),
        "mode": "markers",
        "marker": {"symbol": "triangle-down", "size": 14, "color": NEUTRAL},
        "hovertext": hover,
        "hoverinfo": "text",
        "legendgroup": "elections",
    }
    return shapes, [marker]
