"""The batched audit writer: record() only queues, a thread writes in batches, failures keep
the events, and what was recorded survives a restart."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.audit import AuditEvent, AuditWriter, event_for, store, writer
from rrm_dash.audit.store import count, read
from tests.conftest import PROJECT_DIR

ANALYST = Principal("ana", Role.ANALYST)
NEVER = 3600.0  # an interval that does not elapse during a test


def _event(number: int) -> AuditEvent:
    return event_for(ANALYST, "page_view", "page", f"view-{number}")


def _wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture(autouse=True)
def _forget_writers() -> Iterator[None]:
    yield
    writer.reset()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "audit" / "audit.sqlite"


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    """Every transaction the store is asked for: (events, thread name)."""
    calls: list[tuple[int, str]] = []
    real = store.append_many

    def spy(path: Path, events: list[AuditEvent]) -> int:
        calls.append((len(events), threading.current_thread().name))
        return real(path, events)

    monkeypatch.setattr(store, "append_many", spy)
    return calls


def test_a_hundred_records_are_one_transaction(db: Path, writes: list[tuple[int, str]]) -> None:
    audit = AuditWriter(db, interval_s=NEVER)
    for number in range(100):
        audit.record(_event(number))
    assert writes == [] and not db.exists()  # record() never touched the database
    assert audit.pending == 100
    assert audit.flush() == 100
    assert audit.flushes == 1 and [size for size, _ in writes] == [100]
    assert count(db) == 100
    assert audit.flush() == 0 and audit.flushes == 1  # nothing queued: no empty transaction


def test_the_thread_flushes_on_its_interval(db: Path, writes: list[tuple[int, str]]) -> None:
    audit = AuditWriter(db, interval_s=0.05)
    for number in range(100):
        audit.record(_event(number))
    _wait_for(lambda: audit.pending == 0 and audit.flushes >= 1)
    assert count(db) == 100
    assert audit.flushes <= 3  # a few batches, not a hundred writes
    assert all(name.startswith("audit-writer") for _, name in writes)


def test_a_full_batch_is_written_without_waiting_for_the_interval(
    db: Path, writes: list[tuple[int, str]]
) -> None:
    audit = AuditWriter(db, interval_s=NEVER, batch_size=200)
    for number in range(199):
        audit.record(_event(number))
    time.sleep(0.2)
    assert writes == []
    audit.record(_event(199))
    _wait_for(lambda: count(db) == 200)
    assert audit.flushes == 1 and writes[0][1].startswith("audit-writer")


def test_record_does_not_wait_for_an_unwritable_database_and_keeps_the_events(
    tmp_path: Path, writes: list[tuple[int, str]], caplog: pytest.LogCaptureFixture
) -> None:
    # A file where the audit directory should be: no process can create the database (a
    # read-only directory would do the same, but not for root, which the CI containers run as).
    blocker = tmp_path / "audit"
    blocker.write_text("not a directory")
    db = blocker / "audit.sqlite"
    audit = AuditWriter(db, interval_s=0.02)
    with caplog.at_level(logging.WARNING, logger="rrm_dash.audit.writer"):
        for number in range(100):
            audit.record(_event(number))  # returns: nothing raised into the page
        assert not any(name == threading.current_thread().name for _, name in writes)
        _wait_for(lambda: audit.failures >= 2)
    assert "not written" in caplog.text and "kept for the next try" in caplog.text
    assert caplog.text.count("not written") == 1  # one warning per outage, not one a second
    assert audit.pending == 100

    audit.close()  # stop the thread, so only our flush below writes
    blocker.unlink()  # the administrator repairs the volume
    assert audit.flush() == 100
    assert audit.pending == 0
    assert sorted(read(db)["object_id"]) == sorted(f"view-{n}" for n in range(100))


def test_records_from_many_threads_are_all_written(db: Path) -> None:
    audit = AuditWriter(db, interval_s=0.01)

    def burst(thread: int) -> None:
        for number in range(500):
            audit.record(_event(thread * 1000 + number))

    threads = [threading.Thread(target=burst, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    audit.close()
    assert count(db) == 4000
    assert read(db)["object_id"].n_unique() == 4000


def test_one_writer_per_audit_database(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RRM_AUDIT_DB", str(db))
    assert writer.writer_for() is writer.writer_for(db)
    assert writer.writer_for(tmp_path / "other.sqlite") is not writer.writer_for()
    writer.record(_event(1))
    writer.record(_event(2), tmp_path / "other.sqlite")
    assert writer.flush() == 2
    assert count(db) == 1 and count(tmp_path / "other.sqlite") == 1


def test_events_survive_a_restart(db: Path) -> None:
    # A first process records and exits without flushing: the atexit hook writes its queue.
    script = (
        "from rrm_dash.access import Principal, Role\n"
        "from rrm_dash.audit import event_for, record\n"
        "for n in range(5):\n"
        "    record(event_for(Principal('first', Role.ADMIN), 'page_view', 'page', str(n)))\n"
    )
    env = {**os.environ, "RRM_AUDIT_DB": str(db)}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, cwd=PROJECT_DIR, timeout=60)
    assert count(db) == 5
    # A new writer on the same database (the restarted app) appends after them.
    restarted = AuditWriter(db, interval_s=NEVER)
    for number in range(3):
        restarted.record(_event(number))
    restarted.close()
    assert count(db) == 8
    assert count(db, username="first") == 5


def test_a_failure_to_queue_never_raises_into_the_page(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(path: object = None) -> AuditWriter:
        raise RuntimeError("settings unreadable")

    monkeypatch.setattr(writer, "writer_for", broken)
    with caplog.at_level(logging.WARNING, logger="rrm_dash.audit.writer"):
        writer.record(_event(1))
    assert "could not queue" in caplog.text and "settings unreadable" in caplog.text
