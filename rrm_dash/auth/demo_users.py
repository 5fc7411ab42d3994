"""One demo user per role, for the synthetic demo warehouse only."""

from __future__ import annotations

import secrets
from pathlib import Path

from rrm_dash.access import Role
from rrm_dash.auth.users import UsersError, add_user

#: (username, role, member code, display name)
DEMO_USERS = (
    ("admin", Role.ADMIN, None, "Demo administrator"),
    ("analyst", Role.ANALYST, None, "Demo analyst (Coordination Unit)"),
    ("ca-focal", Role.FOCAL_POINT, "CA", "Demo focal point, Canada"),
    ("au-observer", Role.OBSERVER, "AU", "Demo observer, Australia"),
    ("ca-taskforce", Role.TASKFORCE, "CA", "Demo election task force, Canada"),
    ("leadership", Role.LEADERSHIP, None, "Demo leadership reader"),
)


def demo_users_path(warehouse: Path) -> Path:
    """Demo users live beside the demo warehouse, never in the real users file."""
    return warehouse.parent / "demo-users.yaml"


def random_password() -> str:
    return secrets.token_urlsafe(12)


def write_demo_users(path: Path, password: str) -> None:
    """(Re)write the demo users file with every demo user sharing `password`."""
    if len(password) < 12:
        raise UsersError("RRM_DEMO_PASSWORD must have at least 12 characters")
    path.unlink(missing_ok=True)
    for username, role, member, name in DEMO_USERS:
        add_user(username, name, "", role, member, password, path=path)
