"""A focal point signs in, sees its views, signs out; the old session cookie no longer works."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from rrm_dash.i18n import translator
from tests.e2e.conftest import ARTIFACTS, RequestLog, sign_in

pytestmark = pytest.mark.e2e


def test_a_focal_point_signs_in_and_out_and_the_session_is_gone(
    server: str, page: tuple[Page, RequestLog]
) -> None:
    browser_page, requests = page
    t = translator("en")
    sign_in(browser_page, server, "ca-focal")
    expect(
        browser_page.get_by_text(
            t("auth.signed_in_as", user="ca-focal", role=t("auth.role.focal_point"))
        )
    ).to_be_visible()
    browser_page.goto(f"{server}/incidents?lang=en")  # a new page load: signed in by the cookie
    browser_page.get_by_role("heading", name=t("incidents.title")).first.wait_for(timeout=45_000)
    cookies = browser_page.context.cookies()
    assert any(cookie["name"] == "rrm_dash_session" for cookie in cookies)

    browser_page.get_by_role("button", name=t("auth.sign_out")).click()
    browser_page.get_by_role("textbox", name=t("auth.username")).wait_for(timeout=45_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser_page.screenshot(path=str(ARTIFACTS / "signed-out.png"))

    # Replaying the old cookie in a fresh browser context is refused on the server.
    replay = browser_page.context.browser.new_context()  # type: ignore[union-attr]
    replay.add_cookies([cookie for cookie in cookies if cookie["name"] == "rrm_dash_session"])
    second = replay.new_page()
    second.goto(f"{server}/?lang=en")
    second.get_by_role("textbox", name=t("auth.username")).wait_for(timeout=45_000)
    assert second.get_by_role("button", name=t("auth.sign_out")).count() == 0
    replay.close()
    assert requests.outside_hosts() == []


def test_an_address_outside_the_role_falls_back_to_its_first_view(
    server: str, page: tuple[Page, RequestLog]
) -> None:
    browser_page, requests = page
    t = translator("en")
    sign_in(browser_page, server, "leadership")
    browser_page.goto(f"{server}/incidents?lang=en")
    browser_page.get_by_role("heading", name=t("overview.title")).wait_for(timeout=45_000)
    assert "/incidents" not in browser_page.url
    # exact: the Overview's own subheaders ("Incidents by G7 heading") contain the word
    assert browser_page.get_by_role("heading", name=t("incidents.title"), exact=True).count() == 0
    assert requests.outside_hosts() == []
