"""Page views in the audit log: one line per page and filters shown, not one per rerun."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from streamlit.testing.v1 import AppTest

from rrm_dash import audit
from rrm_dash.audit import store
from tests.app.conftest import open_page


def _page_views(folder: Path, page: str) -> pl.DataFrame:
    audit.flush()
    views = store.read(folder / "audit.sqlite", action="page_view")
    return views.filter(pl.col("object_id") == page)


def test_reruns_of_the_same_view_are_one_line_and_a_filter_change_is_another(
    app: AppTest, tmp_path: Path
) -> None:
    open_page(app, "timeline")
    app.run()  # a rerun with nothing changed (e.g. a widget of the view itself)
    app.run()
    assert _page_views(tmp_path, "timeline").height == 1
    assert _page_views(tmp_path, "overview").height == 1  # the landing page, named, not ""

    app.multiselect(key="filter_heading").set_value(["MIE"]).run()  # what is shown changed
    views = _page_views(tmp_path, "timeline")  # newest first
    assert views.height == 2
    assert "heading=MIE" in (views["detail"][0] or "")
