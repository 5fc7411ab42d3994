"""The Timeline page draws the filtered incidents per week with the elections, and the share of
incidents targeting women and vulnerable groups by heading and month, in both languages."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from rrm_dash.access import demo_principal
from rrm_dash.analytics.gender import gender_summary
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.i18n.formatting import number, percent
from rrm_dash.queries import timeline
from rrm_dash.queries.runner import Source
from rrm_dash.queries.warning import gender_inputs
from rrm_dash.tables.gender import points_text
from tests.app.conftest import open_page
from tests.conftest import TODAY


def _chart(at: AppTest) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(at.get("plotly_chart")[0].proto.spec)
    return spec


def _name(trace: dict[str, Any]) -> str:
    return str(trace["name"]).replace("<br>", " ")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_timeline_shows_weekly_counts_by_heading_with_elections_in_each_language(
    app: AppTest, demo_source: Source, lang: str
) -> None:
    at = open_page(app, "timeline", lang=lang)
    t = translator(lang)
    assert at.title[0].value == t("timeline.title")
    filters = Filters.default(TODAY)
    period = timeline.timeline_period(filters, TODAY)
    bins = timeline.incidents_per_bin(
        demo_source, demo_principal(), filters, "week", "heading", period
    )
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics[t("timeline.kpi.incidents")] == number(int(bins["incidents"].sum()), lang)
    spec = _chart(at)
    bars = [trace for trace in spec["data"] if trace["type"] == "bar"]
    assert {_name(trace) for trace in bars} <= set(bins[f"label_{lang}"].to_list())
    assert spec["layout"]["xaxis"]["title"]["text"] == t("timeline.axis.week")
    elections = timeline.elections_in_period(demo_source, demo_principal(), filters, period)
    rects = [shape for shape in spec["layout"].get("shapes", []) if shape["type"] == "rect"]
    assert len(rects) == elections.height


def test_switching_to_months_and_threat_types_redraws_the_chart(app: AppTest) -> None:
    at = open_page(app, "timeline")
    at.radio(key="timeline_granularity").set_value("month").run()
    at.radio(key="timeline_stack").set_value("threat_type").run()
    assert not at.exception
    spec = _chart(at)
    assert spec["layout"]["xaxis"]["title"]["text"] == translator("en")("timeline.axis.month")
    assert len([trace for trace in spec["data"] if trace["type"] == "bar"]) > 3


def test_a_link_with_a_heading_narrows_the_timeline_to_it(
    app: AppTest, demo_source: Source
) -> None:
    at = open_page(app, "timeline", heading="HRF", lang="fr")
    filters = Filters.default(TODAY).with_changes(headings=("HRF",))
    period = timeline.timeline_period(filters, TODAY)
    bins = timeline.incidents_per_bin(
        demo_source, demo_principal(), filters, "week", "heading", period
    )
    hrf = bins.filter(bins["series"] == "HRF")
    bars = [trace for trace in _chart(at)["data"] if trace["type"] == "bar"]
    assert [_name(trace) for trace in bars] == [hrf["label_fr"][0]]
    assert bars[0]["y"] == hrf["incidents"].to_list()
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics[translator("fr")("timeline.kpi.incidents")] == number(
        int(hrf["incidents"].sum()), "fr"
    )


@pytest.fixture
def csv_files(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The CSV downloads the page offers, by file name (their text, without the BOM)."""
    files: dict[str, str] = {}
    add = MediaFileManager.add

    def recording(self: MediaFileManager, data: Any, *args: Any, **kwargs: Any) -> str:
        name = kwargs.get("file_name")
        if name and isinstance(data, bytes | str):
            text = data.decode("utf-8") if isinstance(data, bytes) else data
            files[str(name)] = text.removeprefix("\ufeff")
        return add(self, data, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", recording)
    return files


def _gender_summary(source: Source, filters: Filters) -> dict[str, float | int | None]:
    before = filters.previous_period()
    assert before is not None
    return gender_summary(
        gender_inputs(source, demo_principal(), filters),
        gender_inputs(source, demo_principal(), before),
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_timeline_shows_the_share_targeting_women_and_vulnerable_groups_and_its_change(
    app: AppTest, demo_source: Source, csv_files: dict[str, str], lang: str
) -> None:
    at = open_page(app, "timeline", lang=lang)
    t = translator(lang)
    assert t("timeline.gender.title") in [header.value for header in at.subheader]
    assert t("timeline.gender.method") in [caption.value for caption in at.caption]
    summary = _gender_summary(demo_source, Filters.default(TODAY))
    assert summary["incidents"], "the demo has incidents in the default period"
    metrics = {metric.label: metric for metric in at.metric}
    for group in ("women", "vulnerable"):
        metric = metrics[t(f"timeline.gender.{group}")]
        share, change = summary[f"{group}_share"], summary[f"{group}_change"]
        assert share is not None and change is not None
        assert metric.value == percent(share, lang)
        assert metric.proto.delta == points_text(change, t)
    table = at.dataframe[-1].value
    assert table.shape[0] == 3  # the three G7 headings
    assert int(table[t("timeline.gender.column.incidents")].sum()) == summary["incidents"]
    assert int(table[t("timeline.gender.column.women")].sum()) == summary["women"]
    assert t("timeline.gender.column.women_change") in table.columns
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    women = [trace for trace in spec["data"] if trace["xaxis"] == "x"]
    assert women[-1]["name"] == t("timeline.gender.all_headings")
    assert len(women) == 4  # three headings and all headings together
    (name,) = [name for name in csv_files if name.startswith("rrm-gender")]
    downloaded = pl.read_csv(io.StringIO(csv_files[name]))
    assert downloaded.columns == list(table.columns)
    assert downloaded.height == 3


def test_a_heading_filter_narrows_the_women_and_vulnerable_groups_section_to_it(
    app: AppTest, demo_source: Source
) -> None:
    at = open_page(app, "timeline", heading="HRF")
    t = translator("en")
    table = at.dataframe[-1].value
    names = table[t("timeline.gender.column.heading")].tolist()
    assert len(names) == 1 and names[0].startswith("Human rights")
    summary = _gender_summary(demo_source, Filters.default(TODAY).with_changes(headings=("HRF",)))
    assert table[t("timeline.gender.column.incidents")].tolist() == [summary["incidents"]]
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert len([trace for trace in spec["data"] if trace["xaxis"] == "x"]) == 1  # no "all" line


def test_with_no_incident_the_women_and_vulnerable_groups_section_says_so(
    app: AppTest, empty_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RRM_WAREHOUSE", str(empty_warehouse))
    monkeypatch.setenv("RRM_COOKIE_KEY", "a-test-key-" * 4)  # not a demo warehouse
    at = open_page(app, "timeline", lang="fr")
    t = translator("fr")
    assert t("timeline.gender.empty") in [info.value for info in at.info]
    assert not at.dataframe
    assert len(at.get("plotly_chart")) == 1  # the timeline's own chart only
