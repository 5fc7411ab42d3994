"""The audit log page: an admin filters, pages and downloads the log in English and French;
anyone else is refused and sees none of it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from rrm_dash.access import Principal, Role
from rrm_dash.audit import AuditEvent, AuditWriter, writer
from rrm_dash.audit.store import append_many, read
from rrm_dash.i18n import LANGUAGES, translator
from tests.app.conftest import open_page
from tests.conftest import PROJECT_DIR, TODAY

ADMIN = Principal("admin", Role.ADMIN)
FOCAL_POINT = Principal("fp-ca", Role.FOCAL_POINT, "CA")
# Noon UTC yesterday: inside the page's default days whatever the local time zone.
NOON = datetime.combine(TODAY - timedelta(days=1), time(12), UTC)
ACTION_LABELS = {
    "en": {"page_view": "Page view", "download": "Download"},
    "fr": {"page_view": "Consultation de page", "download": "Téléchargement"},
}


def _seed(db: Path, page_views: int = 3) -> None:
    events = [
        AuditEvent("fp-ca", "focal_point", "CA", "page_view", "page", f"view-{n}",
                   at=NOON - timedelta(minutes=n))
        for n in range(page_views)
    ]  # fmt: skip
    events.append(
        AuditEvent("ana", "analyst", None, "download", "incidents", "rrm-incidents.csv", "rows=3",
                   at=NOON + timedelta(minutes=1))
    )  # fmt: skip
    append_many(db, events)


@pytest.fixture
def audit_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh audit database, whose writer only writes when a test flushes it: what the app
    records while a test runs (page views...) stays out of the lines the test counts."""
    db = tmp_path / "audit" / "audit.sqlite"
    monkeypatch.setenv("RRM_AUDIT_DB", str(db))
    monkeypatch.setitem(writer._writers, db, AuditWriter(db, interval_s=3600))
    yield db
    writer.reset()


def _as(monkeypatch: pytest.MonkeyPatch, principal: Principal) -> None:
    monkeypatch.setattr("rrm_dash.ui.context.current_principal", lambda: principal)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_admin_sees_the_log_in_each_language(
    app: AppTest, audit_db: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    _as(monkeypatch, ADMIN)
    _seed(audit_db)
    open_page(app, "audit", lang=lang)
    t = translator(lang)
    assert app.title[0].value == t("audit.title")
    assert not app.error
    table = app.dataframe[0].value
    assert list(table.columns) == [
        t("audit.column.at"), t("audit.column.user"), t("audit.column.role"),
        t("audit.column.member"), t("audit.column.action"), t("audit.column.object_type"),
        t("audit.column.object_id"), t("audit.column.detail"),
    ]  # fmt: skip
    assert len(table) == 4
    first = table.iloc[0]
    assert first[t("audit.column.user")] == "ana"
    assert first[t("audit.column.action")] == ACTION_LABELS[lang]["download"]
    assert first[t("audit.column.role")] == t("audit.role.analyst")
    assert set(table[t("audit.column.action")]) == set(ACTION_LABELS[lang].values())
    assert t("audit.page_note", page="1", pages="1", total="4") in [c.value for c in app.caption]
    buttons = app.get("download_button")
    assert len(buttons) == 1 and buttons[0].proto.label == t("audit.download")
    assert not app.number_input  # one page


def test_filtering_by_user_and_action(
    app: AppTest, audit_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as(monkeypatch, ADMIN)
    _seed(audit_db)
    open_page(app, "audit")
    t = translator("en")
    app.text_input(key="audit_user").set_value("fp-ca").run()
    table = app.dataframe[0].value
    assert len(table) == 3 and set(table[t("audit.column.user")]) == {"fp-ca"}
    app.text_input(key="audit_user").set_value("").run()
    app.multiselect(key="audit_actions").set_value(["download"]).run()
    table = app.dataframe[0].value
    assert table[t("audit.column.object_id")].to_list() == ["rrm-incidents.csv"]
    app.text_input(key="audit_user").set_value("fp-ca").run()
    assert not app.exception and not app.dataframe
    assert app.info[0].value == t("audit.empty")


def test_the_days_narrow_the_log(
    app: AppTest, audit_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as(monkeypatch, ADMIN)
    _seed(audit_db)
    open_page(app, "audit")
    app.date_input(key="audit_period").set_value((TODAY, TODAY)).run()
    assert not app.exception and not app.dataframe
    yesterday = NOON.date()
    app.date_input(key="audit_period").set_value((yesterday, yesterday)).run()
    assert len(app.dataframe[0].value) == 4


def test_the_log_is_paged_a_hundred_lines_at_a_time(
    app: AppTest, audit_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as(monkeypatch, ADMIN)
    _seed(audit_db, page_views=149)
    open_page(app, "audit")
    assert len(app.dataframe[0].value) == 100
    app.number_input(key="audit_page").set_value(2).run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 50
    app.text_input(key="audit_user").set_value("ana").run()  # back to page 1 of 1
    assert len(app.dataframe[0].value) == 1 and not app.number_input


def test_an_empty_log_says_so(
    app: AppTest, audit_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as(monkeypatch, ADMIN)
    open_page(app, "audit", lang="fr")
    assert not app.dataframe
    assert app.info[0].value == translator("fr")("audit.empty")
    assert audit_db.exists()  # created on first use


def _refusals() -> set[str]:
    """The page's own refusal, or the sign-in layer's when it refuses the view first."""
    t = translator("en")
    return {t("audit.refused"), t("auth.not_allowed")}


@pytest.mark.parametrize("principal", [FOCAL_POINT, Principal("ana", Role.ANALYST)])
def test_anyone_but_an_admin_opening_the_page_is_refused_and_sees_none_of_the_log(
    demo_warehouse: Path, audit_db: Path, monkeypatch: pytest.MonkeyPatch, principal: Principal
) -> None:
    # The menu hides the page from other roles; this opens the page file itself, as a crafted
    # link or a menu bug would, to prove the page refuses on its own.
    monkeypatch.setenv("RRM_WAREHOUSE", str(demo_warehouse))
    _as(monkeypatch, principal)
    _seed(audit_db)
    at = AppTest.from_file(str(PROJECT_DIR / "views" / "audit.py"), default_timeout=60).run()
    assert not at.exception
    assert at.error and at.error[0].value in _refusals()
    assert not at.dataframe and not at.get("download_button") and not at.text_input
    shown = " ".join(str(element.value) for element in [*at.markdown, *at.caption, *at.info])
    assert "rrm-incidents.csv" not in shown and "fp-ca" not in shown


def test_the_download_is_the_filtered_log_built_on_click_and_itself_recorded(
    app: AppTest, audit_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[Callable[[], object]] = []
    register = MediaFileManager.add_deferred

    def capture(self: MediaFileManager, make: Any, *args: Any, **kw: Any) -> str:
        made.append(make)
        return register(self, make, *args, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture)
    _as(monkeypatch, ADMIN)
    _seed(audit_db)
    open_page(app, "audit")
    app.text_input(key="audit_user").set_value("fp-ca").run()
    assert made, "the CSV is generated on click, not on every run"
    text = str(made[-1]())
    lines = text.removeprefix("\ufeff").splitlines()
    assert lines[0].startswith("logged_at,username,role,member_code,action")
    assert len(lines) == 4 and all(",fp-ca,focal_point,CA,page_view," in line for line in lines[1:])
    writer.flush(audit_db)
    downloads = read(audit_db, action="download", username="admin")
    assert downloads["object_type"].to_list() == ["audit_log"]
    assert downloads["detail"].to_list() == ["rows=3"]
