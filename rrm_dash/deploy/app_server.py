"""One app process: `streamlit run app.py` inside this process, warmed in the background.

`python -m rrm_dash.deploy.app_server [streamlit run options]` is what `serve` and every
`cluster` process run. It starts Streamlit's own `streamlit run` command in this process
(same options, config files, signals and shutdown) after starting a daemon thread that waits
until the server accepts sessions, then warms the process for its first visitors
(rrm_dash/deploy/warmup.py) within RRM_WARM_UP_S seconds (0: no warm-up).
"""

from __future__ import annotations

import atexit
import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rrm_dash import PROJECT_DIR
from rrm_dash.config import warehouse_path, warm_up_seconds

#: How long the warm-up waits for the server to accept sessions before giving up.
READY_TIMEOUT_S = 120.0
#: How long an exiting process waits for the warm-up's query under way (the cluster kills an
#: app process 10 s after asking it to stop).
STOP_WAIT_S = 5.0
_READY_POLL_S = 0.1
log = logging.getLogger("rrm_dash.deploy.warmup")


def streamlit_ready() -> bool:
    """Whether this process's Streamlit runtime has started and accepts sessions."""
    from streamlit import runtime

    if not runtime.exists():
        return False
    return runtime.get_instance().state in {
        runtime.RuntimeState.NO_SESSIONS_CONNECTED,
        runtime.RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED,
    }


def streamlit_has_visitor() -> bool:
    """Whether a session (a browser tab) is connected to this process's Streamlit server."""
    from streamlit import runtime

    return (
        runtime.exists()
        and runtime.get_instance().state is runtime.RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED
    )


def start_warm_up(
    published: Path,
    *,
    budget_s: float,
    ready: Callable[[], bool] = streamlit_ready,
    visitor: Callable[[], bool] = streamlit_has_visitor,
    ready_timeout_s: float = READY_TIMEOUT_S,
) -> threading.Thread:
    """Start the warm-up of `published` in a daemon thread once `ready()` (never holding up
    the server, never stopping the process from exiting), giving way once `visitor()`; the
    thread."""

    def work() -> None:
        try:
            deadline = time.monotonic() + ready_timeout_s
            while not ready():
                if time.monotonic() > deadline:
                    log.warning(
                        "Warm-up skipped: the server did not start in %.0f s", ready_timeout_s
                    )
                    return
                time.sleep(_READY_POLL_S)
            started = time.monotonic()
            log.info("Warm-up started (at most %.0f s)", budget_s)
            from rrm_dash.deploy.warmup import warm_up  # imported here, off the start-up path

            warm_up(published, budget_s=budget_s, visitor=visitor, stop=stop, started=started)
        except Exception:  # warm_up never raises; this covers importing it
            log.exception("Warm-up failed; the server runs on")

    stop = threading.Event()
    thread = threading.Thread(target=work, name="rrm-warm-up", daemon=True)
    thread.start()
    atexit.register(_finish, stop, thread)
    return thread


def _finish(stop: threading.Event, thread: threading.Thread) -> None:
    """At exit: stop the warm-up after its current query, so the interpreter never tears
    down the database library under a running query (waits STOP_WAIT_S at most)."""
    stop.set()
    thread.join(STOP_WAIT_S)


def _log_to_stderr() -> None:
    """The warm-up's log lines on stderr, formatted like Streamlit's own."""
    handler = logging.StreamHandler()
    formatter = logging.Formatter("%(asctime)s %(message)s")
    formatter.default_msec_format = "%s.%03d"
    handler.setFormatter(formatter)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def main(argv: Sequence[str] | None = None) -> None:
    """`streamlit run app.py` with `argv` (default: this command's arguments), warmed."""
    budget_s = warm_up_seconds()
    if budget_s > 0:
        _log_to_stderr()
        start_warm_up(warehouse_path(), budget_s=budget_s)
    from streamlit.web import cli

    options = list(sys.argv[1:] if argv is None else argv)
    cli.main(["run", str(PROJECT_DIR / "app.py"), *options], prog_name="streamlit")


if __name__ == "__main__":
    main()
