"""Reading the audit log (rrm_dash/audit/store.py): for signed-in admins only.

The log lives in its own SQLite database, not the warehouse, so these functions call the
store rather than `runner.run`; like every query function they take the Principal first, and
they refuse anyone but a signed-in admin with PermissionError.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import polars as pl

from rrm_dash.access import Principal, Role
from rrm_dash.audit import store
from rrm_dash.config import audit_path

#: Log lines per page of the audit view.
PAGE_SIZE = 100
#: Most rows one CSV download of the log carries (newest first).
EXPORT_LIMIT = 50_000

_Path = str | os.PathLike[str] | None


@dataclass(frozen=True)
class LogFilter:
    """What the audit view narrows the log to: [since, until) in UTC, one user, some actions."""

    since: datetime | None = None
    until: datetime | None = None
    username: str | None = None
    actions: tuple[str, ...] = ()

    @classmethod
    def for_days(
        cls,
        first: date | None,
        last: date | None,
        username: str | None = None,
        actions: tuple[str, ...] = (),
    ) -> LogFilter:
        """Whole UTC days from `first` to `last`, both included (None: no bound)."""
        since = datetime.combine(first, time.min, tzinfo=UTC) if first else None
        until = datetime.combine(last + timedelta(days=1), time.min, tzinfo=UTC) if last else None
        return cls(since, until, (username or "").strip() or None, tuple(actions))


def may_read_log(principal: Principal) -> bool:
    """Only a signed-in admin reads the audit log."""
    return principal.signed_in and principal.role is Role.ADMIN


def require_admin(principal: Principal) -> None:
    if not may_read_log(principal):
        raise PermissionError(
            f"the audit log is readable by signed-in admins only, not {principal.username!r}"
            f" ({principal.role.value})"
        )


def log_count(principal: Principal, log_filter: LogFilter | None = None, path: _Path = None) -> int:
    """How many log lines match."""
    require_admin(principal)
    log_filter = log_filter or LogFilter()
    return store.count(
        audit_path(path),
        since=log_filter.since,
        until=log_filter.until,
        username=log_filter.username,
        action=log_filter.actions,
    )


def log_page(
    principal: Principal,
    log_filter: LogFilter | None = None,
    page: int = 1,
    size: int = PAGE_SIZE,
    path: _Path = None,
) -> pl.DataFrame:
    """logged_at (UTC), username, role, member_code, action, object_type, object_id, detail —
    one page (from 1), newest first."""
    require_admin(principal)
    log_filter = log_filter or LogFilter()
    return store.read(
        audit_path(path),
        since=log_filter.since,
        until=log_filter.until,
        username=log_filter.username,
        action=log_filter.actions,
        limit=size,
        offset=(max(page, 1) - 1) * size,
    )


def log_export(
    principal: Principal,
    log_filter: LogFilter | None = None,
    limit: int = EXPORT_LIMIT,
    path: _Path = None,
) -> pl.DataFrame:
    """The matching lines for a download, newest first, at most `limit` of them."""
    return log_page(principal, log_filter, page=1, size=limit, path=path)


def log_csv(frame: pl.DataFrame) -> str:
    """A log frame as UTF-8 CSV (with a BOM, so it opens in Excel): the stored codes, times
    in ISO-8601 UTC ending in Z, columns named as in the database."""
    text = frame.with_columns(pl.col("logged_at").dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ")).write_csv()
    return "\ufeff" + text
