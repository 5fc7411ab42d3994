"""Engagement scorecards as people read them: card text, quarterly sparklines, the network heat-table."""

from __future__ import annotations

from datetime import date
from typing import Any

import plotly.graph_objects as go
import polars as pl

from rrm_dash.analytics.engagement import COMPONENTS, Component, points_column, share_column
from rrm_dash.charts.spec import figure
from rrm_dash.charts.theme import NEUTRAL, PERIOD_COLOURS, SHARE_SCALE, base_layout, wrap_label
from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import number, percent

_TABLE_COUNTS = (
    "meetings_invited",
    "meetings_attended",
    "presentations",
    "incidents_contributed",
    "reports_shared",
    "rfis_answered",
    "statements_cosigned",
    "responses_joined",
    "alerts_acknowledged",
)


#: Streamlit badge colour per focal-point status: resourced, stop-gap, missing.
_FOCAL_POINT_BADGE = {"permanent": "green", "temporary": "orange", "vacant": "red"}


def card_heading_markdown(row: dict[str, Any], lang: str) -> str:
    """Name in bold, then member/observer and the focal-point status as badges."""
    colour = _FOCAL_POINT_BADGE.get(row["focal_point_status"], "gray")
    return (
        f"**{row[f'name_{lang}']}**  \n"
        f":blue-badge[{row[f'status_label_{lang}']}] "
        f":{colour}-badge[{row[f'focal_point_label_{lang}']}]"
    )


def quarter_label(quarter: date, t: Translate) -> str:
    """'Q3 2026' / 'T3 2026'."""
    return t("engagement.quarter", quarter=(quarter.month - 1) // 3 + 1, year=quarter.year)


def hours_text(hours: float, t: Translate) -> str:
    """Hours to one decimal, written the reader's way: '6.5 h' / '6,5 h'."""
    return t("engagement.hours", hours=number(round(hours, 1), t.lang))


def scorecard_markdown(row: dict[str, Any], t: Translate) -> str:
    """The KPIs of one card, one per line."""
    lang = t.lang
    lines = [
        t(
            "engagement.card.meetings",
            attended=number(row["meetings_attended"], lang),
            invited=number(row["meetings_invited"], lang),
        )
    ]
    for key, column in (
        ("presentations", "presentations"),
        ("incidents", "incidents_contributed"),
        ("reports", "reports_shared"),
        ("rfis", "rfis_answered"),
        ("statements", "statements_cosigned"),
        ("responses", "responses_joined"),
    ):
        lines.append(t(f"engagement.card.{key}", count=number(row[column], lang)))
    hours = row["median_acknowledgement_hours"]
    if hours is None:
        lines.append(t("engagement.card.no_acknowledgement"))
    else:
        lines.append(t("engagement.card.acknowledgement", hours=hours_text(hours, t)))
    return "  \n".join(lines)


def score_sparkline(trend: pl.DataFrame, t: Translate) -> go.Figure:
    """A small line of one member's score per quarter (frame: quarter, score), 0-100 scale."""
    quarters = [quarter_label(q, t) for q in trend["quarter"].to_list()]
    scores = trend["score"].to_list()
    hover = [
        t("engagement.card.trend_hover", quarter=q, score=number(round(s), t.lang))
        for q, s in zip(quarters, scores, strict=True)
    ]
    ends = [quarters[0], quarters[-1]] if quarters else []
    layout = base_layout(
        height=130,
        showlegend=False,
        margin={"l": 4, "r": 4, "t": 26, "b": 4},
        title={"text": t("engagement.card.trend"), "font": {"size": 12}, "x": 0},
        xaxis={
            "tickvals": ends,
            "tickfont": {"size": 10, "color": NEUTRAL},
            "showgrid": False,
        },
        yaxis={"range": [-4, 104], "visible": False},
    )
    line = {
        "type": "scatter",
        "x": quarters,
        "y": scores,
        "mode": "lines+markers",
        "line": {"color": PERIOD_COLOURS["current"], "width": 2},
        "marker": {"size": 5},
        "customdata": hover,
        "hovertemplate": "%{customdata}<extra></extra>",
        "name": t("engagement.card.trend"),
    }
    return figure([line], layout)


def _cell_text(component: Component, value: Any, t: Translate) -> str:
    if component.key == "attendance_rate":
        return "–" if value is None else percent(value, t.lang)
    if component.lower_is_better:
        return "–" if value is None else hours_text(value, t)
    return number(value, t.lang)


def components_heatmap(scored: pl.DataFrame, t: Translate) -> go.Figure:
    """Members (rows, best score first) × score components (columns).

    Colour: the share of the network's best (0-1); text: the figure itself; hover: the points.
    """
    lang = t.lang
    ordered = scored.sort("score", descending=True)
    names = [
        f"{name} ({number(round(score), lang)})"
        for name, score in zip(ordered[f"name_{lang}"], ordered["score"], strict=True)
    ]
    columns = [t(f"engagement.component.{c.key}.name") for c in COMPONENTS]
    z, text, hover = [], [], []
    for row in ordered.iter_rows(named=True):
        z.append([row[share_column(c)] for c in COMPONENTS])
        cells = [_cell_text(c, row[c.key], t) for c in COMPONENTS]
        text.append(cells)
        hover.append(
            [
                t(
                    "engagement.comparison.hover",
                    member=row[f"name_{lang}"],
                    component=name,
                    value=cell,
                    points=number(round(row[points_column(c)], 1), lang),
                    weight=c.weight,
                )
                for c, name, cell in zip(COMPONENTS, columns, cells, strict=True)
            ]
        )
    heatmap = {
        "type": "heatmap",
        "z": z,
        "x": [wrap_label(name, 14) for name in columns],
        "y": names,
        "text": text,
        "texttemplate": "%{text}",
        "customdata": hover,
        "hovertemplate": "%{customdata}<extra></extra>",
        "colorscale": SHARE_SCALE,
        "zmin": 0,
        "zmax": 1,
        "xgap": 2,
        "ygap": 2,
        "colorbar": {
            "title": {"text": t("engagement.comparison.scale")},
            "thickness": 12,
            "tickvals": [0, 0.5, 1],
            "ticktext": [percent(v, lang) for v in (0, 0.5, 1)],
        },
    }
    layout = base_layout(
        height=140 + 34 * max(len(names), 1),
        xaxis={"title": {"text": t("engagement.comparison.component_axis")}, "side": "top"},
        yaxis={
            "title": {"text": t("engagement.comparison.member_axis")},
            "autorange": "reversed",
            "automargin": True,
        },
    )
    return figure([heatmap], layout)


def comparison_table(scored: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """Every KPI per member, with numbers kept numeric so the table sorts; best score first."""
    lang = t.lang
    ordered = scored.sort("score", descending=True)
    return ordered.select(
        pl.col(f"name_{lang}").alias(t("engagement.column.member")),
        pl.col(f"status_label_{lang}").alias(t("engagement.column.status")),
        pl.col(f"focal_point_label_{lang}").alias(t("engagement.column.focal_point")),
        pl.col("score").round(0).cast(pl.Int64).alias(t("engagement.column.score")),
        (pl.col("attendance_rate") * 100)
        .round(0)
        .cast(pl.Int64)
        .alias(t("engagement.column.attendance_rate")),
        *[pl.col(column).alias(t(f"engagement.column.{column}")) for column in _TABLE_COUNTS],
        pl.col("median_acknowledgement_hours")
        .round(1)
        .alias(t("engagement.column.median_acknowledgement_hours")),
    )
