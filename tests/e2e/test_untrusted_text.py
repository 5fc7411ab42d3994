"""Titles and summaries are data, never markup: hostile text shows literally and runs nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page, expect

from rrm_dash.ingest.demo import publish_demo
from rrm_dash.ingest.load import publish
from tests.conftest import TODAY, insert_incident
from tests.e2e.conftest import ARTIFACTS, RequestLog, serve, sign_in

pytestmark = pytest.mark.e2e

SCRIPT = "<script>alert(1)</script> Hostile title"
IMAGE = "<img src=x onerror=alert(2)> Hostile summary"
MARKDOWN = "[click me](javascript:alert(3)) **bold** :red[red]"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    published = tmp_path_factory.mktemp("hostile") / "rrm.duckdb"
    publish_demo(published, incidents=200, today=TODAY)

    def add(con: duckdb.DuckDBPyConnection) -> None:
        insert_incident(con, "hostile-1", tlp="GREEN", originator="FR", title=SCRIPT)
        con.execute(
            "update incident set summary = $s where incident_id = 'hostile-1'", {"s": IMAGE}
        )
        insert_incident(con, "hostile-2", tlp="GREEN", originator="FR", title=MARKDOWN)

    publish(published, add)
    yield from serve(published)


def test_hostile_titles_and_summaries_show_literally_and_run_nothing(
    hostile_server: str, page: tuple[Page, RequestLog]
) -> None:
    browser_page, requests = page
    sign_in(browser_page, hostile_server)
    dialogs: list[str] = []
    browser_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    browser_page.goto(f"{hostile_server}/incidents?incident=hostile-1&lang=en")
    expect(browser_page.get_by_text(SCRIPT).filter(visible=True).first).to_be_visible(
        timeout=45_000
    )
    expect(browser_page.get_by_text(IMAGE).filter(visible=True).first).to_be_visible(timeout=45_000)
    browser_page.goto(f"{hostile_server}/incidents?incident=hostile-2&lang=en")
    expect(browser_page.get_by_text(MARKDOWN).filter(visible=True).first).to_be_visible(
        timeout=45_000
    )
    assert browser_page.locator("a[href^='javascript']").count() == 0
    browser_page.wait_for_timeout(1500)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser_page.screenshot(path=str(ARTIFACTS / "untrusted-text.png"), full_page=True)
    assert dialogs == []
    assert browser_page.locator("img[src='x']").count() == 0
    assert requests.outside_hosts() == []


def test_a_published_warehouse_keeps_hostile_text_as_it_was_written(tmp_path: Path) -> None:
    published = tmp_path / "rrm.duckdb"
    publish_demo(published, incidents=50, today=TODAY)
    publish(
        published, lambda con: insert_incident(con, "h", tlp="GREEN", originator="FR", title=SCRIPT)
    )
    con = duckdb.connect(str(published), read_only=True)
    assert con.sql("select title from incident where incident_id = 'h'").fetchall() == [(SCRIPT,)]
