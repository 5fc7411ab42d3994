"""Start, watch and stop the processes of a deployment: the app processes and nginx."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from rrm_dash import PROJECT_DIR
from rrm_dash.deploy.nginx import DeployError

HEALTH_PATH = "/_stcore/health"
STOP_TIMEOUT_S = 10.0
#: Direct connections only: a proxy set in the environment must not see local traffic.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def app_command(port: int) -> list[str]:
    """`streamlit run app.py` on 127.0.0.1:`port`, headless, without usage statistics, warmed
    for its first visitors (rrm_dash/deploy/app_server.py)."""
    return [
        sys.executable, "-m", "rrm_dash.deploy.app_server",
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


def start(command: Sequence[str], *, env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start `command` in the project folder (Streamlit reads .streamlit/ there), output to `log`.

    The process gets its own session, so a Ctrl+C in the terminal reaches only the command
    that started it, which then stops everything in order.
    """
    with open(log, "ab") as output:
        return subprocess.Popen(
            list(command),
            cwd=PROJECT_DIR,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def healthy(base_url: str) -> bool:
    """Whether `base_url` answers Streamlit's health check."""
    try:
        with _DIRECT.open(f"{base_url}{HEALTH_PATH}", timeout=2) as response:
            return int(response.status) == 200
    except OSError:
        return False


def wait_healthy(
    base_url: str, process: subprocess.Popen[bytes], log: Path, timeout_s: float
) -> None:
    """Wait until `base_url` is healthy; a DeployError with the log's end if it dies or stalls."""
    deadline = time.monotonic() + timeout_s
    while not healthy(base_url):
        if process.poll() is not None:
            raise DeployError(f"{log.stem} exited with code {process.returncode}:\n{tail(log)}")
        if time.monotonic() > deadline:
            raise DeployError(f"{log.stem} not healthy after {timeout_s:.0f} s:\n{tail(log)}")
        time.sleep(0.25)


def tail(log: Path, lines: int = 20) -> str:
    """The last lines of a log file (empty when it does not exist)."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def stop(processes: Sequence[subprocess.Popen[bytes]], timeout_s: float = STOP_TIMEOUT_S) -> None:
    """Ask every process to stop (SIGTERM) at once, then kill any still running after `timeout_s`."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    for process in running:
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def rss_bytes(pids: Sequence[int]) -> int:
    """Resident memory of the processes `pids` together (VmRSS from /proc; 0 for a gone one)."""
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
        except (FileNotFoundError, ProcessLookupError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024  # reported in kB
                break
    return total


def child_env(extra: Mapping[str, str]) -> dict[str, str]:
    """This process's environment with `extra` on top (what every started process gets)."""
    return {**os.environ, **extra}
