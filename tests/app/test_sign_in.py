"""Sign-in for real: the form, roles and their views, lockout, sign-out, and refused cookies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.access import Principal, Role
from rrm_dash.audit import flush
from rrm_dash.auth import tokens
from rrm_dash.auth.demo_users import write_demo_users
from rrm_dash.i18n import translator
from tests.app.conftest import APP, isolate_side_files, sign_in_as
from tests.conftest import PROJECT_DIR

PASSWORD = "correct horse battery"
KEY = "test-cookie-key-" * 3
T = translator("en")


@pytest.fixture
def fresh_app(demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppTest:
    monkeypatch.setenv("RRM_WAREHOUSE", str(demo_warehouse))
    isolate_side_files(monkeypatch, tmp_path)
    users = tmp_path / "users.yaml"
    write_demo_users(users, PASSWORD)
    monkeypatch.setenv("RRM_USERS_FILE", str(users))
    monkeypatch.setenv("RRM_COOKIE_KEY", KEY)
    return AppTest.from_file(APP, default_timeout=60)


def _sign_in(app: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    app.text_input(key="sign_in_username").input(username)
    app.text_input(key="sign_in_password").input(password)
    app.button[0].click()
    return app.run()


def test_nothing_is_shown_before_signing_in(fresh_app: AppTest) -> None:
    fresh_app.run()
    assert fresh_app.text_input(key="sign_in_username")
    assert not fresh_app.metric
    assert not fresh_app.get("plotly_chart")


@pytest.mark.parametrize(
    ("username", "role_views"),
    [
        ("admin", {"overview", "incidents", "audit"}),
        ("analyst", {"overview", "incidents", "map", "disarm", "engagement", "wire"}),
        ("ca-focal", {"overview", "incidents", "map", "engagement", "responses"}),
        ("ca-taskforce", {"overview", "incidents", "map", "timeline", "elections", "disarm"}),
        ("au-observer", {"overview", "incidents", "map", "wire"}),
        ("leadership", {"overview", "elections", "engagement", "responses"}),
    ],
)
def test_each_demo_user_signs_in_and_gets_the_views_of_its_role(
    fresh_app: AppTest, username: str, role_views: set[str]
) -> None:
    _sign_in(fresh_app.run(), username)
    assert not fresh_app.exception
    assert T("overview.title") in [title.value for title in fresh_app.title]
    assert fresh_app.button(key="sign_out")
    assert role_views  # the role's views open without refusal:
    for view in role_views:
        fresh_app.switch_page(f"views/{view}.py").run()
        assert T("auth.not_allowed") not in [error.value for error in fresh_app.error], view


def test_a_session_older_than_twelve_hours_must_sign_in_again(fresh_app: AppTest) -> None:
    _sign_in(fresh_app.run(), "analyst")
    assert fresh_app.metric
    fresh_app.session_state["signed_in_at"] = datetime.now(UTC) - timedelta(hours=13)
    fresh_app.run()
    assert fresh_app.text_input(key="sign_in_username")
    assert T("auth.expired") in [info.value for info in fresh_app.info]
    assert not fresh_app.metric


def test_a_view_outside_the_role_does_not_exist_for_it(fresh_app: AppTest) -> None:
    _sign_in(fresh_app.run(), "leadership")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        fresh_app.switch_page("views/incidents.py")


def test_each_view_checks_the_role_itself(
    demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RRM_WAREHOUSE", str(demo_warehouse))
    isolate_side_files(monkeypatch, tmp_path)
    sign_in_as(monkeypatch, Principal("boss", Role.LEADERSHIP))
    at = AppTest.from_file(str(PROJECT_DIR / "views" / "incidents.py"), default_timeout=60).run()
    assert T("auth.not_allowed") in [error.value for error in at.error]
    assert not at.dataframe


def test_a_wrong_password_is_refused_and_logged(fresh_app: AppTest, tmp_path: Path) -> None:
    _sign_in(fresh_app.run(), "analyst", "not the password")
    assert T("auth.failed") in [error.value for error in fresh_app.error]
    assert not fresh_app.metric
    flush()
    import sqlite3

    rows = (
        sqlite3.connect(tmp_path / "audit.sqlite")
        .execute("select username, action from access_log")
        .fetchall()
    )
    assert ("analyst", "sign_in_failed") in rows


def test_an_account_is_locked_after_five_failures_even_with_the_right_password(
    fresh_app: AppTest,
) -> None:
    fresh_app.run()
    for _ in range(5):
        _sign_in(fresh_app, "ca-focal", "wrong password!")
    _sign_in(fresh_app, "ca-focal")
    assert any("locked" in error.value for error in fresh_app.error)
    assert not fresh_app.metric


def test_signing_out_ends_the_session(fresh_app: AppTest) -> None:
    _sign_in(fresh_app.run(), "analyst")
    fresh_app.button(key="sign_out").click().run()
    assert fresh_app.text_input(key="sign_in_username")
    assert not fresh_app.metric


def _with_cookie(app: AppTest, monkeypatch: pytest.MonkeyPatch, token: str) -> AppTest:
    monkeypatch.setattr("rrm_dash.ui.sign_in._browser_cookie", lambda: token)
    return app.run()


def test_a_valid_cookie_signs_the_user_back_in(
    fresh_app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = tokens.issue("analyst", KEY, datetime.now(UTC) + timedelta(hours=1))
    _with_cookie(fresh_app, monkeypatch, token)
    assert fresh_app.metric


@pytest.mark.parametrize("kind", ["tampered", "expired", "other_key"])
def test_a_tampered_expired_or_foreign_cookie_is_refused(
    fresh_app: AppTest, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    now = datetime.now(UTC)
    token = {
        "tampered": tokens.issue("analyst", KEY, now + timedelta(hours=1))[:-3] + "abc",
        "expired": tokens.issue("analyst", KEY, now - timedelta(minutes=1)),
        "other_key": tokens.issue("admin", "some-other-key-" * 3, now + timedelta(hours=1)),
    }[kind]
    _with_cookie(fresh_app, monkeypatch, token)
    assert fresh_app.text_input(key="sign_in_username")
    assert not fresh_app.metric


def test_a_cookie_replayed_after_sign_out_is_refused(
    demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RRM_WAREHOUSE", str(demo_warehouse))
    isolate_side_files(monkeypatch, tmp_path)
    users = tmp_path / "users.yaml"
    write_demo_users(users, PASSWORD)
    monkeypatch.setenv("RRM_USERS_FILE", str(users))
    monkeypatch.setenv("RRM_COOKIE_KEY", KEY)
    token = tokens.issue("analyst", KEY, datetime.now(UTC) + timedelta(hours=1))
    monkeypatch.setattr("rrm_dash.ui.sign_in._browser_cookie", lambda: token)
    first = AppTest.from_file(APP, default_timeout=60).run()
    assert first.metric
    first.button(key="sign_out").click().run()
    replay = AppTest.from_file(APP, default_timeout=60).run()  # a new browser with the old cookie
    assert replay.text_input(key="sign_in_username")
    assert not replay.metric


def test_outside_demo_mode_the_app_refuses_to_run_without_a_cookie_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rrm_dash.ingest.load import publish
    from rrm_dash.ingest.reference import load_reference
    from tests.conftest import TODAY

    published = tmp_path / "rrm.duckdb"
    publish(published, lambda con: load_reference(con, TODAY), start_empty=True)
    monkeypatch.setenv("RRM_WAREHOUSE", str(published))
    monkeypatch.delenv("RRM_COOKIE_KEY", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert T("auth.no_key") in [error.value for error in at.error]
    monkeypatch.setenv("RRM_COOKIE_KEY", "replace-with-a-long-random-secret")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert T("auth.no_key") in [error.value for error in at.error]


def test_with_no_users_set_up_the_form_says_how_to_create_them(
    demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RRM_WAREHOUSE", str(demo_warehouse))
    isolate_side_files(monkeypatch, tmp_path)
    monkeypatch.setenv("RRM_USERS_FILE", str(tmp_path / "nobody.yaml"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert T("auth.no_users") in [warning.value for warning in at.warning]
