"""Typed settings: the only reader of environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rrm_dash import PROJECT_DIR
from rrm_dash.access import normalise_marking

DEFAULT_WAREHOUSE = PROJECT_DIR / "data" / "warehouse" / "rrm.duckdb"
DEFAULT_USERS_FILE = PROJECT_DIR / "data" / "users.yaml"


@dataclass(frozen=True)
class Settings:
    """Everything the app and the command line read from the environment."""

    warehouse: Path
    """Published warehouse: a DuckDB file (a link to the current snapshot) opened read-only."""

    meeting_ceiling: str
    """Highest TLP level shown in meeting mode (RRM_MEETING_CEILING, default GREEN)."""


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


def load_settings(warehouse: str | os.PathLike[str] | None = None) -> Settings:
    """Read the settings once; pass `warehouse` to override RRM_WAREHOUSE."""
    return Settings(
        warehouse=warehouse_path(warehouse),
        meeting_ceiling=normalise_marking(os.environ.get("RRM_MEETING_CEILING") or "GREEN"),
    )
