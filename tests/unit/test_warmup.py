"""A new app process warms itself: the first visitor's landing page finds its queries done,
and a warm-up that fails, runs out of time or meets a visitor never harms the server."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Hashable
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.access import Principal, Role
from rrm_dash.auth.demo_users import DEMO_USERS, write_demo_users
from rrm_dash.auth.users import User, load_users
from rrm_dash.config import DEFAULT_WARM_UP_S, warm_up_seconds
from rrm_dash.deploy import app_server, warmup
from rrm_dash.deploy.processes import app_command
from rrm_dash.queries import filters as filter_options
from rrm_dash.queries.dataset import dataset_facts
from rrm_dash.queries.runner import recorded_queries, results
from tests.app.conftest import APP, isolate_side_files, sign_in_as
from tests.conftest import PROJECT_DIR

WARMUP_LOG = "rrm_dash.deploy.warmup"


@pytest.fixture(autouse=True)
def _as_in_a_new_process() -> None:
    """No kept filter options or dataset facts from earlier tests (results and the warning
    picture are cleared for every test already), as in a process that has just started."""
    dataset_facts.cache_clear()
    for name in dir(filter_options):
        clear = getattr(getattr(filter_options, name), "cache_clear", None)
        if clear is not None:
            clear()


@pytest.fixture
def demo_users(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, User]:
    """The demo users file, as a served demo warehouse has it."""
    users = tmp_path / "users.yaml"
    write_demo_users(users, "a-long-enough-password")
    monkeypatch.setenv("RRM_USERS_FILE", str(users))
    return load_users()


def _computed_queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the queries that reach the warehouse from now on (not served from the cache)."""
    computed: list[str] = []
    keep = results.get_or_compute

    def spying(key: Hashable, compute: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        def counted() -> pl.DataFrame:
            assert isinstance(key, tuple)
            computed.append(str(key[1]))
            return compute()

        return keep(key, counted)

    monkeypatch.setattr(results, "get_or_compute", spying)
    return computed


@pytest.mark.parametrize("username", ["analyst", "ca-focal", "ca-taskforce", "leadership"])
def test_after_the_warm_up_a_users_first_landing_page_runs_no_query(
    demo_warehouse: Path,
    demo_users: dict[str, User],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    username: str,
) -> None:
    assert warmup.warm_up(demo_warehouse, budget_s=300)
    monkeypatch.setenv("RRM_WAREHOUSE", str(demo_warehouse))
    isolate_side_files(monkeypatch, tmp_path)
    sign_in_as(monkeypatch, demo_users[username].principal())
    computed = _computed_queries(monkeypatch)
    app = AppTest.from_file(APP, default_timeout=60)
    with recorded_queries() as asked:
        app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    names = {name for name, _ in asked}
    assert {
        "daily/headings",
        "daily/members",
        "daily/actors",
        "overview/actor_targets",
    } <= names
    assert computed == []


def test_without_the_warm_up_the_first_landing_page_runs_its_queries(
    demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The counterpart of the test above: the spy does see queries that reach the warehouse."""
    monkeypatch.setenv("RRM_WAREHOUSE", str(demo_warehouse))
    isolate_side_files(monkeypatch, tmp_path)
    sign_in_as(monkeypatch, Principal("fr-focal", Role.FOCAL_POINT, "FR"))
    computed = _computed_queries(monkeypatch)
    AppTest.from_file(APP, default_timeout=60).run()
    assert "daily/headings" in computed


def test_one_viewer_is_warmed_per_read_scope_users_file_first(
    demo_users: dict[str, User],
) -> None:
    viewers = warmup.landing_viewers(demo_users.values())
    scopes = [tuple(sorted(viewer.viewer().items())) for viewer in viewers]
    assert len(scopes) == len(set(scopes))
    # ca-focal and ca-taskforce see the same; every other demo user has a scope of their own
    assert len(viewers) == len(DEMO_USERS) - 1
    assert (viewers[0].role, viewers[0].member_code) in {
        (Role.FOCAL_POINT, "CA"),
        (Role.TASKFORCE, "CA"),
    }
    leadership = next(viewer for viewer in viewers if viewer.role is Role.LEADERSHIP)
    assert leadership.ceiling == "GREEN"  # as its pages show it


def test_without_users_the_roles_without_a_member_are_warmed() -> None:
    viewers = warmup.landing_viewers([])
    assert [viewer.role for viewer in viewers] == list(warmup.MEMBERLESS_ROLES)


def test_a_failing_warm_up_is_logged_and_swallowed(
    demo_warehouse: Path,
    demo_users: dict[str, User],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr("rrm_dash.queries.overview.key_figures", broken)
    with caplog.at_level(logging.INFO, logger=WARMUP_LOG):
        assert not warmup.warm_up(demo_warehouse, budget_s=300)
    failed = [record for record in caplog.records if "Warm-up failed" in record.getMessage()]
    assert len(failed) == 1
    assert failed[0].exc_info is not None and "the disk went away" in caplog.text


def test_a_missing_warehouse_ends_the_warm_up_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=WARMUP_LOG):
        assert not warmup.warm_up(tmp_path / "nothing.duckdb", budget_s=300)
    assert "Warm-up failed" in caplog.text


def test_the_warm_up_gives_way_to_a_visitor(
    demo_warehouse: Path, demo_users: dict[str, User], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=WARMUP_LOG), recorded_queries() as asked:

        def arrived() -> bool:  # a visitor comes while the third query runs
            return len(asked) >= 3

        assert not warmup.warm_up(demo_warehouse, budget_s=300, visitor=arrived)
    assert len(asked) == 3
    assert "Warm-up stopped (a visitor arrived)" in caplog.text


def test_the_warm_up_stops_at_its_time_limit_and_when_the_server_stops(
    demo_warehouse: Path, demo_users: dict[str, User], caplog: pytest.LogCaptureFixture
) -> None:
    stopping = threading.Event()
    stopping.set()
    with caplog.at_level(logging.INFO, logger=WARMUP_LOG):
        assert not warmup.warm_up(demo_warehouse, budget_s=0)
        assert not warmup.warm_up(demo_warehouse, budget_s=300, stop=stopping)
    assert "Warm-up stopped (time limit reached)" in caplog.text
    assert "Warm-up stopped (the server is stopping)" in caplog.text


def test_the_warm_up_logs_its_start_and_end_with_the_seconds(
    demo_warehouse: Path, demo_users: dict[str, User], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=WARMUP_LOG):
        assert warmup.warm_up(demo_warehouse, budget_s=300)
    lines = [record.getMessage() for record in caplog.records]
    assert lines[0] == "Warm-up started (at most 300 s)"
    assert lines[-1].startswith("Warm-up done in ") and " s: " in lines[-1]


def test_the_warm_up_thread_waits_for_the_server_before_starting(
    demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    polls: list[float] = []
    calls: list[int] = []

    def ready() -> bool:
        polls.append(time.monotonic())
        return len(polls) >= 3

    monkeypatch.setattr(warmup, "warm_up", lambda *args, **kwargs: calls.append(len(polls)))
    thread = app_server.start_warm_up(demo_warehouse, budget_s=5, ready=ready)
    thread.join(10)
    assert thread.daemon and not thread.is_alive()
    assert calls == [3]


def test_the_warm_up_thread_gives_up_when_the_server_never_starts(
    demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[object] = []
    monkeypatch.setattr(warmup, "warm_up", lambda *args, **kwargs: calls.append(args))
    with caplog.at_level(logging.INFO, logger=WARMUP_LOG):
        thread = app_server.start_warm_up(
            demo_warehouse, budget_s=5, ready=lambda: False, ready_timeout_s=0.3
        )
        thread.join(10)
    assert calls == [] and "Warm-up skipped" in caplog.text


def test_the_warm_up_leaves_the_sign_in_component_to_the_first_session() -> None:
    """Streamlit registers a component (the sign-in cookie's) with the server only when a
    session's script imports it: the warm-up, outside any session, must not import it."""
    check = (
        "import sys\n"
        "from rrm_dash.deploy.warmup import app_module_names, import_module\n"
        "for name in app_module_names():\n"
        "    import_module(name)\n"
        "print(sorted(name.split('.')[0] for name in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", check],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert "'extra_streamlit_components'" not in out
    assert "'streamlit_authenticator'" not in out
    assert "'plotly'" in out and "'pandas'" in out  # what the first page would import


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [(None, DEFAULT_WARM_UP_S), ("0", 0), ("45", 45), ("soon", DEFAULT_WARM_UP_S), ("-3", 0)],
)
def test_the_warm_up_budget_comes_from_rrm_warm_up_s(
    monkeypatch: pytest.MonkeyPatch, raw: str | None, seconds: int
) -> None:
    if raw is None:
        monkeypatch.delenv("RRM_WARM_UP_S", raising=False)
    else:
        monkeypatch.setenv("RRM_WARM_UP_S", raw)
    assert warm_up_seconds() == seconds


def test_every_app_process_starts_through_the_warming_entry_point() -> None:
    command = app_command(8765)
    assert command[1:3] == ["-m", "rrm_dash.deploy.app_server"]
    assert command[command.index("--server.port") + 1] == "8765"


def test_the_landing_page_is_what_every_role_lands_on() -> None:
    from rrm_dash.ui.navigation import default_view

    assert {default_view(role) for role in Role} == {warmup.LANDING_VIEW}
