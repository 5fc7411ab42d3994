"""Sign-in state every app process shares (SQLite): revoked sessions and failed sign-ins."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

#: A user who fails this many sign-ins within LOCK_WINDOW is locked out until the window passes.
MAX_FAILURES = 5
LOCK_WINDOW = timedelta(minutes=15)

_SCHEMA = """
create table if not exists revoked_session (fingerprint text primary key, expires_at real not null);
create table if not exists failed_sign_in (username text not null, at real not null);
create index if not exists failed_sign_in_user on failed_sign_in (username, at);
"""


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=10)
    try:
        con.execute("pragma journal_mode = wal")
        con.executescript(_SCHEMA)
        with con:
            yield con
    finally:
        con.close()


def revoke(path: Path, token_fingerprint: str, expires_at: float, now: datetime) -> None:
    """Refuse this session from now on (and forget revocations whose token has expired)."""
    with _connect(path) as con:
        con.execute(
            "insert or replace into revoked_session values (?, ?)", (token_fingerprint, expires_at)
        )
        con.execute("delete from revoked_session where expires_at < ?", (now.timestamp(),))


def is_revoked(path: Path, token_fingerprint: str) -> bool:
    with _connect(path) as con:
        row = con.execute(
            "select 1 from revoked_session where fingerprint = ?", (token_fingerprint,)
        ).fetchone()
    return row is not None


def record_failure(path: Path, username: str, now: datetime) -> None:
    with _connect(path) as con:
        con.execute("insert into failed_sign_in values (?, ?)", (username, now.timestamp()))
        con.execute("delete from failed_sign_in where at < ?", ((now - LOCK_WINDOW).timestamp(),))


def clear_failures(path: Path, username: str) -> None:
    with _connect(path) as con:
        con.execute("delete from failed_sign_in where username = ?", (username,))


def locked_until(path: Path, username: str, now: datetime) -> datetime | None:
    """When the lock on `username` ends, or None when the account is not locked."""
    with _connect(path) as con:
        rows = con.execute(
            "select at from failed_sign_in where username = ? and at >= ? order by at",
            (username, (now - LOCK_WINDOW).timestamp()),
        ).fetchall()
    if len(rows) < MAX_FAILURES:
        return None
    return datetime.fromtimestamp(rows[-MAX_FAILURES][0], tz=now.tzinfo) + LOCK_WINDOW
