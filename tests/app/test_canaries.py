"""Canaries: nobody sees, on any view or in any download, a record they may not see.

Canary records with unique tokens at every TLP marking (tests/canary.py) are published on top
of the demo through the real write path. Each viewer opens every view (and every canary
incident's detail by URL); everything the page renders is collected — text, metrics, every
element's protobuf (plotly specs, deck JSON, widget options and labels, help texts), every
dataframe as CSV, and every download payload, eager or deferred — and no token the viewer may
not see may occur in it. So that the suite can fail, the tokens a viewer may see must appear.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

import rrm_dash.queries.filters as filter_queries
from rrm_dash.access import Principal
from rrm_dash.queries import runner
from rrm_dash.ui.navigation import VIEWS
from rrm_dash.warehouse import read
from tests.app.conftest import APP, isolate_side_files, open_page, sign_in_as
from tests.canary import (
    CANARY_RECORDS,
    VIEWERS,
    build_canary_warehouse,
    leaks,
    visible_canaries,
)
from tests.conftest import TODAY

#: Viewers run in French on every view too (English runs for everyone).
FRENCH_VIEWERS = ("au_observer", "ca_focal")


def views_of(viewer: str) -> list[str]:
    """The views (url paths) the viewer's role may open: the others are not in its menu."""
    role = VIEWERS[viewer].role
    return [view.url_path for view in VIEWS if role in getattr(view, "roles", {role})]


RUNS = [
    pytest.param(viewer, lang, page, id=f"{viewer}-{lang}-{page}")
    for lang, viewers in (("en", list(VIEWERS)), ("fr", FRENCH_VIEWERS))
    for viewer in viewers
    for page in views_of(viewer)
]


@pytest.fixture(scope="module")
def canary_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_canary_warehouse(tmp_path_factory.mktemp("canary") / "rrm.duckdb", TODAY)


