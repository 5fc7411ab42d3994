"""The Briefing page's two charts as Plotly specs, drawn by the browser.

They show the values of the PDF's two images (rrm_dash/briefing/charts.py draws those with
matplotlib when the PDF is asked for): incidents per week with each election's first voting
day, and incidents per heading this period against the one before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import plotly.graph_objects as go

from rrm_dash.briefing.charts import ELECTION_COLOUR, HeadingBar, Marker, WeekPoint, month_ticks
from rrm_dash.charts.overview import PeriodLabels, period_bars
from rrm_dash.charts.spec import figure
from rrm_dash.charts.theme import PERIOD_COLOURS, base_layout, wrap_label
from rrm_dash.i18n.formatting import day

HEIGHT = 360


def weekly_incidents_chart(
    weeks: Sequence[WeekPoint],
    markers: Sequence[Marker],
    lang: str,
    axis_label: str,
    election_label: str,
) -> go.Figure:
    """Incidents per week as bars (a week starts on its Monday); each election's first voting
    day within the weeks a dashed line labelled with its country; months on the axis in `lang`."""
    bars = {
        "type": "bar",
        "name": axis_label,
        "x": [point.week.isoformat() for point in weeks],
        "y": [point.incidents for point in weeks],
        "customdata": [day(point.week, lang) for point in weeks],
        "offset": 0,
        "width": [6 * 24 * 3600 * 1000] * len(weeks),
        "marker": {"color": PERIOD_COLOURS["current"]},
        "hovertemplate": "%{customdata}: %{y}<extra></extra>",
        "showlegend": False,
    }
    traces: list[dict[str, object]] = [bars]
    shapes: list[dict[str, object]] = []
    annotations: list[dict[str, object]] = []
    xaxis: dict[str, object] = {"type": "date"}
    if weeks:
        first, last = weeks[0].week, weeks[-1].week
        ticks = month_ticks(first, last)
        xaxis |= {
            "range": [
                (first - timedelta(days=1)).isoformat(),
                (last + timedelta(days=7)).isoformat(),
            ],
            "tickvals": [tick.isoformat() for tick in ticks],
            "ticktext": [day(tick, lang, "MMM yy") for tick in ticks],
        }
        shown = [marker for marker in markers if first <= marker.day <= last + timedelta(days=6)]
        for index, marker in enumerate(shown):
            line = {"color": ELECTION_COLOUR, "width": 1.5, "dash": "dash"}
            shapes.append(
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": marker.day.isoformat(),
                    "x1": marker.day.isoformat(),
                    "y0": 0,
                    "y1": 1,
                    "line": line,
                }
            )
            annotations.append(
                {
                    "x": marker.day.isoformat(),
                    "xref": "x",
                    "yref": "paper",
                    "y": 0.98 - 0.09 * (index % 3),
                    "text": marker.label,
                    "showarrow": False,
                    "xanchor": "left",
                    "font": {"color": ELECTION_COLOUR, "size": 12},
                }
            )
        if shown:  # the lines' legend entry
            traces.append(
                {
                    "type": "scatter",
                    "x": [None],
                    "y": [None],
                    "mode": "lines",
                    "name": election_label,
                    "line": {"color": ELECTION_COLOUR, "dash": "dash"},
                }
            )
    layout = base_layout(
        height=HEIGHT,
        bargap=0,
        xaxis=xaxis,
        yaxis={"title": {"text": axis_label}, "rangemode": "tozero"},
        shapes=shapes,
        annotations=annotations,
    )
    return figure(traces, layout)


def headings_chart(bars: Sequence[HeadingBar], labels: PeriodLabels) -> go.Figure:
    """Incidents per heading: the previous period pale above this one (left out when the
    briefing has no previous period)."""
    return period_bars(
        [wrap_label(bar.label) for bar in bars],
        [bar.current for bar in bars],
        [bar.previous for bar in bars],
        PERIOD_COLOURS["current"],
        PERIOD_COLOURS["previous"],
        labels,
        row_height=60,
    )
