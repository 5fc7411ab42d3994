"""Typed settings: the only reader of environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rrm_dash import PROJECT_DIR
from rrm_dash.access import normalise_marking

DEFAULT_WAREHOUSE = PROJECT_DIR / "data" / "warehouse" / "rrm.duckdb"
DEFAULT_USERS_FILE = PROJECT_DIR / "data" / "users.yaml"
DEFAULT_AUDIT_DB = PROJECT_DIR / "data" / "audit" / "audit.sqlite"
DEFAULT_AUTH_STATE = PROJECT_DIR / "data" / "auth" / "state.sqlite"
#: The placeholder shipped in .streamlit/secrets.toml.example: never a real key.
EXAMPLE_COOKIE_KEY = "replace-with-a-long-random-secret"
#: How often the Early warning page refreshes itself while open, in seconds.
DEFAULT_WARNING_REFRESH_S = 300
#: Shortest accepted refresh interval (a busy page must not hammer the warehouse).
MIN_WARNING_REFRESH_S = 10


@dataclass(frozen=True)
class Settings:
    """Everything the app and the command line read from the environment."""

    warehouse: Path
    """Published warehouse: a DuckDB file (a link to the current snapshot) opened read-only."""

    meeting_ceiling: str
    """Highest TLP level shown in meeting mode (RRM_MEETING_CEILING, default GREEN)."""

    warning_refresh_s: int = DEFAULT_WARNING_REFRESH_S
    """Seconds between the Early warning page's refreshes (RRM_WARNING_REFRESH_S, default 300)."""


def _path_setting(override: str | os.PathLike[str] | None, variable: str, default: Path) -> Path:
    raw = override if override is not None else os.environ.get(variable)
    if raw is None or str(raw).strip() == "":
        return default
    return Path(raw).expanduser().absolute()


def warehouse_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The warehouse location: the override, else RRM_WAREHOUSE, else the default under data/."""
    return _path_setting(override, "RRM_WAREHOUSE", DEFAULT_WAREHOUSE)


def users_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The users file: the override, else RRM_USERS_FILE, else data/users.yaml."""
    return _path_setting(override, "RRM_USERS_FILE", DEFAULT_USERS_FILE)


def audit_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The audit log (SQLite, append-only): the override, else RRM_AUDIT_DB, else data/audit/."""
    return _path_setting(override, "RRM_AUDIT_DB", DEFAULT_AUDIT_DB)


def auth_state_path(override: str | os.PathLike[str] | None = None) -> Path:
    """Sign-in state shared by every app process (revoked sessions, failed sign-ins)."""
    return _path_setting(override, "RRM_AUTH_STATE", DEFAULT_AUTH_STATE)


def configured_cookie_key() -> str | None:
    """The key that signs sign-in cookies: RRM_COOKIE_KEY, else [auth] cookie_key in Streamlit
    secrets; None when neither is set or the value is the shipped example."""
    key = os.environ.get("RRM_COOKIE_KEY") or _secret("auth", "cookie_key")
    if not key or key.strip() == EXAMPLE_COOKIE_KEY:
        return None
    return key.strip()


def _secret(section: str, name: str) -> str | None:
    import streamlit as st

    try:
        value = st.secrets.get(section, {}).get(name)
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        return None
    return str(value) if value else None


def demo_password() -> str | None:
    """The demo users' password (RRM_DEMO_PASSWORD); None means a random one is made."""
    return os.environ.get("RRM_DEMO_PASSWORD") or None


def warning_refresh_seconds(raw: str | None = None) -> int:
    """The Early warning page's refresh interval: `raw`, else RRM_WARNING_REFRESH_S, in whole
    seconds, at least MIN_WARNING_REFRESH_S; the default when unset or not a number."""
    text = raw if raw is not None else os.environ.get("RRM_WARNING_REFRESH_S")
    try:
        seconds = int((text or "").strip())
    except ValueError:
        return DEFAULT_WARNING_REFRESH_S
    return max(seconds, MIN_WARNING_REFRESH_S)


DEFAULT_QUERY_CACHE_MB = 64


def query_cache_megabytes(raw: str | None = None) -> int:
    """Memory for query results kept per process (RRM_QUERY_CACHE_MB, whole megabytes; 0 turns
    the cache off); the default when unset or not a number."""
    text = raw if raw is not None else os.environ.get("RRM_QUERY_CACHE_MB")
    try:
        megabytes = int((text or "").strip())
    except ValueError:
        return DEFAULT_QUERY_CACHE_MB
    return max(megabytes, 0)


DEFAULT_WARM_UP_S = 120


def warm_up_seconds(raw: str | None = None) -> int:
    """Longest time a new app process spends warming itself for its first visitors
    (RRM_WARM_UP_S, whole seconds; 0 turns the warm-up off); the default when unset or not
    a number."""
    text = raw if raw is not None else os.environ.get("RRM_WARM_UP_S")
    try:
        seconds = int((text or "").strip())
    except ValueError:
        return DEFAULT_WARM_UP_S
    return max(seconds, 0)


def load_settings(warehouse: str | os.PathLike[str] | None = None) -> Settings:
    """Read the settings once; pass `warehouse` to override RRM_WAREHOUSE."""
    return Settings(
        warehouse=warehouse_path(warehouse),
        meeting_ceiling=normalise_marking(os.environ.get("RRM_MEETING_CEILING") or "GREEN"),
        warning_refresh_s=warning_refresh_seconds(),
    )
