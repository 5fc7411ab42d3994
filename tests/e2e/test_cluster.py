"""Two app processes behind nginx: signed-in pages come through, the sign-in form guards them,
and the route cookie keeps each browser on one process."""

from __future__ import annotations

import asyncio
import re
import shutil
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from rrm_dash.bench.load import browser_path
from rrm_dash.bench.server import ServerHandle, running_server
from rrm_dash.bench.streamlit_client import CookieJar, PageRun, StreamlitSession
from rrm_dash.deploy.nginx import DEBIAN_NGINX, ROUTE_COOKIE
from rrm_dash.deploy.processes import free_port
from rrm_dash.i18n import translator

pytestmark = pytest.mark.e2e

_LOG_LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" \d+ .* route=(?P<route>\S+) '
                       r"upstream=(?P<upstream>\S+)")  # fmt: skip
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def cluster(demo_warehouse: Path) -> Iterator[ServerHandle]:
    if shutil.which("nginx") is None and not DEBIAN_NGINX.exists():
        pytest.skip("nginx is not installed: `make test` installs Debian's (apt-get install nginx)")
    with running_server(demo_warehouse, port=free_port(), processes=2, nginx=True) as handle:
        yield handle


def _run(base_url: str, cookies: CookieJar, page: str) -> PageRun:
    async def visit() -> PageRun:
        session = await StreamlitSession.open(base_url, cookies=cookies)
        try:
            return await session.run(browser_path(page), collect_text=True, timeout_s=90)
        finally:
            await session.close()

    return asyncio.run(visit())


def _routes(log: Path) -> list[tuple[str, str, str]]:
    """(path, route, upstream) of every request nginx logged."""
    found = []
    for line in log.read_text(encoding="utf-8").splitlines():
        match = _LOG_LINE.search(line)
        if match:
            found.append((match["path"], match["route"], match["upstream"]))
    return found


def _upstream_of(log: Path, route: str) -> str:
    """The upstream nginx logged for `route` (waiting a moment for the line to be written)."""
    deadline = time.monotonic() + 5
    while True:
        for _, logged, upstream in _routes(log):
            if logged == route:
                return upstream
        if time.monotonic() > deadline:
            raise AssertionError(f"nginx logged no request with route {route}")
        time.sleep(0.05)


def _wait_for_streams(log: Path, routes: set[str]) -> list[tuple[str, str, str]]:
    """nginx logs a websocket when it closes: wait until each route's stream is in the log."""
    deadline = time.monotonic() + 10
    while True:
        entries = _routes(log)
        logged = {route for path, route, _ in entries if path == "/_stcore/stream"}
        if routes <= logged or time.monotonic() > deadline:
            return entries
        time.sleep(0.2)


def test_a_signed_in_reader_gets_the_overview_through_nginx(cluster: ServerHandle) -> None:
    t = translator("en")
    run = _run(cluster.base_url, CookieJar(cluster.cookie_header), "overview")
    assert run.status == "ok" and run.exceptions == 0
    assert t("overview.title") in run.texts
    assert t("auth.sign_out") in run.texts
    assert t("auth.title") not in run.texts


def test_a_reader_without_a_session_cookie_sees_the_sign_in_form(cluster: ServerHandle) -> None:
    t = translator("en")
    run = _run(cluster.base_url, CookieJar(), "overview")
    assert t("auth.title") in run.texts
    assert t("auth.username") in run.texts
    assert t("overview.title") not in run.texts


def test_the_route_cookie_keeps_each_reader_on_one_app_process(cluster: ServerHandle) -> None:
    assert cluster.access_log is not None
    # A new browser is given a route cookie with its first page.
    fresh = CookieJar(cluster.cookie_header)
    run = _run(cluster.base_url, fresh, "incidents")
    assert run.status == "ok"
    given = fresh.get(ROUTE_COOKIE)
    assert given

    # Find two routes that nginx sends to different processes (health checks are cheap).
    upstream_of: dict[str, str] = {}
    for index in range(40):
        route = f"e2e-{index}"
        request = urllib.request.Request(
            f"{cluster.base_url}/_stcore/health", headers={"Cookie": f"{ROUTE_COOKIE}={route}"}
        )
        with _DIRECT.open(request, timeout=5) as response:
            response.read()
        upstream_of[route] = _upstream_of(cluster.access_log, route)
        if len(set(upstream_of.values())) == 2:
            break
    by_upstream = {upstream: route for route, upstream in upstream_of.items()}
    assert len(by_upstream) == 2, "40 route cookies all went to one app process"

    # Each of the two readers opens pages twice; every request of a reader hits one process.
    for route in by_upstream.values():
        for page in ("overview", "map"):
            jar = CookieJar(f"{cluster.cookie_header}; {ROUTE_COOKIE}={route}")
            assert _run(cluster.base_url, jar, page).status == "ok"
            assert jar.get(ROUTE_COOKIE) == route  # nginx does not hand out another one

    entries = _wait_for_streams(cluster.access_log, {given, *by_upstream.values()})
    for route in (given, *by_upstream.values()):
        upstreams = {upstream for _, r, upstream in entries if r == route}
        streams = [path for path, r, _ in entries if r == route and path == "/_stcore/stream"]
        assert len(upstreams) == 1, f"route {route} was served by {upstreams}"
        assert streams, f"no websocket session was logged for route {route}"
    served = {upstream for _, r, upstream in entries if r in by_upstream.values()}
    assert served == {url.removeprefix("http://") for url in cluster.app_urls}
