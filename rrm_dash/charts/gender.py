"""The share of incidents targeting women and vulnerable groups by month: one panel per group,
one line per G7 heading (its usual colour) and a dashed line for all headings together."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

import plotly.graph_objects as go
import polars as pl

from rrm_dash.analytics.gender import gender_breakdown
from rrm_dash.charts.spec import axis_suffix, figure, panel_row
from rrm_dash.charts.theme import HEADING_COLOURS, NEUTRAL, base_layout, wrap_label
from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import day, number, percent
from rrm_dash.tables.gender import GROUPS

#: The series code of the line for all headings together.
ALL_HEADINGS = "_all"
#: At most this many month labels on the axis (every other, every third... month beyond).
MAX_MONTH_TICKS = 5
SHARE_TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)
#: Legend names are wrapped at this many characters.
LEGEND_WIDTH = 22
#: Marker diameters (px) for a month with the fewest and with the most incidents.
MARKER_SIZES = (4, 14)


def _marker_sizes(incidents: list[int], largest: int) -> list[float]:
    """Bigger dots for months with more incidents (area in proportion to the count), so a
    share of one incident out of one does not weigh like one out of twenty."""
    low, high = MARKER_SIZES
    return [low + (high - low) * math.sqrt(count / largest) for count in incidents]


def month_text(month: date, lang: str) -> str:
    """'Mar 2026' / 'mars 2026'."""
    return day(month, lang, "MMM y")


def _series(counts: pl.DataFrame, labels: Mapping[str, str]) -> list[tuple[str, pl.DataFrame]]:
    """(code, monthly shares) per heading with at least one incident, in the order of `labels`,
    then all headings together when more than one heading is drawn."""
    breakdown = gender_breakdown(counts)
    totals = breakdown.group_by("heading").agg(pl.col("incidents").sum())
    drawn = set(totals.filter(pl.col("incidents") > 0)["heading"].to_list())
    codes = [code for code in labels if code in drawn]
    codes += sorted(drawn - set(codes))
    parts = breakdown.partition_by("heading", as_dict=True)
    series = [(code, parts[(code,)]) for code in codes]
    if len(codes) > 1:
        together = gender_breakdown(counts.with_columns(pl.lit(ALL_HEADINGS).alias("heading")))
        series.append((ALL_HEADINGS, together))
    return series


def gender_trend_chart(counts: pl.DataFrame, labels: Mapping[str, str], t: Translate) -> go.Figure:
    """Monthly shares (0-100 %) of incidents targeting women (left) and vulnerable groups
    (right). `counts` are `gender_inputs`' counts per heading and month; `labels` maps heading
    codes to names. A month without incidents under a heading leaves a gap in its line; a dot's
    size grows with the month's incidents."""
    lang = t.lang
    series = _series(counts, labels)
    largest = max(
        [1, *(shares.select(pl.col("incidents").max()).item() or 0 for _, shares in series)]
    )
    traces: list[dict[str, Any]] = []
    for code, shares in series:
        together = code == ALL_HEADINGS
        name = t("timeline.gender.all_headings") if together else labels.get(code, code)
        colour = NEUTRAL if together else HEADING_COLOURS.get(code, NEUTRAL)
        months = shares["month"].to_list()
        for column, group in enumerate(GROUPS, start=1):
            values = shares[f"{group}_share"].to_list()
            traces.append(
                {
                    "type": "scatter",
                    "xaxis": f"x{axis_suffix(column)}",
                    "yaxis": f"y{axis_suffix(column)}",
                    "x": months,
                    "y": values,
                    "mode": "lines" if together else "lines+markers",
                    "line": {
                        "color": colour,
                        "width": 2,
                        "dash": "dash" if together else "solid",
                    },
                    "marker": {"size": _marker_sizes(shares["incidents"].to_list(), largest)},
                    "connectgaps": False,
                    "name": wrap_label(name, LEGEND_WIDTH),
                    "legendgroup": code,
                    "showlegend": column == 1,
                    "customdata": [
                        t(
                            "timeline.gender.hover",
                            heading=name,
                            month=month_text(month, lang),
                            count=number(part, lang),
                            total=number(whole, lang),
                            share="–" if share is None else percent(share, lang),
                        )
                        for month, part, whole, share in zip(
                            months, shares[group], shares["incidents"], values, strict=True
                        )
                    ],
                    "hovertemplate": "%{customdata}<extra></extra>",
                }
            )
    months = sorted(counts["month"].unique().to_list())
    step = max(1, math.ceil(len(months) / MAX_MONTH_TICKS))
    ticks = months[::step]
    layout = base_layout(
        height=420,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={
            "orientation": "v",
            "x": 1.02,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "itemsizing": "constant",
        },
    )
    titles = [t(f"timeline.gender.{group}") for group in GROUPS]
    layout |= panel_row(
        titles,
        spacing=0.04,
        title_size=13,
        xaxis={
            "title": {"text": t("timeline.gender.month_axis")},
            "tickvals": ticks,
            "ticktext": [month_text(month, lang) for month in ticks],
            "automargin": True,
        },
        yaxis={
            "range": [-0.03, 1.05],
            "tickvals": list(SHARE_TICKS),
            "ticktext": [percent(value, lang) for value in SHARE_TICKS],
            "automargin": True,
        },
    )
    layout["yaxis"]["title"] = {"text": t("timeline.gender.share_axis")}
    return figure(traces, layout)
