"""Leadership signs in and opens the Overview in English and in French: figures render, capped
at TLP:GREEN, and nothing leaves the machine."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from rrm_dash.i18n import translator
from tests.e2e.conftest import ARTIFACTS, RequestLog, sign_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_overview_renders_its_figures_in_the_browser_without_any_remote_request(
    server: str, page: tuple[Page, RequestLog], lang: str
) -> None:
    browser_page, requests = page
    sign_in(browser_page, server, "leadership", lang)
    t = translator(lang)
    browser_page.goto(f"{server}/?lang={lang}")
    browser_page.get_by_text(t("overview.kpi.incidents")).first.wait_for(timeout=30_000)
    browser_page.locator(".stPlotlyChart").first.wait_for(timeout=30_000)
    browser_page.get_by_text(t("overview.by_member")).first.wait_for()
    assert browser_page.get_by_text(t("demo.label")).first.is_visible()
    assert browser_page.locator(".stPlotlyChart .main-svg").count() >= 2
    browser_page.wait_for_timeout(1500)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser_page.screenshot(path=str(ARTIFACTS / f"overview-{lang}.png"), full_page=True)
    assert requests.urls, "the request log recorded nothing: the check would prove nothing"
    assert requests.outside_hosts() == []
