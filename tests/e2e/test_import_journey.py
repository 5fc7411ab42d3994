"""An analyst imports the example CSV through the Import page: check, confirm, published; a
corrupted copy is rejected with the row, column and value to fix, and nothing is written."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page, expect

from rrm_dash.i18n import translator
from rrm_dash.warehouse.snapshot import live_snapshot
from tests.e2e.conftest import ARTIFACTS, RequestLog, serve, sign_in

pytestmark = pytest.mark.e2e

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "incidents-example.csv"


@pytest.fixture(scope="module")
def own_warehouse(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo warehouse, so importing does not change what other tests see."""
    published = tmp_path_factory.mktemp("import-journey") / "rrm.duckdb"
    shutil.copyfile(live_snapshot(demo_warehouse), published)
    return published


@pytest.fixture(scope="module")
def import_server(own_warehouse: Path) -> Iterator[str]:
    yield from serve(own_warehouse)


def _incident_ids(published: Path) -> set[str]:
    con = duckdb.connect(str(live_snapshot(published)), read_only=True)
    try:
        return {row[0] for row in con.sql("select incident_id from incident").fetchall()}
    finally:
        con.close()


def test_an_analyst_checks_then_imports_the_example_csv(
    import_server: str, own_warehouse: Path, page: tuple[Page, RequestLog], tmp_path: Path
) -> None:
    browser_page, requests = page
    t = translator("en")
    sign_in(browser_page, import_server, "analyst")
    browser_page.goto(f"{import_server}/import?lang=en")
    browser_page.get_by_role("heading", name=t("imports.title")).first.wait_for(timeout=45_000)

    # A corrupted copy: the report names the row, the column and the value; nothing is written.
    before = live_snapshot(own_warehouse)
    bad = tmp_path / "incidents-bad.csv"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace(",DIP,", ",DPI,", 1), "utf-8")
    browser_page.locator("input[type=file]").set_input_files(str(bad))
    browser_page.get_by_role("button", name=t("imports.check")).click()
    expect(browser_page.get_by_text(t("imports.rejected"))).to_be_visible(timeout=45_000)
    expect(browser_page.get_by_text("incidents-bad.csv").first).to_be_visible()
    assert browser_page.get_by_role("button", name=t("imports.confirm")).count() == 0
    assert live_snapshot(own_warehouse) == before

    # The example file in a fresh page: checked, then imported; the warehouse gains its incidents.
    browser_page.goto(f"{import_server}/import?lang=en")
    browser_page.get_by_role("heading", name=t("imports.title")).first.wait_for(timeout=45_000)
    browser_page.locator("input[type=file]").set_input_files(str(EXAMPLE))
    browser_page.get_by_role("button", name=t("imports.check")).click()
    confirm = browser_page.get_by_role("button", name=t("imports.confirm"))
    confirm.wait_for(timeout=45_000)
    assert "EX-2025-001" not in _incident_ids(own_warehouse)
    confirm.click()
    expect(browser_page.get_by_text(t("imports.published"))).to_be_visible(timeout=60_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser_page.screenshot(path=str(ARTIFACTS / "import-published.png"), full_page=True)
    assert {f"EX-2025-00{n}" for n in range(1, 6)} <= _incident_ids(own_warehouse)
    assert live_snapshot(own_warehouse) != before
    assert requests.outside_hosts() == []
