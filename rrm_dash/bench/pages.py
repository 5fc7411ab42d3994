"""Measure one page of the app, or of the naive baseline, in this process and print the
figures as JSON: cold first run, warm reruns, reruns after a filter change, text search,
the time of each query, the bytes the page sends, and memory.

The bench command runs this once per (size, page, filter) in a child process, so the cold run
and the peak memory belong to that page alone:
`python -m rrm_dash.bench.pages --warehouse W --page incidents --filter narrow [--naive]`.
The viewer is the demo analyst (sign-in is not what is measured).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

from streamlit.testing.v1 import AppTest

from rrm_dash import PROJECT_DIR
from rrm_dash.audit import writer as audit_writers
from rrm_dash.bench.payload import page_payload
from rrm_dash.bench.report import percentile
from rrm_dash.bench.scenarios import FILTERS, SEARCH_WORDS, filter_query
from rrm_dash.queries.runner import recorded_queries
from rrm_dash.ui.filter_state import DATES_KEY

APP = PROJECT_DIR / "app.py"
NAIVE_APP = Path(__file__).with_name("naive_app.py")
RESULT_PREFIX = "BENCH-RESULT "
SEARCH_KEY = "incidents_search"  # views/incidents.py
TIMEOUT_S = 900


def _milliseconds(values: Iterable[float]) -> list[float]:
    return [round(value * 1000, 2) for value in values]


class PageRun:
    """An AppTest session and what its runs measured."""

    def __init__(self, at: AppTest) -> None:
        self.at = at
        self.exceptions: list[str] = []

    def run(self) -> float:
        """Rerun the script; its wall time in seconds."""
        started = time.perf_counter()
        self.at.run(timeout=TIMEOUT_S)
        elapsed = time.perf_counter() - started
        self.exceptions += [str(error.value) for error in self.at.exception]
        return elapsed

    def reruns(
        self, count: int, prepare: Callable[[int], object]
    ) -> tuple[list[float], dict[str, float]]:
        """`count` reruns, each after `prepare(i)`: their milliseconds, and the median
        milliseconds each query took per rerun (a query run twice in a rerun counts both)."""
        times, per_query = [], defaultdict[str, list[float]](list)
        for index in range(count):
            prepare(index)
            with recorded_queries() as log:
                times.append(self.run())
            in_run = defaultdict[str, float](float)
            for name, seconds in log:
                in_run[name] += seconds * 1000
            for name, spent in in_run.items():
                per_query[name].append(spent)
        medians = {name: round(statistics.median(spent), 2) for name, spent in per_query.items()}
        return _milliseconds(times), medians


def _summary(prefix: str, times: list[float]) -> dict[str, Any]:
    return {
        f"{prefix}_ms": times,
        f"{prefix}_p50_ms": percentile(times, 50),
        f"{prefix}_p90_ms": percentile(times, 90),
    }


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(
    new_app: Callable[[], AppTest],
    open_page: Callable[[PageRun], float],
    page: str,
    runs: int,
    changes: int,
) -> dict[str, Any]:
    """Open the page in a new process (cold), rerun it `runs` times (warm), open it in a second
    session (what each later visitor waits for), search (incidents page), then change the
    period `changes` times, sliding it back a week each time so that no result is reused."""
    at = new_app()
    session = PageRun(at)
    cold = open_page(session)
    result: dict[str, Any] = {"cold_s": round(cold, 3)}
    warm, result["queries_warm_ms"] = session.reruns(runs, lambda _: None)
    result |= _summary("warm", warm)
    second = PageRun(new_app())
    result["new_session_s"] = round(open_page(second), 3)
    session.exceptions += second.exceptions
    payload = page_payload(at)
    largest = payload.largest
    result |= {
        "bytes_per_run": payload.total_bytes,
        "largest_element_bytes": largest.bytes if largest else 0,
        "largest_element": f"{largest.kind} {largest.key or ''}".strip() if largest else "",
        "elements": len(payload.elements),
        "rss_after_warm_mb": round(_rss_mb(), 1),
    }
    if page == "incidents":
        searched, result["queries_search_ms"] = session.reruns(
            len(SEARCH_WORDS), lambda i: at.text_input(key=SEARCH_KEY).set_value(SEARCH_WORDS[i])
        )
        result |= _summary("search", searched)
        at.text_input(key=SEARCH_KEY).set_value("")
        session.run()
    start, end = cast(tuple[date, date], at.date_input(key=DATES_KEY).value)

    def slide(index: int) -> None:
        back = timedelta(days=7 * (index + 1))
        at.date_input(key=DATES_KEY).set_value((start - back, end - back))

    changed, result["queries_filter_change_ms"] = session.reruns(changes, slide)
    result |= _summary("filter_change", changed)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["exceptions"] = sorted(set(session.exceptions))
    return result


def measure_app(page: str, filter_name: str, runs: int, changes: int) -> dict[str, Any]:
    """The real app.py on `page` (cold = the first run, then switching to the page)."""
    from rrm_dash.access import demo_principal
    from rrm_dash.ui import context

    signed_in = demo_principal()
    context.current_principal = lambda: signed_in

    def new_app() -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
        at.query_params.update(filter_query(filter_name))
        return at

    def open_page(session: PageRun) -> float:
        first = session.run()
        session.at.switch_page(f"views/{page}.py")
        return first + session.run()

    return measure(new_app, open_page, page, runs, changes)


def measure_naive(page: str, filter_name: str, runs: int, changes: int) -> dict[str, Any]:
    """The naive baseline's version of `page` (cold = its first run, which loads the tables)."""

    def new_app() -> AppTest:
        at = AppTest.from_file(str(NAIVE_APP), default_timeout=TIMEOUT_S)
        at.query_params.update({**filter_query(filter_name), "view": page})
        return at

    return measure(new_app, lambda session: session.run(), page, runs, changes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", required=True, type=Path)
    parser.add_argument("--page", required=True)
    parser.add_argument("--filter", choices=FILTERS, default="typical")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--changes", type=int, default=5)
    parser.add_argument("--naive", action="store_true", help="measure the naive baseline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rrm-bench-") as side:
        os.environ["RRM_WAREHOUSE"] = str(args.warehouse.absolute())
        os.environ["RRM_AUDIT_DB"] = str(Path(side) / "audit.sqlite")
        os.environ["RRM_AUTH_STATE"] = str(Path(side) / "auth.sqlite")
        measured = measure_naive if args.naive else measure_app
        result = measured(args.page, args.filter, args.runs, args.changes)
        audit_writers.reset()  # write the queued page views while their folder still exists
    print(RESULT_PREFIX + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
