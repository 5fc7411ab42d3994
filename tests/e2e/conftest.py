"""The app server `serve` runs, on a free port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, Request, sync_playwright

from rrm_dash.auth.demo_users import write_demo_users
from rrm_dash.deploy.processes import app_command
from rrm_dash.i18n import translator
from tests.conftest import PROJECT_DIR

DEMO_PASSWORD = "e2e demo password"

ARTIFACTS = PROJECT_DIR / "artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def server(demo_warehouse: Path) -> Iterator[str]:
    """The app served on 127.0.0.1 from the demo warehouse; yields its base URL."""
    yield from serve(demo_warehouse)


def serve(demo_warehouse: Path) -> Iterator[str]:
    """Serve the app from a published warehouse on a free port until the generator is closed,
    with the demo users (password DEMO_PASSWORD) and its own audit log and sign-in state."""
    port = _free_port()
    side = Path(tempfile.mkdtemp(prefix="rrm-e2e-"))
    write_demo_users(side / "users.yaml", DEMO_PASSWORD)
    env = {
        **os.environ,
        "RRM_WAREHOUSE": str(demo_warehouse),
        "RRM_USERS_FILE": str(side / "users.yaml"),
        "RRM_COOKIE_KEY": "e2e-cookie-key-" * 3,
        "RRM_AUDIT_DB": str(side / "audit.sqlite"),
        "RRM_AUTH_STATE": str(side / "auth.sqlite"),
    }
    command = app_command(port)  # what `serve` and `cluster` run, warm-up included
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / "server.log", "w")  # noqa: SIM115 - open for the server's lifetime
    process = subprocess.Popen(
        command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"streamlit did not start; see {ARTIFACTS / 'server.log'}")
        time.sleep(0.3)
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    shutil.rmtree(side, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Debian's chromium is not installed: `make test` installs it (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def sign_in(page: Page, server: str, username: str = "analyst", lang: str = "en") -> None:
    """Sign in through the form; the session cookie then signs in every later page load."""
    t = translator(lang)
    page.goto(f"{server}/?lang={lang}")
    page.get_by_role("textbox", name=t("auth.username")).fill(username, timeout=45_000)
    page.get_by_role("textbox", name=t("auth.password")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=t("auth.submit")).click()
    page.get_by_role("button", name=t("auth.sign_out")).wait_for(timeout=45_000)
    # The browser writes the session cookie from script just after the page has rendered.
    deadline = time.monotonic() + 45  # as long as the other waits, for a loaded machine
    while not any(c["name"] == "rrm_dash_session" for c in page.context.cookies()):
        if time.monotonic() > deadline:
            pytest.fail("the session cookie was never written")
        page.wait_for_timeout(200)


class RequestLog:
    """Every host the page asked for, so a test can prove nothing left the machine."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def record(self, request: Request) -> None:
        self.urls.append(request.url)

    def outside_hosts(self) -> list[str]:
        remote = []
        for url in self.urls:
            parsed = urlparse(url)
            if parsed.scheme in {"data", "blob", "about", "chrome-error"}:
                continue
            if parsed.hostname not in LOCAL_HOSTS:
                remote.append(url)
        return remote


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, RequestLog]]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    requests = RequestLog()
    context.on("request", requests.record)
    page = context.new_page()
    yield page, requests
    context.close()
