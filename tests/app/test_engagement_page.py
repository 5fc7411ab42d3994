"""The Engagement page: 13 scorecards with trends, the method, the comparison, and the handling
latency per reporting member and quarter (the withheld group under the Chatham House Rule), in
en and fr."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from rrm_dash.access import Principal, Role, demo_principal
from rrm_dash.analytics.latency import STAGES
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.ingest.load import publish
from rrm_dash.queries.runner import Source
from rrm_dash.queries.warning import latency_stages
from tests.app.conftest import open_page, sign_in_as
from tests.conftest import TODAY, insert_incident

#: The latency section's own widgets (the scorecards' come first on the page).
LATENCY_TABLE, LATENCY_CHART = 1, -1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_engagement_shows_a_scorecard_per_member_and_observer_and_the_method(
    app: AppTest, lang: str
) -> None:
    at = open_page(app, "engagement", lang=lang)
    t = translator(lang)
    assert at.title[0].value == t("engagement.title")
    scores = [metric for metric in at.metric if metric.label == t("engagement.card.score")]
    assert len(scores) == 13
    assert all(0 <= int(metric.value) <= 100 for metric in scores)
    assert [expander.label for expander in at.expander] == [t("engagement.method.title")]
    method = "\n".join(element.value for element in at.expander[0].markdown)
    assert t("engagement.component.incidents_contributed.name") in method
    charts = at.get("plotly_chart")
    assert len(charts) == 15  # 13 sparklines, the comparison and the latency chart
    comparison = json.loads(charts[13].proto.spec)
    assert len(comparison["data"][0]["y"]) == 13
    assert at.dataframe[0].value.shape[0] == 13
    assert t("engagement.filters_note") in [caption.value for caption in at.caption]


def test_a_member_filter_in_the_url_shows_only_those_scorecards(app: AppTest) -> None:
    at = open_page(app, "engagement", member="CA,FR")
    t = translator("en")
    scores = [metric for metric in at.metric if metric.label == t("engagement.card.score")]
    assert len(scores) == 2
    names = [element.value for element in at.markdown if element.value.startswith("**")]
    assert any(name.startswith("**Canada**") for name in names)
    assert any(name.startswith("**France**") for name in names)
    assert not any(name.startswith("**Italy**") for name in names)
    assert at.dataframe[0].value.shape[0] == 2
    # latency: only what Canada and France reported; the withheld group cannot be attributed
    latency = at.dataframe[LATENCY_TABLE].value
    assert set(latency[t("engagement.latency.column.member")]) == {"Canada", "France"}


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


def _latency_spec(at: AppTest) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(at.get("plotly_chart")[LATENCY_CHART].proto.spec)
    return spec


@pytest.mark.parametrize("lang", LANGUAGES)
def test_engagement_shows_handling_latency_per_reporting_member_quarter_and_stage(
    app: AppTest, demo_source: Source, csv_files: dict[str, str], lang: str
) -> None:
    at = open_page(app, "engagement", lang=lang)
    t = translator(lang)
    assert t("engagement.latency.title") in [header.value for header in at.subheader]
    assert t("engagement.latency.method") in [caption.value for caption in at.caption]
    expected = latency_stages(demo_source, demo_principal(), Filters.default(TODAY))
    table = at.dataframe[LATENCY_TABLE].value
    assert table.shape[0] == expected.height
    withheld = t("engagement.latency.withheld")
    members = table[t("engagement.latency.column.member")]
    assert withheld in set(members) and members.iloc[-1] == withheld  # the demo has Chatham rows
    assert "Cuba" not in set(members)  # CU is the Coordination Unit, not a country
    measured = table[t("engagement.latency.column.incidents")]
    assert int(measured.sum()) == int(expected["incidents"].sum())
    spec = _latency_spec(at)
    quarters = expected["quarter"].n_unique()
    assert len(spec["data"]) == quarters * len(STAGES)
    assert len([trace for trace in spec["data"] if trace.get("showlegend")]) == quarters
    assert withheld in spec["layout"]["yaxis"]["ticktext"][-1].replace("<br>", " ")
    assert spec["layout"]["xaxis"]["title"]["text"] == t("engagement.latency.days_axis")
    # the download is the table as shown
    (name,) = [name for name in csv_files if name.startswith("rrm-latency")]
    downloaded = pl.read_csv(io.StringIO(csv_files[name]))
    assert downloaded.columns == list(table.columns)
    assert downloaded.height == table.shape[0]


def use_warehouse(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Run the app over `path`, a warehouse of the test's own (not a demo one)."""
    monkeypatch.setenv("RRM_WAREHOUSE", str(path))
    monkeypatch.setenv("RRM_COOKIE_KEY", "a-test-key-" * 4)


def test_an_empty_warehouse_says_so_for_the_scorecards_and_for_the_latency(
    app: AppTest, empty_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_warehouse(monkeypatch, empty_warehouse)
    at = open_page(app, "engagement", lang="fr")
    t = translator("fr")
    shown = [info.value for info in at.info]
    assert t("engagement.empty") in shown
    assert t("engagement.latency.empty") in shown
    assert not at.dataframe and not at.get("plotly_chart")


def _chatham_warehouse(path: Path) -> Path:
    """France reported two incidents: one under the Chatham House Rule (detected two days after
    first activity), one not (one day)."""
    detected = TODAY - timedelta(days=10)

    def add(con: duckdb.DuckDBPyConnection) -> None:
        for incident_id, chatham, lag in (("CH-1", True, 2), ("OPEN-1", False, 1)):
            insert_incident(
                con,
                incident_id,
                tlp="GREEN",
                originator="FR",
                chatham_house=chatham,
                detected=detected,
            )
            con.execute(
                "update incident set first_activity = $first, assessed_at = $assessed"
                " where incident_id = $id",
                {
                    "id": incident_id,
                    "first": detected - timedelta(days=lag),
                    "assessed": datetime.combine(detected, datetime.min.time()) + timedelta(days=3),
                },
            )

    publish(path, add)
    return path


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        (Principal("ca-focal", Role.FOCAL_POINT, "CA"), {"France": 1, "withheld": 1}),
        (Principal("fr-focal", Role.FOCAL_POINT, "FR"), {"France": 2}),
    ],
    ids=["another-member", "the-originator"],
)
def test_an_incident_under_the_chatham_house_rule_counts_in_the_withheld_group_for_others(
    empty_warehouse: Path,
    monkeypatch: pytest.MonkeyPatch,
    app: AppTest,
    principal: Principal,
    expected: dict[str, int],
) -> None:
    use_warehouse(monkeypatch, _chatham_warehouse(empty_warehouse))
    sign_in_as(monkeypatch, principal)
    at = open_page(app, "engagement")
    t = translator("en")
    table = at.dataframe[-1].value
    detection = table[
        table[t("engagement.latency.column.stage")]
        == t("engagement.latency.stage.activity_to_detection")
    ]
    counted = dict(
        zip(
            detection[t("engagement.latency.column.member")],
            detection[t("engagement.latency.column.incidents")],
            strict=True,
        )
    )
    assert counted == {
        (t("engagement.latency.withheld") if name == "withheld" else name): count
        for name, count in expected.items()
    }
