"""The export downloads: the Incidents view offers the filtered incidents as the CSV import
template and as STIX 2.1, the DISARM view the Navigator layer; each file is built on click from
what the viewer sees, and each download is audited."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

import rrm_dash.ui.exchange_downloads as downloads_module
from rrm_dash.access import demo_principal
from rrm_dash.audit import AuditWriter, writer
from rrm_dash.audit.store import read
from rrm_dash.exchange.csv_out import export_csv
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.queries.runner import Source
from rrm_dash.ui.navigation import allowed
from tests.app.conftest import APP, isolate_side_files, open_page, sign_in_as
from tests.canary import VIEWERS, build_canary_warehouse, leaks, visible_canaries
from tests.conftest import TODAY


class Deferred:
    """The files the page registered to build on click, by file name (nothing is built yet)."""

    def __init__(self) -> None:
        self.makers: dict[str, Callable[[], Any]] = {}

    def build(self, name: str) -> bytes:
        data = self.makers[name]()
        return data if isinstance(data, bytes) else str(data).encode()

    def exports(self) -> list[str]:
        """The file names of this feature's downloads (not the page's own table downloads)."""
        return sorted(name for name in self.makers if name.startswith("rrm-"))


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> Deferred:
    seen = Deferred()
    register = MediaFileManager.add_deferred

    def capture(self: MediaFileManager, make: Any, *args: Any, **kwargs: Any) -> str:
        if kwargs.get("file_name"):
            seen.makers[str(kwargs["file_name"])] = make
        return register(self, make, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture)
    return seen


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every export built (by format), to tell a build on click from one on every run."""
    made: list[str] = []
    build = downloads_module.build_export

    def counting(fmt: str, *args: Any, **kwargs: Any) -> Any:
        made.append(fmt)
        return build(fmt, *args, **kwargs)

    monkeypatch.setattr(downloads_module, "build_export", counting)
    return made


@pytest.fixture
def audit_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "audit" / "audit.sqlite"
    monkeypatch.setenv("RRM_AUDIT_DB", str(db))
    monkeypatch.setitem(writer._writers, db, AuditWriter(db, interval_s=3600))
    yield db
    writer.reset()


def labels(at: AppTest) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_incidents_view_offers_the_csv_template_and_stix(app: AppTest, lang: str) -> None:
    t = translator(lang)
    shown = labels(open_page(app, "incidents", lang=lang))
    assert t("exchange.download_csv") in shown
    assert t("exchange.download_stix") in shown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_disarm_view_offers_the_navigator_layer(app: AppTest, lang: str) -> None:
    shown = labels(open_page(app, "disarm", lang=lang))
    assert translator(lang)("exchange.download_navigator") in shown


def test_the_csv_is_built_on_click_from_the_filter_bar_and_the_download_is_audited(
    app: AppTest,
    demo_source: Source,
    deferred: Deferred,
    builds: list[str],
    audit_db: Path,
) -> None:
    open_page(app, "incidents", heading="MIE")
    assert builds == [], "no export is built while the page runs"
    data = deferred.build(f"rrm-incidents-{TODAY.isoformat()}.csv")
    assert builds == ["csv"]
    filters = Filters.default(TODAY).with_changes(headings=("MIE",))
    expected = export_csv(demo_source, demo_principal(), filters)
    assert data == expected
    rows = expected.decode("utf-8-sig").count("\n") - 1
    writer.flush(audit_db)
    logged = read(audit_db, action="download", username=demo_principal().username)
    assert logged["object_type"].to_list() == ["incidents_csv"]
    assert logged["detail"].to_list() == [f"rows={rows}"]
    assert logged["object_id"].to_list() == [f"rrm-incidents-{TODAY.isoformat()}.csv"]


def test_the_navigator_layer_is_the_filtered_set_of_the_viewer(
    app: AppTest, demo_source: Source, deferred: Deferred, builds: list[str]
) -> None:
    from rrm_dash.exchange.navigator import navigator_layer

    open_page(app, "disarm", lang="fr")
    assert builds == []
    layer = deferred.build(f"rrm-disarm-layer-{TODAY.isoformat()}.json")
    name = translator("fr")("exchange.layer_name")
    assert layer == navigator_layer(
        demo_source, demo_principal(), Filters.default(TODAY), name=name
    )


@pytest.fixture(scope="module")
def canary_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_canary_warehouse(tmp_path_factory.mktemp("canary") / "rrm.duckdb", TODAY)


@pytest.mark.parametrize("viewer", [v for v in VIEWERS if allowed(VIEWERS[v].role, "incidents")])
def test_the_downloads_hold_only_what_the_viewer_may_see(
    canary_warehouse: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    deferred: Deferred,
    viewer: str,
) -> None:
    monkeypatch.setenv("RRM_WAREHOUSE", str(canary_warehouse))
    isolate_side_files(monkeypatch, tmp_path)
    sign_in_as(monkeypatch, VIEWERS[viewer])
    open_page(AppTest.from_file(APP, default_timeout=60), "incidents")
    names = deferred.exports()
    assert len(names) == 2, names
    texts = [deferred.build(name).decode("utf-8") for name in names]
    for text in texts:
        assert not leaks(viewer, text), leaks(viewer, text)
        for canary in visible_canaries(viewer):  # ... and what they may see is there
            assert canary.incident_id in text
