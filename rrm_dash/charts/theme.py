"""One palette, one meaning per colour, everywhere (Okabe-Ito, colour-blind safe; TLP 2.0 colours)."""

from __future__ import annotations

from typing import Any

#: G7 headings: the same colour on every chart and map.
HEADING_COLOURS = {"DIP": "#0072B2", "MIE": "#E69F00", "HRF": "#CC79A7"}

#: TLP 2.0 marking colours (FIRST TLP standard): text colour on a black badge.
TLP_COLOURS = {
    "CLEAR": "#FFFFFF",
    "GREEN": "#33FF00",
    "AMBER": "#FFC000",
    "AMBER+STRICT": "#FFC000",
    "RED": "#FF2B2B",
}

#: Periods compared on one chart: the previous period pale, the current one strong.
PERIOD_COLOURS = {"current": "#0072B2", "previous": "#56B4E9"}

#: Counts on a sequential scale (ColorBrewer Blues, colour-blind safe); zero stays light grey.
COUNT_SCALE = ("#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C")
ZERO_COLOUR = "#EDEDED"

#: A share of the network's best (0 to 1): white to strong blue.
SHARE_SCALE = [[0.0, "#FFFFFF"], [1.0, "#0072B2"]]

#: Coordinated-response lifecycle: open steps in blues and orange, success in green, ends
#: without action in vermillion and grey (only ever drawn on response charts).
RESPONSE_STATUS_COLOURS = {
    "proposed": "#56B4E9",
    "under_consultation": "#E69F00",
    "agreed": "#0072B2",
    "executed": "#009E73",
    "declined": "#D55E00",
    "withdrawn": "#999999",
}

NEUTRAL = "#595959"
FONT_FAMILY = "Source Sans Pro, Source Sans 3, sans-serif"


def wrap_label(text: str, width: int = 24) -> str:
    """Break a long category label over lines (Plotly's <br>) so axis labels are never cut off."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def base_layout(**overrides: Any) -> dict[str, Any]:
    """Layout shared by every figure: no title inside the chart (the page names it), legible text."""
    layout: dict[str, Any] = {
        "font": {"family": FONT_FAMILY, "size": 14},
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "plot_bgcolor": "rgba(0,0,0,0)",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
    }
    layout.update(overrides)
    return layout
