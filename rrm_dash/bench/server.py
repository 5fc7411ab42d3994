"""A real app server for benchmarks and tests: one `streamlit run`, or several behind nginx,
with its own cookie key, users, audit log and sign-in state in a temporary folder."""

from __future__ import annotations

import contextlib
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rrm_dash.auth import tokens
from rrm_dash.auth.demo_users import random_password, write_demo_users
from rrm_dash.deploy.cluster import Cluster, running_cluster

#: The demo user the handle's cookie signs in (sees every page but the audit log).
BENCH_USER = "analyst"
#: rrm_dash.ui.sign_in's cookie name and session length (not imported: that module needs a
#: running Streamlit script; a test keeps them equal).
COOKIE_NAME = "rrm_dash_session"
SESSION_LENGTH = timedelta(hours=12)


@dataclass(frozen=True)
class ServerHandle:
    """A running server and a signed-in analyst's cookie for it."""

    base_url: str
    cookie_header: str
    """`Cookie` header value that signs the analyst in through the app's own cookie check."""
    cluster: Cluster

    @property
    def pids(self) -> tuple[int, ...]:
        """Process ids of the app processes."""
        return self.cluster.pids

    @property
    def app_urls(self) -> tuple[str, ...]:
        """Each app process's own address (behind nginx, these are its upstreams)."""
        return self.cluster.app_urls

    @property
    def access_log(self) -> Path | None:
        """nginx's access log (with route cookie and upstream of every request), if nginx runs."""
        return self.cluster.access_log

    def rss_bytes(self) -> int:
        """Resident memory of the app processes together (VmRSS from /proc)."""
        return self.cluster.rss_bytes()


@contextlib.contextmanager
def running_server(
    warehouse: Path, *, port: int, processes: int = 1, nginx: bool = False
) -> Iterator[ServerHandle]:
    """Serve the published `warehouse` on 127.0.0.1:`port`: one app process, or `processes`
    behind nginx (sticky sessions) when `nginx`; everything stops when the block ends."""
    folder = Path(tempfile.mkdtemp(prefix="rrm-server-"))
    try:
        key = secrets.token_urlsafe(32)
        users = folder / "users.yaml"
        write_demo_users(users, random_password())
        env = {
            "RRM_WAREHOUSE": str(Path(warehouse).absolute()),
            "RRM_COOKIE_KEY": key,
            "RRM_USERS_FILE": str(users),
            "RRM_AUDIT_DB": str(folder / "audit.sqlite"),
            "RRM_AUTH_STATE": str(folder / "auth.sqlite"),
        }
        token = tokens.issue(BENCH_USER, key, datetime.now(UTC) + SESSION_LENGTH)
        with running_cluster(
            folder / "run", env=env, port=port, processes=processes, nginx=nginx
        ) as cluster:
            yield ServerHandle(
                base_url=cluster.base_url,
                cookie_header=f"{COOKIE_NAME}={token}",
                cluster=cluster,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
