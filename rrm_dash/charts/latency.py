"""Handling latency as a chart: per reporting member, a dot (median) and a bar (25th to 75th
percentile) for each quarter, one panel per stage from first activity to publication."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go
import polars as pl
from plotly.colors import sample_colorscale

from rrm_dash.analytics.latency import STAGES
from rrm_dash.charts.spec import axis_suffix, figure, panel_row
from rrm_dash.charts.theme import COUNT_SCALE, NEUTRAL, base_layout, wrap_label
from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import number
from rrm_dash.tables.latency import member_label, member_order, quarter_text, stage_text

#: Quarters from pale (oldest) to strong (newest), like the previous and current periods.
QUARTER_SCALE = [[0.0, COUNT_SCALE[1]], [1.0, COUNT_SCALE[-1]]]
#: Share of a member's row the quarters' dots spread over.
_BAND = 0.7


def quarter_colours(count: int) -> list[str]:
    """`count` colours from pale to strong; a single quarter gets the strong one."""
    positions = [i / (count - 1) for i in range(count)] if count > 1 else [1.0] * count
    return list(sample_colorscale(QUARTER_SCALE, positions))


def quarter_offsets(count: int) -> list[float]:
    """Where each quarter's dot sits within a member's row (0 = the row's middle)."""
    return [-_BAND / 2 + _BAND * (i + 0.5) / count for i in range(count)]


def _days(value: float, lang: str) -> str:
    return number(round(value, 1), lang)


def latency_chart(latency: pl.DataFrame, names: Mapping[str, str], t: Translate) -> go.Figure:
    """Members (rows, in reading order, the withheld group last) × stages (panels); in each
    panel one dot per quarter at the median days, its bar from the 25th to the 75th percentile.

    `latency` is `latency_stages`' frame: member (null: withheld), quarter ("2026-Q3"), stage,
    median_days, p25_days, p75_days, incidents. A stage with nothing measured is an empty panel.
    """
    lang = t.lang
    members = member_order(latency, names, t)
    row_of = {code: index for index, code in enumerate(members)}
    quarters = sorted(latency["quarter"].unique().to_list())
    parts = latency.partition_by(["quarter", "stage"], as_dict=True)
    traces: list[dict[str, Any]] = []
    for quarter, colour, offset in zip(
        quarters, quarter_colours(len(quarters)), quarter_offsets(len(quarters)), strict=True
    ):
        label = quarter_text(quarter, t)
        for column, stage in enumerate(STAGES, start=1):
            rows = parts.get((quarter, stage), latency.clear())
            medians = rows["median_days"].to_list()
            highs = (rows["p75_days"] - rows["median_days"]).to_list()
            lows = (rows["median_days"] - rows["p25_days"]).to_list()
            traces.append(
                {
                    "type": "scatter",
                    "xaxis": f"x{axis_suffix(column)}",
                    "yaxis": f"y{axis_suffix(column)}",
                    "x": medians,
                    "y": [row_of[code] + offset for code in rows["member"].to_list()],
                    "mode": "markers",
                    "cliponaxis": False,
                    "marker": {
                        "color": colour,
                        "size": 7,
                        "line": {"color": NEUTRAL, "width": 0.5},
                    },
                    "error_x": {
                        "type": "data",
                        "symmetric": False,
                        "array": highs,
                        "arrayminus": lows,
                        "color": colour,
                        "thickness": 2,
                        "width": 0,
                    },
                    "name": label,
                    "legendgroup": quarter,
                    "showlegend": column == 1,
                    "customdata": [
                        t(
                            "engagement.latency.hover",
                            member=member_label(row["member"], names, t),
                            quarter=label,
                            stage=stage_text(stage, t),
                            median=_days(row["median_days"], lang),
                            low=_days(row["p25_days"], lang),
                            high=_days(row["p75_days"], lang),
                            count=number(row["incidents"], lang),
                        )
                        for row in rows.iter_rows(named=True)
                    ],
                    "hovertemplate": "%{customdata}<extra></extra>",
                }
            )
    row_height = max(26, 6 * len(quarters) + 8)
    layout = base_layout(
        height=150 + row_height * max(len(members), 1),
        margin={"l": 10, "r": 10, "t": 90, "b": 50},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.08,
            "x": 0,
            "title": {"text": t("engagement.latency.quarter_legend")},
        },
        # A faint line between members' rows across every panel (the panels share the y axis).
        shapes=[
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": index + 0.5,
                "y1": index + 0.5,
                "line": {"color": "#E0E0E0", "width": 1},
                "layer": "below",
            }
            for index in range(len(members) - 1)
        ],
    )
    titles = [wrap_label(stage_text(stage, t), 22) for stage in STAGES]
    layout |= panel_row(
        titles,
        spacing=0.025,
        title_size=13,
        xaxis={
            "title": {"text": t("engagement.latency.days_axis")},
            "rangemode": "tozero",
            "zeroline": False,
        },
        yaxis={
            "tickvals": list(range(len(members))),
            "ticktext": [wrap_label(member_label(code, names, t), 24) for code in members],
            "range": [len(members) - 0.5, -0.5],
            "showgrid": False,
            "zeroline": False,
            "automargin": True,
        },
    )
    return figure(traces, layout)
