"""Response tracker chart: how many coordinated responses stand at each step of the lifecycle."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from rrm_dash.charts.spec import figure
from rrm_dash.charts.theme import NEUTRAL, RESPONSE_STATUS_COLOURS, base_layout


@dataclass(frozen=True)
class StatusLabels:
    """Translated axis titles of the lifecycle chart."""

    responses: str
    status: str


def status_colour(status: str) -> str:
    return RESPONSE_STATUS_COLOURS.get(status, NEUTRAL)


def lifecycle_chart(frame: pl.DataFrame, lang: str, labels: StatusLabels) -> go.Figure:
    """One horizontal bar per status, in the vocabulary's order, top to bottom.

    `frame` has status, label_en, label_fr, responses.
    """
    statuses = frame["status"].to_list()
    bar = {
        "type": "bar",
        "y": frame[f"label_{lang}"].to_list(),
        "x": frame["responses"].to_list(),
        "orientation": "h",
        "marker": {"color": [status_colour(code) for code in statuses]},
        "text": [str(count) for count in frame["responses"].to_list()],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x}<extra></extra>",
    }
    layout = base_layout(
        height=80 + 42 * max(len(statuses), 1),
        showlegend=False,
        xaxis={"title": {"text": labels.responses}, "rangemode": "tozero", "tickformat": "d"},
        yaxis={"title": {"text": labels.status}, "autorange": "reversed", "automargin": True},
    )
    return figure([bar], layout)
