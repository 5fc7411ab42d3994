"""Reading the audit log: admins only; filters by days, user and action; the CSV; the event
builders the app calls."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.audit import (
    AuditEvent,
    detail_view_event,
    download_event,
    import_event,
    page_view_event,
    sign_in_event,
    sign_in_failed_event,
    sign_out_event,
)
from rrm_dash.audit.store import append_many
from rrm_dash.filters import Filters
from rrm_dash.queries import audit

ADMIN = Principal("root-admin", Role.ADMIN)
DAY = date(2025, 4, 28)
NON_ADMINS = [
    Principal("ana", Role.ANALYST),
    Principal("fp-ca", Role.FOCAL_POINT, "CA"),
    Principal("obs-nz", Role.OBSERVER, "NZ"),
    Principal("tf-fr", Role.TASKFORCE, "FR"),
    Principal("boss", Role.LEADERSHIP),
    Principal("root-admin", Role.ADMIN, signed_in=False),
]


def _at(day_offset: int, hour: int) -> datetime:
    return datetime.combine(DAY + timedelta(days=day_offset), datetime.min.time(), UTC).replace(
        hour=hour
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "audit.sqlite"
    events = [
        AuditEvent("ana", "analyst", None, "page_view", "page", "overview", at=_at(-1, 23)),
        AuditEvent("ana", "analyst", None, "download", "incidents", "x.csv", at=_at(0, 0)),
        AuditEvent("fp-ca", "focal_point", "CA", "page_view", "page", "map", at=_at(0, 12)),
        AuditEvent("fp-ca", "focal_point", "CA", "detail_view", "incident", "i1", at=_at(0, 23)),
        AuditEvent("ana", "analyst", None, "sign_out", at=_at(1, 0)),
    ]
    append_many(path, events)
    return path


@pytest.mark.parametrize("principal", NON_ADMINS, ids=lambda p: f"{p.role}-{p.signed_in}")
def test_only_a_signed_in_admin_reads_the_log(db: Path, principal: Principal) -> None:
    assert not audit.may_read_log(principal)
    with pytest.raises(PermissionError, match="admins only"):
        audit.log_count(principal, path=db)
    with pytest.raises(PermissionError):
        audit.log_page(principal, path=db)
    with pytest.raises(PermissionError):
        audit.log_export(principal, path=db)


def test_an_admin_reads_the_whole_log(db: Path) -> None:
    assert audit.may_read_log(ADMIN)
    assert audit.log_count(ADMIN, path=db) == 5
    assert len(audit.log_page(ADMIN, path=db)) == 5


def test_days_are_whole_utc_days_both_ends_included(db: Path) -> None:
    one_day = audit.LogFilter.for_days(DAY, DAY)
    assert audit.log_count(ADMIN, one_day, path=db) == 3
    assert (
        audit.log_count(ADMIN, audit.LogFilter.for_days(DAY - timedelta(days=1), DAY), path=db) == 4
    )
    assert audit.log_count(ADMIN, audit.LogFilter.for_days(None, DAY), path=db) == 4
    assert (
        audit.log_count(ADMIN, audit.LogFilter.for_days(DAY + timedelta(days=1), None), path=db)
        == 1
    )


def test_filtering_by_user_and_action(db: Path) -> None:
    by_user = audit.LogFilter.for_days(None, None, " fp-ca ")
    assert set(audit.log_page(ADMIN, by_user, path=db)["username"]) == {"fp-ca"}
    by_action = audit.LogFilter.for_days(None, None, "", ("page_view", "download"))
    assert sorted(audit.log_page(ADMIN, by_action, path=db)["object_id"]) == [
        "map", "overview", "x.csv",
    ]  # fmt: skip
    both = audit.LogFilter.for_days(DAY, DAY, "fp-ca", ("detail_view",))
    assert audit.log_page(ADMIN, both, path=db)["object_id"].to_list() == ["i1"]


def test_pages_and_the_export_cap(db: Path) -> None:
    assert audit.log_page(ADMIN, page=2, size=2, path=db)["object_id"].to_list() == ["map", "x.csv"]
    assert len(audit.log_export(ADMIN, limit=3, path=db)) == 3
    assert audit.PAGE_SIZE == 100 and audit.EXPORT_LIMIT == 50_000


def test_the_csv_keeps_codes_and_iso_utc_times(db: Path) -> None:
    text = audit.log_csv(audit.log_export(ADMIN, path=db))
    lines = text.removeprefix("\ufeff").splitlines()
    assert text.startswith("\ufeff")
    assert lines[0] == "logged_at,username,role,member_code,action,object_type,object_id,detail"
    assert lines[1] == "2025-04-29T00:00:00.000000Z,ana,analyst,,sign_out,,,"
    assert len(lines) == 6


def test_the_event_builders_say_who_did_what() -> None:
    fp = Principal("fp-ca", Role.FOCAL_POINT, "CA")
    today = date(2025, 6, 1)
    ctx = SimpleNamespace(
        principal=fp.with_ceiling("GREEN"),
        filters=Filters.default(today).with_changes(members=("CA", "FR")),
        today=today,
    )
    view = page_view_event(ctx, "map")
    assert (view.username, view.role, view.member_code, view.action) == (
        "fp-ca", "focal_point", "CA", "page_view",
    )  # fmt: skip
    assert (view.object_type, view.object_id) == ("page", "map")
    assert view.detail == "member=CA,FR&ceiling=GREEN"
    assert view.at.tzinfo is UTC and abs(datetime.now(UTC) - view.at) < timedelta(minutes=1)
    plain = SimpleNamespace(principal=fp, filters=Filters.default(today), today=today)
    assert page_view_event(plain, "overview").detail is None

    assert detail_view_event(fp, "incident", "inc-7").object_id == "inc-7"
    download = download_event(fp, "incidents", "rrm-incidents.csv", rows=12)
    assert (download.action, download.object_type, download.detail) == (
        "download", "incidents", "rows=12",
    )  # fmt: skip
    assert import_event(ADMIN, "feed.json", "stix", "12 incidents").action == "import"
    assert sign_in_event(fp).action == "sign_in"
    assert sign_out_event(fp).action == "sign_out"
    failed = sign_in_failed_event("  mallory  ", "bad password")
    assert (failed.username, failed.role, failed.member_code, failed.action) == (
        "mallory", "unknown", None, "sign_in_failed",
    )  # fmt: skip
    assert sign_in_failed_event("").username == "(empty)"
