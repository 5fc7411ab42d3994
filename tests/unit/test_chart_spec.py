"""Figures built from plain specs: laid out as Plotly's own subplots, and validated in tests."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from rrm_dash.charts import spec


@pytest.mark.parametrize("count", [1, 3, 5])
def test_a_row_of_panels_is_laid_out_as_plotly_lays_out_shared_y_subplots(count: int) -> None:
    titles = [f"Panel {index}" for index in range(count)]
    expected = make_subplots(
        rows=1, cols=count, shared_yaxes=True, horizontal_spacing=0.025, subplot_titles=titles
    ).update_annotations(font={"size": 13})
    built = spec.figure([], spec.panel_row(titles, spacing=0.025, title_size=13))
    drawn = built.to_dict()["layout"]
    wanted = expected.to_dict()["layout"]
    for key in wanted:
        if key.startswith(("xaxis", "yaxis")):
            assert drawn[key].pop("domain") == pytest.approx(wanted[key].pop("domain")), key
        if key != "annotations":
            assert drawn[key] == wanted[key], key
    assert [a["x"] for a in drawn["annotations"]] == pytest.approx(
        [a["x"] for a in wanted["annotations"]]
    )
    for annotation in (*drawn["annotations"], *wanted["annotations"]):
        annotation.pop("x")
    assert drawn["annotations"] == wanted["annotations"]


def test_under_test_a_misspelt_property_fails_the_figure() -> None:
    assert spec.VALIDATE
    with pytest.raises(ValueError, match="colour"):
        spec.figure([{"type": "scatter", "x": [1], "colour": "red"}], {})


def test_pages_hand_streamlit_the_spec_plotly_would_give(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spec, "VALIDATE", False)
    data = [{"type": "scatter", "x": [1, 2], "y": [3, 4], "colour": "red"}]  # not validated
    layout = {"height": 200}
    figure = spec.figure(data, layout)
    assert isinstance(figure, spec.SpecFigure)
    assert figure.to_dict() == go.Figure(data=data, layout=layout, _validate=False).to_dict()
    assert figure.to_dict()["layout"]["template"]  # the default template, as Plotly adds it


def test_under_test_a_spec_that_plotly_would_complete_fails_the_figure() -> None:
    with pytest.raises(AssertionError, match="SpecFigure"):
        spec.figure([{"x": [1, 2], "y": [3, 4]}], {})  # Plotly adds the trace's type
