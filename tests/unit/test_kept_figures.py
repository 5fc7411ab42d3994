"""Figures are kept by what they show: equal content reuses the figure, any change rebuilds it."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import pytest

from rrm_dash.charts.kept import KEPT_FIGURES, content_key, kept
from rrm_dash.i18n import translator

built: list[tuple[object, ...]] = []


def _bars(frame: pl.DataFrame, names: dict[str, str], title: str) -> go.Figure:
    built.append((frame, names, title))
    return go.Figure(go.Bar(x=[names[c] for c in frame["code"]], y=frame["n"]), {"title": title})


def test_a_rerun_with_equal_rows_reuses_the_figure_instead_of_building_it() -> None:
    built.clear()
    first = kept(_bars, pl.DataFrame({"code": ["FR"], "n": [3]}), {"FR": "France"}, "t")
    again = kept(_bars, pl.DataFrame({"code": ["FR"], "n": [3]}), {"FR": "France"}, "t")
    assert again is first
    assert len(built) == 1


@pytest.mark.parametrize(
    "changed",
    [
        (pl.DataFrame({"code": ["FR"], "n": [4]}), {"FR": "France"}, "t"),
        (pl.DataFrame({"code": ["FR"], "n": [3]}), {"FR": "La France"}, "t"),
        (pl.DataFrame({"code": ["FR"], "n": [3]}), {"FR": "France"}, "u"),
    ],
)
def test_any_change_in_rows_names_or_labels_builds_a_new_figure(
    changed: tuple[pl.DataFrame, dict[str, str], str],
) -> None:
    built.clear()
    first = kept(_bars, pl.DataFrame({"code": ["FR"], "n": [3]}), {"FR": "France"}, "t")
    other = kept(_bars, *changed)
    assert other is not first
    assert len(built) == 2


def test_translators_are_told_apart_by_language() -> None:
    assert content_key(translator("en")) == content_key(translator("en"))
    assert content_key(translator("en")) != content_key(translator("fr"))


def test_only_the_latest_figures_are_kept() -> None:
    built.clear()
    for n in range(KEPT_FIGURES + 1):
        kept(_bars, pl.DataFrame({"code": ["FR"], "n": [n]}), {"FR": "France"}, "t")
    kept(_bars, pl.DataFrame({"code": ["FR"], "n": [0]}), {"FR": "France"}, "t")
    assert len(built) == KEPT_FIGURES + 2


def test_an_argument_without_a_content_key_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot key a figure"):
        content_key(object.__new__(_Unhashable))


class _Unhashable:
    __hash__ = None  # type: ignore[assignment]
