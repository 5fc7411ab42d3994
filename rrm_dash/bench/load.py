"""Concurrent users against a running server: page runs per second, latency percentiles, bytes
per run and server memory, from websocket sessions on this machine (bounded in count and time).

Each simulated user is one Streamlit session (a browser tab) that runs its pages in turn and
pauses `think_s` (jittered ±50 %) between runs, as a reader does between clicks.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rrm_dash.access import Role
from rrm_dash.bench.streamlit_client import CookieJar, PageRunError, StreamlitSession
from rrm_dash.ui.navigation import default_view

MAX_SESSIONS = 200
MAX_DURATION_S = 2 * 3600.0
RUN_TIMEOUT_S = 60.0
#: Extra time allowed beyond duration + one run before everything is stopped regardless.
CAP_MARGIN_S = 60.0
#: The signed-in benchmark user's role (rrm_dash.bench.server signs in an analyst).
BENCH_ROLE = Role.ANALYST
_RETRY_PAUSE_S = 1.0
_logger = logging.getLogger(__name__)

Rss = Callable[[], int]


def percentile(values: Sequence[float], q: float) -> float:
    """The `q`-th percentile (0-100) of `values`, interpolating linearly between the closest
    ranks (numpy's default method); nan when there are no values."""
    if not 0 <= q <= 100:
        raise ValueError(f"a percentile is between 0 and 100, got {q}")
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def think_pause(rng: random.Random, think_s: float) -> float:
    """A reader's pause: `think_s` give or take half of it (0 stays 0)."""
    return think_s * rng.uniform(0.5, 1.5)


def browser_path(page: str, role: Role = BENCH_ROLE) -> str:
    """The url path a browser asks for to show `page`: a role's default view is served at ""."""
    return "" if page == default_view(role) else page


@dataclass
class _Tally:
    """What the simulated users did, shared by all of them (one event loop, so no locks)."""

    seconds: list[float] = field(default_factory=list)
    received: list[int] = field(default_factory=list)
    errors: int = 0
    sessions_opened: int = 0
    open_sessions: set[StreamlitSession] = field(default_factory=set)

    def problem(self, text: str) -> None:
        self.errors += 1
        if self.errors <= 5:
            _logger.warning("load: %s", text)


@dataclass(frozen=True)
class _Plan:
    base_url: str
    cookie_header: str
    pages: tuple[str, ...]
    think_s: float
    run_timeout_s: float
    runs_per_session: int | None
    """Runs after which a user closes the tab and opens a new one (None: stays)."""


async def _close(session: StreamlitSession, tally: _Tally) -> None:
    tally.open_sessions.discard(session)
    try:
        await session.close()
    except Exception as error:  # closing a broken connection may fail; nothing to keep
        _logger.debug("load: closing a session failed: %s", error)


async def _user(plan: _Plan, tally: _Tally, deadline: float, rng: random.Random) -> None:
    """One reader: open a session, run pages in turn with pauses until `deadline`."""
    session: StreamlitSession | None = None
    index = rng.randrange(len(plan.pages))
    runs_here = 0
    while time.monotonic() < deadline:
        if session is None:
            try:
                session = await StreamlitSession.open(
                    plan.base_url, cookies=CookieJar(plan.cookie_header)
                )
            except Exception as error:  # refused, reset, timed out, bad handshake...
                tally.problem(f"opening a session failed: {type(error).__name__}: {error}")
                await asyncio.sleep(_RETRY_PAUSE_S)
                continue
            tally.sessions_opened += 1
            tally.open_sessions.add(session)
            runs_here = 0
        page = plan.pages[index % len(plan.pages)]
        index += 1
        try:
            run = await session.run(browser_path(page), timeout_s=plan.run_timeout_s)
        except PageRunError as error:
            tally.problem(str(error))
            await _close(session, tally)
            session = None
            continue
        if run.failed:
            tally.problem(f"page {page!r} ended {run.status} with {run.exceptions} error(s)")
        else:
            tally.seconds.append(run.seconds)
            tally.received.append(run.bytes_received)
        runs_here += 1
        if plan.runs_per_session is not None and runs_here >= plan.runs_per_session:
            await _close(session, tally)
            session = None
        await asyncio.sleep(
            min(think_pause(rng, plan.think_s), max(deadline - time.monotonic(), 0))
        )


async def _warm_up(plan: _Plan, urls: Sequence[str] | None) -> None:
    """Run every page once in a throwaway session at each of `urls` (None: the base url), so
    the first measured runs do not pay for a process's first imports and connections."""
    for url in [plan.base_url] if urls is None else urls:
        session = await StreamlitSession.open(url, cookies=CookieJar(plan.cookie_header))
        try:
            for page in plan.pages:
                await session.run(browser_path(page), timeout_s=plan.run_timeout_s)
        finally:
            await session.close()


async def _drive(plan: _Plan, sessions: int, duration_s: float, seed: int, tally: _Tally) -> float:
    """Run `sessions` users for `duration_s` (starts spread over one pause); the seconds taken."""
    rng = random.Random(seed)
    started = time.monotonic()
    deadline = started + duration_s
    spread = min(plan.think_s, duration_s / 4)

    async def delayed(delay: float, user_rng: random.Random) -> None:
        await asyncio.sleep(delay)
        await _user(plan, tally, deadline, user_rng)

    users = [delayed(rng.uniform(0, spread), random.Random(rng.random())) for _ in range(sessions)]
    try:
        async with asyncio.timeout(duration_s + plan.run_timeout_s + CAP_MARGIN_S):
            await asyncio.gather(*users)
    except TimeoutError:
        tally.problem("the hard time cap stopped users still waiting for a page")
    return time.monotonic() - started


def _check(sessions: int, duration_s: float, think_s: float, pages: Sequence[str]) -> None:
    if not 1 <= sessions <= MAX_SESSIONS:
        raise ValueError(f"sessions must be between 1 and {MAX_SESSIONS}, got {sessions}")
    if not 0 < duration_s <= MAX_DURATION_S:
        raise ValueError(f"duration_s must be in (0, {MAX_DURATION_S:.0f}], got {duration_s}")
    if think_s < 0:
        raise ValueError(f"think_s must not be negative, got {think_s}")
    if not pages:
        raise ValueError("at least one page is needed")


def _timings(tally: _Tally) -> dict[str, float]:
    millis = [seconds * 1000 for seconds in tally.seconds]
    return {
        "runs": float(len(millis)),
        "p50_ms": percentile(millis, 50),
        "p95_ms": percentile(millis, 95),
        "max_ms": max(millis) if millis else math.nan,
        "errors": float(tally.errors),
        "bytes_per_run": sum(tally.received) / len(tally.received) if tally.received else math.nan,
    }


def measure_concurrency(
    base_url: str,
    *,
    cookie_header: str,
    sessions: int,
    duration_s: float,
    think_s: float,
    pages: Sequence[str],
    rss: Rss | None = None,
    run_timeout_s: float = RUN_TIMEOUT_S,
    warm_up_urls: Sequence[str] | None = None,
    seed: int = 0,
) -> dict[str, float]:
    """`sessions` readers at once for `duration_s`, each cycling through `pages` (url paths
    such as "overview", "incidents") with `think_s` pauses.

    Returns sessions, runs (page runs that finished cleanly), runs_per_s, p50_ms, p95_ms,
    max_ms, errors (failed runs and connections), bytes_per_run (mean bytes received per run),
    elapsed_s; and with `rss` (the server's resident memory) rss_before_bytes (before the
    sessions open), rss_after_bytes (all sessions still open) and rss_per_session_bytes.

    Before measuring, one session runs every page at each of `warm_up_urls` (default: the
    base url; behind nginx pass every app process's own address; () for none).
    """
    _check(sessions, duration_s, think_s, pages)
    plan = _Plan(base_url, cookie_header, tuple(pages), think_s, run_timeout_s, None)

    async def measure() -> dict[str, float]:
        await _warm_up(plan, warm_up_urls)
        tally = _Tally()
        before = rss() if rss is not None else 0
        elapsed = await _drive(plan, sessions, duration_s, seed, tally)
        after = rss() if rss is not None else 0
        for session in list(tally.open_sessions):
            await _close(session, tally)
        result = {"sessions": float(sessions), **_timings(tally), "elapsed_s": elapsed}
        result["runs_per_s"] = result["runs"] / elapsed if elapsed > 0 else math.nan
        if rss is not None:
            result["rss_before_bytes"] = float(before)
            result["rss_after_bytes"] = float(after)
            result["rss_per_session_bytes"] = (after - before) / sessions
        return result

    return asyncio.run(measure())


#: Seconds before soak memory is compared: Streamlit keeps a closed tab's session for
#: server.disconnectedSessionTTL (120 s), so memory climbs to a plateau first.
SETTLE_S = 150.0


@dataclass(frozen=True)
class SoakResult:
    """Server memory while sessions came and went."""

    samples: tuple[tuple[float, int], ...]
    """(seconds since the start, resident bytes), oldest first."""
    sessions_opened: int
    runs: int
    errors: int
    p50_ms: float
    p95_ms: float

    def growth_bytes(self, settle_s: float = SETTLE_S) -> float:
        """Median memory of the last quarter of the samples minus that of the first quarter
        (robust to one garbage collection), counting only samples taken once `settle_s` have
        passed (closed tabs' sessions are kept for two minutes, so memory rises to a plateau
        first; all samples when too few are left); 0 with fewer than two samples."""
        settled = [sample for sample in self.samples if sample[0] >= settle_s]
        samples = settled if len(settled) >= 2 else list(self.samples)
        if len(samples) < 2:
            return 0.0
        quarter = max(len(samples) // 4, 1)
        first = [float(rss) for _, rss in samples[:quarter]]
        last = [float(rss) for _, rss in samples[-quarter:]]
        return percentile(last, 50) - percentile(first, 50)

    def summary(self) -> dict[str, float]:
        """The figures as a flat dict (for a JSON report)."""
        values = [rss for _, rss in self.samples]
        return {
            "sessions_opened": float(self.sessions_opened),
            "runs": float(self.runs),
            "errors": float(self.errors),
            "p50_ms": self.p50_ms,
            "p95_ms": self.p95_ms,
            "rss_first_bytes": float(values[0]) if values else math.nan,
            "rss_last_bytes": float(values[-1]) if values else math.nan,
            "rss_max_bytes": float(max(values)) if values else math.nan,
            "rss_growth_bytes": self.growth_bytes(),
        }


def soak(
    base_url: str,
    *,
    cookie_header: str,
    rss: Rss,
    sessions: int = 5,
    duration_s: float = 60.0,
    think_s: float = 1.0,
    pages: Sequence[str] = ("overview", "incidents"),
    runs_per_session: int = 3,
    sample_every_s: float = 5.0,
    run_timeout_s: float = RUN_TIMEOUT_S,
    warm_up_urls: Sequence[str] | None = None,
    seed: int = 0,
) -> SoakResult:
    """`sessions` readers at a time for `duration_s`, each closing its tab after
    `runs_per_session` runs and opening a new one, while the server's memory is sampled every
    `sample_every_s` (the memory target: no growth over a 10-minute soak, duration_s=600).

    Streamlit keeps a closed tab's session for server.disconnectedSessionTTL (120 s by
    default) in case it reconnects, so memory settles only after the first two minutes.
    `warm_up_urls` as for measure_concurrency.
    """
    _check(sessions, duration_s, think_s, pages)
    if runs_per_session < 1:
        raise ValueError(f"runs_per_session must be at least 1, got {runs_per_session}")
    if sample_every_s <= 0:
        raise ValueError(f"sample_every_s must be positive, got {sample_every_s}")
    plan = _Plan(base_url, cookie_header, tuple(pages), think_s, run_timeout_s, runs_per_session)

    async def run_soak() -> SoakResult:
        await _warm_up(plan, warm_up_urls)
        tally = _Tally()
        samples: list[tuple[float, int]] = []
        started = time.monotonic()

        async def sample() -> None:
            while True:
                samples.append((time.monotonic() - started, rss()))
                await asyncio.sleep(sample_every_s)

        sampler = asyncio.create_task(sample())
        try:
            await _drive(plan, sessions, duration_s, seed, tally)
        finally:
            sampler.cancel()
        for session in list(tally.open_sessions):
            await _close(session, tally)
        samples.append((time.monotonic() - started, rss()))
        timings = _timings(tally)
        return SoakResult(
            samples=tuple(samples),
            sessions_opened=tally.sessions_opened,
            runs=len(tally.seconds),
            errors=tally.errors,
            p50_ms=timings["p50_ms"],
            p95_ms=timings["p95_ms"],
        )

    return asyncio.run(run_soak())