class Downloads:
    """Every payload handed to Streamlit's media file manager during the runs (download
    buttons store their bytes there; a deferred download's callable is run afterwards)."""

    def __init__(self) -> None:
        self.payloads: list[bytes | str] = []
        self.deferred: list[Callable[[], Any]] = []

    def text(self) -> str:
        for make in self.deferred:
            self.payloads.append(make())
        self.deferred.clear()
        return "\n".join(
            p.decode("utf-8", "replace") if isinstance(p, bytes) else str(p) for p in self.payloads
        )


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Downloads:
    seen = Downloads()
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def recording_add(self: MediaFileManager, data: Any, *args: Any, **kwargs: Any) -> str:
        if isinstance(data, bytes | str):
            seen.payloads.append(data)
        return add(self, data, *args, **kwargs)

    def recording_deferred(self: MediaFileManager, make: Any, *args: Any, **kwargs: Any) -> str:
        seen.deferred.append(make)
        return add_deferred(self, make, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", recording_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_deferred)
    return seen


#: One folder per run for every viewer's audit log and sign-in state, removed at exit.
_SIDE_FILES = tempfile.TemporaryDirectory(prefix="rrm-canary-")


def as_viewer(
    monkeypatch: pytest.MonkeyPatch, warehouse: Path, principal: Principal, lang: str = "en"
) -> AppTest:
    """The app as `principal` (the sign-in form is bypassed: tests/app/test_sign_in.py tests
    it), with its own audit log and sign-in state."""
    monkeypatch.setenv("RRM_WAREHOUSE", str(warehouse))
    isolate_side_files(monkeypatch, Path(tempfile.mkdtemp(dir=_SIDE_FILES.name)))
    sign_in_as(monkeypatch, principal)
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["lang"] = lang
    return app


def rendered(at: AppTest) -> str:
    """Everything the run drew: each element's and block's protobuf in text form (markdown,
    metrics, captions, alerts, help, widget labels and options, plotly specs, deck JSON...),
    and each dataframe's values as CSV."""
    parts: list[str] = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        if node.type in ("arrow_data_frame", "arrow_table", "dataframe", "table"):
            parts.append(node.value.to_csv(index=False))
    return "\n".join(parts)


def open_as(
    monkeypatch: pytest.MonkeyPatch,
    warehouse: Path,
    viewer: str,
    page: str,
    lang: str = "en",
    **query: str,
) -> tuple[AppTest, str]:
    at = open_page(as_viewer(monkeypatch, warehouse, VIEWERS[viewer], lang), page, **query)
    return at, rendered(at)


def test_patching_current_principal_changes_the_viewer(
    canary_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guard for the whole suite: the observer's incident count is not the analyst's."""
    counts = {}
    for viewer in ("analyst", "au_observer"):
        at, _ = open_as(monkeypatch, canary_warehouse, viewer, "incidents", q="CANARY")
        counts[viewer] = [caption.value for caption in at.caption]
    assert counts["analyst"] != counts["au_observer"]


@pytest.mark.parametrize(("viewer", "lang", "page"), RUNS)
def test_no_view_shows_a_viewer_a_canary_it_may_not_see(
    canary_warehouse: Path,
    monkeypatch: pytest.MonkeyPatch,
    downloads: Downloads,
    viewer: str,
    lang: str,
    page: str,
) -> None:
    _, page_text = open_as(monkeypatch, canary_warehouse, viewer, page, lang)
    exported = downloads.text()
    assert not leaks(viewer, page_text), f"{page} shows {viewer}: {leaks(viewer, page_text)}"
    assert not leaks(viewer, exported), f"{page} exports to {viewer}: {leaks(viewer, exported)}"
    # ... and so that this can fail: what the viewer may see is there.
    visible = visible_canaries(viewer)
    if page == "wire":
        assert all(c.report in page_text and c.report in exported for c in visible)
    if page == "responses":
        assert all(c.response in page_text and c.response in exported for c in visible)
        # the newest response (the CLEAR hub, linked to every canary incident) is opened
        assert all(c.incident in page_text for c in visible)


@pytest.mark.parametrize("viewer", [v for v in VIEWERS if "incidents" in views_of(v)])
def test_searching_and_opening_every_canary_incident_shows_only_what_the_viewer_may_see(
    canary_warehouse: Path, monkeypatch: pytest.MonkeyPatch, downloads: Downloads, viewer: str
) -> None:
    at, listed = open_as(monkeypatch, canary_warehouse, viewer, "incidents", q="CANARY")
    exported = downloads.text()
    assert not leaks(viewer, listed), leaks(viewer, listed)
    assert not leaks(viewer, exported), leaks(viewer, exported)
    visible = visible_canaries(viewer)
    assert visible, "every viewer may see the CLEAR canary"
    for canary in visible:  # in the table and in both downloads (page and full export)
        assert canary.incident in listed
        assert canary.incident in exported

    details = []
    for canary in CANARY_RECORDS:  # every canary by URL, also those the viewer may not see
        at.query_params["incident"] = canary.incident_id
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        text = rendered(at)
        found = leaks(viewer, text)
        assert not found, f"incidents?incident={canary.incident_id} shows {viewer}: {found}"
        details.append(text)
        if canary in visible:
            for token in (canary.incident, canary.actor, canary.narrative, canary.channel):
                assert token in text, (canary.incident_id, token)
            assert canary.source in text
    # the hub (CLEAR) lists every canary actor, narrative and channel the viewer may see
    hub = details[0]
    for canary in visible:
        assert canary.actor in hub and canary.narrative in hub and canary.channel in hub


@pytest.mark.parametrize("viewer", ["au_observer", "leadership", "ca_focal"])
def test_the_filter_bar_offers_no_actor_known_only_from_rows_the_viewer_may_not_see(
    canary_warehouse: Path, monkeypatch: pytest.MonkeyPatch, viewer: str
) -> None:
    at, _ = open_as(monkeypatch, canary_warehouse, viewer, "overview")
    offered = "\n".join(
        str(option) for widget in [*at.multiselect, *at.selectbox] for option in widget.options
    )
    assert not leaks(viewer, offered)
    assert all(c.actor in offered for c in visible_canaries(viewer))


#: (the rule's text in scope.sql, the same rule removed, a viewer it protects, the marking leaked)
SCOPE_CHECKS = [
    (
        "when 'AMBER' then viewer().ceiling >= 2 and viewer().signed_in and (",
        "when 'AMBER' then viewer().ceiling >= 2 and true or (",
        "au_observer",
        "AMBER",
    ),
    (
        "when 'AMBER+STRICT' then viewer().ceiling >= 3 and viewer().signed_in and (",
        "when 'AMBER+STRICT' then viewer().ceiling >= 3 and true or (",
        "ca_focal",
        "AMBER+STRICT",
    ),
    (
        "else viewer().ceiling >= 4 and viewer().signed_in and (",
        "else viewer().ceiling >= 4 and true or (",
        "analyst",
        "RED",
    ),
]


@pytest.fixture
def broken_scope(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, str]]:
    """The read model with one TLP check removed (a copy; the original is restored)."""
    intact, removed, viewer, marking = request.param
    sql = read.READ_MODEL_SQL.read_text(encoding="utf-8")
    assert sql.count(intact) == 1
    broken = tmp_path / "scope.sql"
    broken.write_text(sql.replace(intact, removed), encoding="utf-8")
    caches = [
        runner._read_model,
        runner._visible_markings,
        *(getattr(filter_queries, name) for name in filter_queries.__dict__),
    ]

    def clear() -> None:
        for cache in caches:
            if hasattr(cache, "cache_clear"):
                cache.cache_clear()

    monkeypatch.setattr(read, "READ_MODEL_SQL", broken)
    clear()
    try:
        yield viewer, marking
    finally:
        monkeypatch.undo()
        clear()


@pytest.mark.parametrize(
    "broken_scope", SCOPE_CHECKS, indirect=True, ids=[check[3] for check in SCOPE_CHECKS]
)
def test_the_canary_suite_catches_each_removed_scope_check(
    canary_warehouse: Path, monkeypatch: pytest.MonkeyPatch, broken_scope: tuple[str, str]
) -> None:
    viewer, marking = broken_scope
    _, text = open_as(monkeypatch, canary_warehouse, viewer, "incidents", q="CANARY")
    hidden = [c for c in CANARY_RECORDS if c.marking.tlp == marking and not c.marking.releasable_to]
    assert hidden
    assert set(leaks(viewer, text)) & {c.incident for c in hidden}
