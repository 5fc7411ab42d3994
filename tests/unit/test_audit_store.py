"""The audit database: append then read, filters with bound parameters, and append-only
enforced by SQLite itself."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rrm_dash.audit import AuditEvent, audit_path
from rrm_dash.audit.store import append_many, count, read
from rrm_dash.config import DEFAULT_AUDIT_DB

START = datetime(2025, 4, 28, 9, 0, tzinfo=UTC)


def _event(
    minute: int, username: str = "ana", action: str = "page_view", **fields: str
) -> AuditEvent:
    return AuditEvent(
        username=username,
        role=fields.pop("role", "analyst"),
        member_code=fields.pop("member_code", None),
        action=action,
        object_type=fields.pop("object_type", "page"),
        object_id=fields.pop("object_id", f"view-{minute}"),
        detail=fields.pop("detail", None),
        at=START + timedelta(minutes=minute),
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "audit" / "audit.sqlite"


def test_events_appended_are_read_back_newest_first_with_every_field(db: Path) -> None:
    events = [
        _event(0, "ana"),
        _event(1, "fp-ca", "download", role="focal_point", member_code="CA",
               object_type="incidents", object_id="rrm-incidents.csv", detail="rows=12"),
        _event(2, "ana", "detail_view", object_type="incident", object_id="inc-1"),
    ]  # fmt: skip
    assert append_many(db, events) == 3
    frame = read(db)
    assert frame.columns == [
        "logged_at", "username", "role", "member_code", "action", "object_type", "object_id",
        "detail",
    ]  # fmt: skip
    assert str(frame.schema["logged_at"]) == "Datetime(time_unit='us', time_zone='UTC')"
    rows = frame.to_dicts()
    assert [row["object_id"] for row in rows] == ["inc-1", "rrm-incidents.csv", "view-0"]
    assert rows[1] == {
        "logged_at": START + timedelta(minutes=1),
        "username": "fp-ca",
        "role": "focal_point",
        "member_code": "CA",
        "action": "download",
        "object_type": "incidents",
        "object_id": "rrm-incidents.csv",
        "detail": "rows=12",
    }
    assert count(db) == 3


def test_times_are_stored_as_iso_8601_utc_whatever_zone_they_came_in(db: Path) -> None:
    paris = datetime(2025, 4, 28, 11, 0, tzinfo=UTC).astimezone()
    append_many(db, [AuditEvent("ana", "analyst", None, "sign_in", at=paris)])
    with sqlite3.connect(db) as con:
        (stored,) = con.execute("select logged_at from access_log").fetchone()
    assert stored == "2025-04-28T11:00:00.000000Z"


def test_the_schema_and_its_directory_are_created_on_first_use_in_wal_mode(db: Path) -> None:
    assert not db.parent.exists()
    assert count(db) == 0 and read(db).is_empty()
    with sqlite3.connect(db) as con:
        assert con.execute("pragma journal_mode").fetchone() == ("wal",)
        indexes = {
            row[0] for row in con.execute("select name from sqlite_master where type = 'index'")
        }
    assert {"access_log_logged_at", "access_log_username"} <= indexes


def test_the_database_refuses_to_change_or_delete_a_line(db: Path) -> None:
    append_many(db, [_event(0), _event(1)])
    con = sqlite3.connect(db)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("update access_log set username = 'someone-else'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("delete from access_log")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("delete from access_log where object_id = 'view-0'")
        con.rollback()
    finally:
        con.close()
    assert count(db) == 2
    assert set(read(db)["username"]) == {"ana"}


def test_an_action_outside_the_vocabulary_is_refused(db: Path) -> None:
    with pytest.raises(ValueError, match="action must be one of"):
        _event(0, action="deleted_everything")
    count(db)  # create the schema
    con = sqlite3.connect(db)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(
                "insert into access_log (logged_at, username, role, action)"
                " values ('2025-01-01T00:00:00.000000Z', 'x', 'admin', 'erase')"
            )
    finally:
        con.close()


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        AuditEvent("ana", "analyst", None, "sign_in", at=datetime(2025, 1, 1))


def test_a_batch_is_written_all_or_nothing(db: Path) -> None:
    append_many(db, [_event(0)])
    bad = AuditEvent.__new__(AuditEvent)  # bypasses validation, as a corrupted event would
    object.__setattr__(bad, "at", START)
    for name, value in {"username": None, "role": "analyst", "member_code": None,
                        "action": "page_view", "object_type": None, "object_id": None,
                        "detail": None}.items():  # fmt: skip
        object.__setattr__(bad, name, value)
    with pytest.raises(sqlite3.IntegrityError):
        append_many(db, [_event(1), bad])
    assert count(db) == 1


def test_filters_period_user_actions_and_paging(db: Path) -> None:
    append_many(
        db,
        [_event(minute, "ana" if minute % 2 else "fp-ca", "download" if minute % 3 == 0 else "page_view")
         for minute in range(30)],
    )  # fmt: skip
    since, until = START + timedelta(minutes=10), START + timedelta(minutes=20)
    window = read(db, since=since, until=until)
    times: list[datetime] = window["logged_at"].to_list()
    assert times[-1] == since and times[0] < until
    assert len(window) == count(db, since=since, until=until) == 10
    assert set(read(db, username="fp-ca")["username"]) == {"fp-ca"}
    assert count(db, username=" fp-ca ") == 15
    assert set(read(db, action=["download"])["action"]) == {"download"}
    assert count(db, action="download") == 10
    assert count(db, action=["download", "page_view"]) == 30
    assert count(db, action=[]) == 30
    assert count(db, username="ana", action=["download"]) == 5
    first, second = read(db, limit=7), read(db, limit=7, offset=7)
    assert len(first) == len(second) == 7
    assert first["logged_at"].to_list()[-1] > second["logged_at"].to_list()[0]


@pytest.mark.parametrize("name", ["x' or '1'='1", "ana'; delete from access_log; --", "%", "ana%"])
def test_user_input_is_bound_never_spliced_into_the_sql(db: Path, name: str) -> None:
    append_many(db, [_event(0, "ana"), _event(1, "o'brien")])
    assert count(db, username=name) == 0
    assert count(db, action=[name]) == 0
    assert count(db, username="o'brien") == 1
    assert count(db) == 2


def test_the_audit_database_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RRM_AUDIT_DB", raising=False)
    assert audit_path() == DEFAULT_AUDIT_DB
    monkeypatch.setenv("RRM_AUDIT_DB", str(tmp_path / "elsewhere.sqlite"))
    assert audit_path() == tmp_path / "elsewhere.sqlite"
    assert audit_path(tmp_path / "given.sqlite") == tmp_path / "given.sqlite"
