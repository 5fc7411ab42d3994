"""The audit log's own database: an append-only SQLite file beside the warehouse.

The warehouse is read-only for the app and several app processes may run at once, so the live
audit trail is a separate SQLite database (WAL mode, so readers never block the writer, and a
busy timeout, so processes queue for the write lock instead of failing). Append-only is
enforced by the database itself: triggers abort any UPDATE or DELETE of `access_log`.
Every statement is fixed text with bound parameters.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from rrm_dash.audit.events import ACTIONS, AuditEvent

#: How long a connection waits for another process's write lock before giving up.
BUSY_TIMEOUT_MS = 5_000
#: Fixed-width ISO-8601 UTC, so text order is time order.
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

COLUMNS = (
    "logged_at",
    "username",
    "role",
    "member_code",
    "action",
    "object_type",
    "object_id",
    "detail",
)

_ACTION_LIST = ", ".join(f"'{action}'" for action in ACTIONS)
SCHEMA = f"""
create table if not exists access_log (
    logged_at   text not null,   -- ISO-8601 UTC, e.g. 2025-04-28T09:15:02.123456Z
    username    text not null,
    role        text not null,
    member_code text,
    action      text not null check (action in ({_ACTION_LIST})),
    object_type text,
    object_id   text,
    detail      text
);
create index if not exists access_log_logged_at on access_log (logged_at);
create index if not exists access_log_username on access_log (username, logged_at);
create trigger if not exists access_log_no_update before update on access_log
begin
    select raise(abort, 'access_log is append-only: rows cannot be changed');
end;
create trigger if not exists access_log_no_delete before delete on access_log
begin
    select raise(abort, 'access_log is append-only: rows cannot be deleted');
end;
"""

_INSERT = (
    "insert into access_log (logged_at, username, role, member_code, action, object_type,"
    " object_id, detail) values (?, ?, ?, ?, ?, ?, ?, ?)"
)
_SELECT = (
    "select logged_at, username, role, member_code, action, object_type, object_id, detail"
    " from access_log"
)
_COUNT = "select count(*) from access_log"
# Each optional filter is one fixed clause with one bound parameter.
_SINCE = "logged_at >= ?"
_UNTIL = "logged_at < ?"
_USERNAME = "username = ?"
_ACTIONS = "action in (select value from json_each(?))"

_schema_ready: set[Path] = set()
_schema_lock = threading.Lock()


def iso_utc(moment: datetime) -> str:
    """The stored form of a time: fixed-width ISO-8601 in UTC (aware datetimes only)."""
    if moment.tzinfo is None:
        raise ValueError("audit times must be timezone-aware (UTC)")
    return moment.astimezone(UTC).strftime(_TIME_FORMAT)


def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode with a busy timeout; creates the directory and the schema on
    first use. Autocommit: writers open their own transaction."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        con.execute("pragma busy_timeout = 5000")  # BUSY_TIMEOUT_MS
        key = path.absolute()
        with _schema_lock:
            if key not in _schema_ready:
                con.execute("pragma journal_mode = wal")
                con.executescript("begin immediate;" + SCHEMA + "commit;")
                _schema_ready.add(key)
        con.execute("pragma synchronous = full")
    except BaseException:
        con.close()
        raise
    return con


def append_many(path: Path, events: Iterable[AuditEvent]) -> int:
    """Append `events` in one transaction (all or none); the number of rows written."""
    rows = [
        (
            iso_utc(event.at),
            event.username,
            event.role,
            event.member_code,
            event.action,
            event.object_type,
            event.object_id,
            event.detail,
        )
        for event in events
    ]
    if not rows:
        return 0
    con = connect(path)
    try:
        con.execute("begin immediate")
        try:
            con.executemany(_INSERT, rows)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    finally:
        con.close()
    return len(rows)


def _where(
    since: datetime | None,
    until: datetime | None,
    username: str | None,
    action: str | Sequence[str] | None,
) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if since is not None:
        clauses.append(_SINCE)
        params.append(iso_utc(since))
    if until is not None:
        clauses.append(_UNTIL)
        params.append(iso_utc(until))
    name = (username or "").strip()
    if name:
        clauses.append(_USERNAME)
        params.append(name)
    if action is not None:
        actions = [action] if isinstance(action, str) else list(action)
        if actions:
            clauses.append(_ACTIONS)
            params.append(json.dumps(actions))
    return (" where " + " and ".join(clauses) if clauses else ""), params


def read(
    path: Path,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    username: str | None = None,
    action: str | Sequence[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> pl.DataFrame:
    """Log lines from `since` (inclusive) to `until` (exclusive), of `username` (exact) and of
    the given actions (all when empty), newest first; `limit` rows from `offset`."""
    where, params = _where(since, until, username, action)
    params += [-1 if limit is None else max(limit, 0), max(offset, 0)]
    con = connect(path)
    try:
        rows = con.execute(
            _SELECT + where + " order by logged_at desc, rowid desc limit ? offset ?", params
        ).fetchall()
    finally:
        con.close()
    frame = pl.DataFrame(
        rows, schema={name: pl.String() for name in COLUMNS}, orient="row"
    ).with_columns(
        pl.col("logged_at").str.to_datetime(
            "%Y-%m-%dT%H:%M:%S%.fZ", time_unit="us", time_zone="UTC"
        )
    )
    return frame


def count(
    path: Path,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    username: str | None = None,
    action: str | Sequence[str] | None = None,
) -> int:
    """How many log lines `read` would return without a limit."""
    where, params = _where(since, until, username, action)
    con = connect(path)
    try:
        (total,) = con.execute(_COUNT + where, params).fetchone()
    finally:
        con.close()
    return int(total)
