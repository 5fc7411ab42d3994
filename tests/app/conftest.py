"""AppTest fixtures: the real app.py over the session's demo warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT_DIR

APP = str(PROJECT_DIR / "app.py")


@pytest.fixture
def app(demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app, not yet run: set query params, then `.run()` (and `.switch_page(...)`)."""
    monkeypatch.setenv("RRM_WAREHOUSE", str(demo_warehouse))
    return AppTest.from_file(APP, default_timeout=60)


def open_page(app: AppTest, page: str, **query: str) -> AppTest:
    """Run the app on `views/<page>.py` with `query` in the URL; fail on any exception."""
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(f"views/{page}.py").run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app
