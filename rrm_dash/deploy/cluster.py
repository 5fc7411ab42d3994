"""Several app processes behind nginx on this machine, with sticky sessions.

`python -m rrm_dash cluster --warehouse PATH --processes 2 --port 8080` (or
`python -m rrm_dash.deploy.cluster ...`) runs it in the foreground until Ctrl+C. Every process
reads the same published warehouse read-only; imports publish new snapshots separately.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rrm_dash.access import PUBLIC
from rrm_dash.auth.demo_users import DEMO_USERS, demo_users_path, random_password, write_demo_users
from rrm_dash.config import configured_cookie_key, demo_password, users_path, warehouse_path
from rrm_dash.deploy import processes as proc
from rrm_dash.deploy.nginx import (
    DeployError,
    find_nginx,
    nginx_command,
    site_config,
    write_configs,
)
from rrm_dash.queries.dataset import is_synthetic_demo
from rrm_dash.queries.runner import Source
from rrm_dash.warehouse.snapshot import WarehouseError
from rrm_dash.warehouse.upgrade import upgrade_if_behind

DEFAULT_PORT = 8080
DEFAULT_PROCESSES = 2
STARTUP_TIMEOUT_S = 120.0
#: Where --print-nginx sends the access log (Debian's log folder).
PRODUCTION_ACCESS_LOG = "/var/log/nginx/rrm-dash.access.log"


@dataclass(frozen=True)
class Cluster:
    """A running deployment: app processes, and nginx in front when there are several."""

    base_url: str
    """Where browsers go: nginx's address, or the single app process's."""
    app_urls: tuple[str, ...]
    apps: tuple[subprocess.Popen[bytes], ...]
    nginx: subprocess.Popen[bytes] | None
    folder: Path
    """Logs (app-N.log, nginx's error.log and access.log) and nginx's files."""

    @property
    def pids(self) -> tuple[int, ...]:
        """Process ids of the app processes (not nginx)."""
        return tuple(app.pid for app in self.apps)

    @property
    def access_log(self) -> Path | None:
        """nginx's access log: one line per request, with its route cookie and upstream."""
        return self.folder / "access.log" if self.nginx is not None else None

    def rss_bytes(self) -> int:
        """Resident memory of the app processes together."""
        return proc.rss_bytes(self.pids)

    def exited(self) -> str | None:
        """Which process has stopped on its own, if any (with the end of its log)."""
        for index, app in enumerate(self.apps):
            if app.poll() is not None:
                log = self.folder / f"app-{index}.log"
                return f"app process {index} exited ({app.returncode}):\n{proc.tail(log)}"
        if self.nginx is not None and self.nginx.poll() is not None:
            return (
                f"nginx exited ({self.nginx.returncode}):\n{proc.tail(self.folder / 'error.log')}"
            )
        return None


@contextlib.contextmanager
def running_cluster(
    folder: Path,
    *,
    env: Mapping[str, str],
    port: int,
    processes: int = DEFAULT_PROCESSES,
    nginx: bool = True,
    host: str = "127.0.0.1",
    app_ports: Sequence[int] | None = None,
    startup_timeout_s: float = STARTUP_TIMEOUT_S,
) -> Iterator[Cluster]:
    """Start `processes` app processes (with `env` added to this environment) and, when `nginx`,
    nginx on host:`port` in front of them; yield once all answer their health check, and stop
    everything on leaving the block, also after an error. Without nginx there is one process,
    on 127.0.0.1:`port`."""
    if processes < 1:
        raise ValueError(f"at least one app process is needed, got {processes}")
    if not nginx and processes != 1:
        raise ValueError("several app processes need nginx in front of them")
    binary = find_nginx() if nginx else None
    ports = list(app_ports) if app_ports else []
    if not nginx:
        ports = [port]
    while len(ports) < processes:
        ports.append(proc.free_port())
    if len(ports) != processes:
        raise ValueError(f"{processes} app processes but {len(ports)} ports: {ports}")
    folder.mkdir(parents=True, exist_ok=True)
    child_env = proc.child_env(env)
    with contextlib.ExitStack() as stack:
        apps: list[subprocess.Popen[bytes]] = []
        stack.callback(proc.stop, apps)
        for index, app_port in enumerate(ports):
            log = folder / f"app-{index}.log"
            apps.append(proc.start(proc.app_command(app_port), env=child_env, log=log))
        app_urls = tuple(f"http://127.0.0.1:{app_port}" for app_port in ports)
        for index, (url, app) in enumerate(zip(app_urls, apps, strict=True)):
            proc.wait_healthy(url, app, folder / f"app-{index}.log", startup_timeout_s)
        front: subprocess.Popen[bytes] | None = None
        base_url = app_urls[0]
        if binary is not None:
            upstreams = [f"127.0.0.1:{app_port}" for app_port in ports]
            config, _ = write_configs(folder, listen=f"{host}:{port}", upstreams=upstreams)
            front = proc.start(
                nginx_command(binary, folder, config), env=child_env, log=folder / "nginx.log"
            )
            stack.callback(proc.stop, [front])
            base_url = f"http://{host}:{port}"
            proc.wait_healthy(base_url, front, folder / "error.log", startup_timeout_s)
        yield Cluster(
            base_url=base_url,
            app_urls=app_urls,
            apps=tuple(apps),
            nginx=front,
            folder=folder,
        )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", help="warehouse path (default: RRM_WAREHOUSE or data/...)")
    parser.add_argument(
        "--processes",
        type=_positive,
        default=DEFAULT_PROCESSES,
        help=f"app processes behind nginx (default {DEFAULT_PROCESSES})",
    )
    parser.add_argument(
        "--port",
        type=_positive,
        default=DEFAULT_PORT,
        help=f"nginx's port (default {DEFAULT_PORT})",
    )
    parser.add_argument("--host", default="127.0.0.1", help="nginx's address (default 127.0.0.1)")
    parser.add_argument(
        "--first-app-port",
        type=_positive,
        help="port of the first app process, the others follow (default: the port after --port)",
    )
    parser.add_argument(
        "--run-dir",
        help="folder for logs and nginx's files (default: a temporary folder, removed at the end)",
    )
    parser.add_argument(
        "--print-nginx",
        action="store_true",
        help="print the nginx site configuration for these ports and exit",
    )


def add_cluster_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "cluster",
        help="serve the app as several processes behind nginx with sticky sessions",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_arguments(parser)
    return parser


def _app_ports(args: argparse.Namespace) -> list[int]:
    first = args.first_app_port or args.port + 1
    ports = [first + index for index in range(args.processes)]
    if args.port in ports:
        raise DeployError(f"nginx's port {args.port} is also an app process's port: {ports}")
    return ports


def cluster_env(warehouse: Path) -> dict[str, str]:
    """What every app process needs to share: the warehouse, the cookie key, the users file.

    Outside a demo warehouse the key must be configured (RRM_COOKIE_KEY); for a demo one, one
    random key is made for all processes and demo users are written, as `serve` does.
    """
    demo = is_synthetic_demo(Source.live(warehouse), PUBLIC)
    key = configured_cookie_key()
    if key is None and not demo:
        raise DeployError(
            "no sign-in cookie key. Set RRM_COOKIE_KEY to a long random secret: every app "
            "process must sign and check sessions with the same key."
        )
    env = {"RRM_WAREHOUSE": str(warehouse), "RRM_COOKIE_KEY": key or secrets.token_urlsafe(32)}
    if demo and not os.environ.get("RRM_USERS_FILE"):
        users_file = demo_users_path(warehouse)
        password = demo_password() or random_password()
        write_demo_users(users_file, password)
        names = ", ".join(username for username, *_ in DEMO_USERS)
        print(f"Demo users ({names}), password: {password}")
        env["RRM_USERS_FILE"] = str(users_file)
    else:
        env["RRM_USERS_FILE"] = str(users_path())
    return env


def command_cluster(args: argparse.Namespace) -> int:
    """Run the cluster in the foreground until Ctrl+C (or print its nginx site file)."""
    try:
        ports = _app_ports(args)
        if args.print_nginx:
            upstreams = [f"127.0.0.1:{port}" for port in ports]
            listen = f"{args.host}:{args.port}"
            print(site_config(listen=listen, upstreams=upstreams, access_log=PRODUCTION_ACCESS_LOG))
            return 0
        find_nginx()
        warehouse = warehouse_path(args.warehouse)
        upgrade_if_behind(warehouse)  # a clear error when nothing is published there
        env = cluster_env(warehouse)
        with contextlib.ExitStack() as stack:
            stack.enter_context(_stopped_by_signals())
            if args.run_dir:
                folder = Path(args.run_dir).absolute()
            else:
                folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rrm-")))
            print(f"Starting {args.processes} app processes and nginx (logs in {folder}) ...")
            cluster = stack.enter_context(
                running_cluster(
                    folder,
                    env=env,
                    port=args.port,
                    processes=args.processes,
                    host=args.host,
                    app_ports=ports,
                )
            )
            print(f"Warehouse: {warehouse} (read-only; imports publish new snapshots)")
            print(f"App processes: {', '.join(cluster.app_urls)}")
            print(f"RRM Dash: {cluster.base_url}  (Ctrl+C to stop)", flush=True)
            return _watch(cluster)
    except DeployError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # while starting: everything started has been stopped
        print("Stopped.", file=sys.stderr)
        return 130


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _stop_on_signal(signum: int, frame: object) -> None:
    for stop_signal in _STOP_SIGNALS:  # a second Ctrl+C must not cut the shutdown short
        signal.signal(stop_signal, signal.SIG_IGN)
    raise KeyboardInterrupt


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP (as from systemd or a closed terminal) stop the
    command like Ctrl+C, so the processes it started are stopped too."""
    previous = {signum: signal.signal(signum, _stop_on_signal) for signum in _STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _watch(cluster: Cluster) -> int:
    """Wait for Ctrl+C (0), or for a process to stop on its own (1, after saying which)."""
    try:
        while True:
            problem = cluster.exited()
            if problem is not None:
                print(f"error: {problem}", file=sys.stderr)
                return 1
            time.sleep(1.0)
    except KeyboardInterrupt:
        print("Stopping ...", flush=True)
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rrm_dash.deploy.cluster", description=__doc__)
    _add_arguments(parser)
    try:
        return command_cluster(parser.parse_args(argv))
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
