"""The journeys of the people the views serve, in a real browser, with nothing leaving the machine."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from rrm_dash.i18n import translator
from tests.e2e.conftest import ARTIFACTS, RequestLog, sign_in

pytestmark = pytest.mark.e2e

ELECTION = "ca.legislative-lower.2025-04-28"
WAIT = 45_000


def _absolute(server: str, href: str) -> str:
    return href if href.startswith("http") else f"{server}/{href.lstrip('/')}"


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_task_force_follows_an_election_to_its_timeline_and_map(
    server: str, page: tuple[Page, RequestLog]
) -> None:
    browser_page, requests = page
    sign_in(browser_page, server, "ca-taskforce")
    t = translator("en")
    browser_page.goto(f"{server}/elections?election={ELECTION}&lang=en")
    timeline_link = browser_page.get_by_role("link", name=t("elections.link.timeline"))
    timeline_link.wait_for(timeout=WAIT)
    _shot(browser_page, "journey-election")
    # Links open in a new tab (Streamlit's Markdown links do); follow them in this one.
    timeline_href = timeline_link.get_attribute("href")
    map_href = browser_page.get_by_role("link", name=t("elections.link.map")).get_attribute("href")
    assert timeline_href is not None and map_href is not None

    browser_page.goto(_absolute(server, timeline_href))
    browser_page.get_by_role("heading", name=t("timeline.title")).wait_for(timeout=WAIT)
    browser_page.locator(".stPlotlyChart .main-svg").first.wait_for(timeout=WAIT)
    assert re.search(r"member=CA", browser_page.url)
    sidebar = browser_page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Canada").first).to_be_visible(timeout=WAIT)
    _shot(browser_page, "journey-election-timeline")

    assert map_href is not None
    browser_page.goto(
        map_href if map_href.startswith("http") else f"{server}/{map_href.lstrip('/')}"
    )
    browser_page.get_by_role("heading", name=t("map.title")).wait_for(timeout=WAIT)
    browser_page.get_by_test_id("stDeckGlJsonChart").first.wait_for(timeout=WAIT)
    _shot(browser_page, "journey-election-map")
    assert requests.outside_hosts() == []


def test_a_meeting_compares_members_on_the_engagement_scorecards(
    server: str, page: tuple[Page, RequestLog]
) -> None:
    browser_page, requests = page
    sign_in(browser_page, server, "ca-focal")
    t = translator("en")
    browser_page.goto(f"{server}/engagement?lang=en")
    browser_page.get_by_role("heading", name=t("engagement.comparison.title")).wait_for(
        timeout=WAIT
    )
    for member in ("Canada", "Italy", "Australia", "NATO"):
        expect(browser_page.get_by_text(member, exact=True).first).to_be_visible()
    charts = browser_page.get_by_test_id("stPlotlyChart")
    charts.first.wait_for(timeout=WAIT)
    assert charts.count() >= 2
    _shot(browser_page, "journey-engagement")
    assert requests.outside_hosts() == []


def test_a_copied_link_reproduces_the_view_and_its_filters(
    server: str, page: tuple[Page, RequestLog]
) -> None:
    browser_page, requests = page
    sign_in(browser_page, server, "analyst")
    t = translator("fr")
    browser_page.goto(f"{server}/incidents?heading=HRF&lang=fr")
    browser_page.get_by_role("heading", name=t("incidents.title")).first.wait_for(timeout=WAIT)
    sidebar = browser_page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Droits de la personne", exact=False).first).to_be_visible(
        timeout=WAIT
    )
    expect(browser_page.get_by_text(t("demo.label")).first).to_be_visible()
    _shot(browser_page, "journey-copied-link")
    assert requests.outside_hosts() == []
