"""The DISARM heatmap as the DISARM Navigator lays it out: tactics as columns, techniques as cells."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import polars as pl

from rrm_dash.charts.spec import figure
from rrm_dash.charts.theme import COUNT_SCALE, ZERO_COLOUR, base_layout, wrap_label
from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import day, number

CELL_HEIGHT = 74
NAME_WIDTH = 11  # characters per line of a technique name inside a cell
NAME_LINES = 3


@dataclass(frozen=True)
class HeatmapLabels:
    """Translated words of the heatmap."""

    tactic_axis: str
    technique_axis: str
    incidents: str
    tactic_hover: str  # "Tactic:" / "Tactique :"
    incidents_hover: str  # "Incidents:" / "Incidents :"


def cell_text(disarm_id: str, name: str) -> str:
    """Id in bold over the name wrapped to a few short lines (the tooltip has the full name)."""
    lines = wrap_label(name, NAME_WIDTH).split("<br>")
    if len(lines) > NAME_LINES:
        lines = [*lines[: NAME_LINES - 1], lines[NAME_LINES - 1] + "…"]
    return "<br>".join([f"<b>{disarm_id}</b>", *lines])


def _colour_scale(highest: int) -> list[list[Any]]:
    """Zero in grey; 1..highest along the sequential scale."""
    if highest <= 0:
        return [[0.0, ZERO_COLOUR], [1.0, ZERO_COLOUR]]
    start = 0.5 / highest
    scale: list[list[Any]] = [[0.0, ZERO_COLOUR], [start, ZERO_COLOUR]]
    steps = len(COUNT_SCALE) - 1
    for index, colour in enumerate(COUNT_SCALE):
        scale.append([start + (1.0 - start) * index / steps, colour])
    return scale


def technique_heatmap(frame: pl.DataFrame, labels: HeatmapLabels) -> go.Figure:
    """One column per tactic (in the frame's order: display rank), its techniques stacked below.

    `frame` has tactic_id, tactic_name, disarm_id, name, incidents, position (1 = top).
    """
    tactics = frame.select("tactic_id", "tactic_name").unique(maintain_order=True)
    columns = [
        f"<b>{row['tactic_id']}</b><br>" + wrap_label(row["tactic_name"], 11)
        for row in tactics.iter_rows(named=True)
    ]
    column_of = {code: index for index, code in enumerate(tactics["tactic_id"].to_list())}
    rows = max(frame["position"].to_list(), default=0)
    z: list[list[int | None]] = [[None] * len(columns) for _ in range(rows)]
    text = [[""] * len(columns) for _ in range(rows)]
    hover: list[list[list[str]]] = [[["", "", ""]] * len(columns) for _ in range(rows)]
    for row in frame.iter_rows(named=True):
        r, c = int(row["position"]) - 1, column_of[row["tactic_id"]]
        z[r][c] = int(row["incidents"])
        text[r][c] = cell_text(row["disarm_id"], row["name"])
        hover[r][c] = [row["disarm_id"], row["name"], f"{row['tactic_id']} {row['tactic_name']}"]
    highest = max(frame["incidents"].to_list(), default=0)
    heatmap = {
        "type": "heatmap",
        "z": z,
        "x": columns,
        "y": list(range(1, rows + 1)),
        "text": text,
        "texttemplate": "%{text}",
        "textfont": {"size": 10},
        "customdata": hover,
        "hovertemplate": (
            "<b>%{customdata[0]}</b> %{customdata[1]}<br>"
            + labels.tactic_hover
            + " %{customdata[2]}<br>"
            + labels.incidents_hover
            + " %{z}<extra></extra>"
        ),
        "hoverongaps": False,
        "colorscale": _colour_scale(highest),
        "zmin": 0,
        "zmax": max(highest, 1),
        "xgap": 3,
        "ygap": 3,
        "colorbar": {
            "title": {"text": labels.incidents, "side": "top"},
            "orientation": "h",
            "thickness": 12,
            "len": 0.4,
            "x": 1.0,
            "xanchor": "right",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
        },
    }
    layout = base_layout(
        height=230 + CELL_HEIGHT * max(rows, 1),
        margin={"l": 10, "r": 10, "t": 10, "b": 80},
        xaxis={
            "title": {"text": labels.tactic_axis},
            "side": "top",
            "tickangle": 0,
            "tickfont": {"size": 12},
            "showgrid": False,
        },
        yaxis={
            "title": {"text": labels.technique_axis},
            "autorange": "reversed",
            "showticklabels": False,
            "showgrid": False,
            "zeroline": False,
        },
    )
    return figure([heatmap], layout)


def technique_choices(frame: pl.DataFrame, lang: str) -> dict[str, str]:
    """Techniques with incidents, most incidents first: disarm_id -> 'T0049 Name (143)'."""
    seen = frame.filter(pl.col("incidents") > 0).sort(
        ["incidents", "disarm_id"], descending=[True, False]
    )
    return {
        row["disarm_id"]: f"{row['disarm_id']} {row['name']} ({number(row['incidents'], lang)})"
        for row in seen.iter_rows(named=True)
    }


def technique_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """The counts behind the heatmap, as people read them (for the CSV download)."""
    return pl.DataFrame(
        {
            t("disarm.column.tactic"): [
                f"{row['tactic_id']} {row['tactic_name']}" for row in frame.iter_rows(named=True)
            ],
            t("disarm.column.technique_id"): frame["disarm_id"].to_list(),
            t("disarm.column.technique"): frame["name"].to_list(),
            t("disarm.column.incidents"): frame["incidents"].to_list(),
        },
        schema_overrides={t("disarm.column.incidents"): pl.Int64},
    )


def incident_table(frame: pl.DataFrame, t: Translate) -> pl.DataFrame:
    """Incidents of a technique: title, detected day, targeted members, TLP (as text)."""
    lang = t.lang
    return pl.DataFrame(
        {
            t("disarm.column.title"): frame["title"].to_list(),
            t("disarm.column.detected"): [
                day(value, lang) for value in frame["detected_at"].to_list()
            ],
            t("disarm.column.targeted"): [
                value or "" for value in frame[f"targeted_{lang}"].to_list()
            ],
            t("disarm.column.tlp"): [f"TLP:{value}" for value in frame["tlp"].to_list()],
        },
        schema=dict.fromkeys(
            [
                t("disarm.column.title"),
                t("disarm.column.detected"),
                t("disarm.column.targeted"),
                t("disarm.column.tlp"),
            ],
            pl.String,
        ),
    )
