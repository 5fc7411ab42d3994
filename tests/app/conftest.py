"""AppTest fixtures: the real app.py over the session's demo warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.access import Principal, demo_principal
from tests.conftest import PROJECT_DIR

APP = str(PROJECT_DIR / "app.py")


@pytest.fixture
def app(demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppTest:
    """The app, not yet run, signed in as the demo analyst (sign_in_as changes who): set query
    params, then `.run()` (and `.switch_page(...)`). tests/app/test_sign_in.py tests the
    real sign-in."""
    monkeypatch.setenv("RRM_WAREHOUSE", str(demo_warehouse))
    isolate_side_files(monkeypatch, tmp_path)
    sign_in_as(monkeypatch, demo_principal())
    return AppTest.from_file(APP, default_timeout=60)


def isolate_side_files(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Audit log and sign-in state in a test folder, never under data/."""
    monkeypatch.setenv("RRM_AUDIT_DB", str(folder / "audit.sqlite"))
    monkeypatch.setenv("RRM_AUTH_STATE", str(folder / "auth.sqlite"))


def sign_in_as(monkeypatch: pytest.MonkeyPatch, principal: Principal) -> None:
    """Run the app as `principal` without going through the sign-in form."""
    monkeypatch.setattr("rrm_dash.ui.context.current_principal", lambda: principal)


def open_page(app: AppTest, page: str, **query: str) -> AppTest:
    """Run the app on `views/<page>.py` with `query` in the URL; fail on any exception."""
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(f"views/{page}.py").run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app
