"""Figures from plain Plotly specs (trace and layout dicts), built without Plotly's validation.

Plotly's object API (go.Scatter, make_subplots, update_layout, update_xaxes) validates and
re-parses every property as it is set: for the Engagement page's latency chart (20 traces,
five panels) that bookkeeping was 130-300 ms of every rerun whose data had changed, most of
the page. Builders write their traces and layout as dicts and `figure()` wraps them once,
without validation. The test suite sets VALIDATE (tests/conftest.py), so a misspelt property or
a wrong value still fails every test that builds the chart.

Even unvalidated, a `go.Figure` copies its spec in, and Streamlit asks it for `to_dict()`, a
deep copy back out: ≈ 14 ms for the latency chart on every rerun whose data changed, the copy
on every rerun. Pages get a `SpecFigure`, which is its spec and hands it out as is; with
VALIDATE on, `figure()` checks that this spec is exactly what Plotly's figure gives.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

#: Validate every property of every figure (the tests turn it on; pages run without it).
VALIDATE = False


class SpecFigure(go.Figure):  # type: ignore[misc]  # plotly has no type hints
    """A figure that is only its spec: `to_dict()` (all that Streamlit reads of a figure) is the
    trace specs and layout as given, with the default template a go.Figure would add. Nothing
    else of go.Figure is set up: it is for handing to st.plotly_chart, not for changing."""

    def __init__(self, data: Sequence[dict[str, Any]], layout: dict[str, Any]) -> None:
        # go.Figure.__init__ is not called on purpose: it would copy the spec in
        if "template" not in layout:
            layout = {**layout, "template": _template(pio.templates.default)}
        self._spec = {"data": list(data), "layout": layout}

    def to_dict(self) -> dict[str, Any]:
        return self._spec


@functools.cache
def _template(name: str) -> dict[str, Any]:
    """The template `name` as a go.Figure writes it into its layout."""
    template: dict[str, Any] = pio.templates[name].to_plotly_json()
    return template


def figure(data: Sequence[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """The figure of these trace specs and this layout."""
    if not VALIDATE:
        return SpecFigure(data, layout)
    plain = SpecFigure(data, layout).to_dict()
    if plain != go.Figure(data=list(data), layout=layout, _validate=False).to_dict():
        raise AssertionError("SpecFigure's spec differs from the figure Plotly builds")
    return go.Figure(data=list(data), layout=layout, _validate=True)


def axis_suffix(column: int) -> str:
    """Plotly's name for the axes of panel `column` (1-based): "" for the first, "2", "3" ..."""
    return "" if column == 1 else str(column)


def panel_row(
    titles: Sequence[str],
    spacing: float,
    title_size: int,
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Layout of a row of panels side by side, sharing the first panel's y axis (as
    make_subplots(rows=1, cols=len(titles), shared_yaxes=True) lays them out), each titled
    above, with `xaxis` and `yaxis` given to every panel's axes (as update_xaxes and
    update_yaxes would). Traces of panel c name xaxis "x<c>" and yaxis "y<c>" (see
    axis_suffix)."""
    count = len(titles)
    width = (1 - spacing * (count - 1)) / count
    layout: dict[str, Any] = {"annotations": []}
    for column, title in enumerate(titles, start=1):
        suffix = axis_suffix(column)
        start = (column - 1) * (width + spacing)
        end = 1.0 if column == count else start + width
        layout[f"xaxis{suffix}"] = {"anchor": f"y{suffix}", "domain": [start, end], **(xaxis or {})}
        layout[f"yaxis{suffix}"] = {"anchor": f"x{suffix}", "domain": [0.0, 1.0], **(yaxis or {})}
        if column > 1:
            layout[f"yaxis{suffix}"] |= {"matches": "y", "showticklabels": False}
        layout["annotations"].append(
            {
                "font": {"size": title_size},
                "showarrow": False,
                "text": title,
                "x": (start + end) / 2,
                "xanchor": "center",
                "xref": "paper",
                "y": 1.0,
                "yanchor": "bottom",
                "yref": "paper",
            }
        )
    return layout
