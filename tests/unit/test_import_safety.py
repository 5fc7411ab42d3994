"""An import never loses or damages data: readers keep working, a killed import changes nothing,
and two imports at once both land (or the second fails cleanly)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from rrm_dash import PROJECT_DIR, audit
from rrm_dash.access import Principal, Role, demo_principal
from rrm_dash.audit import store
from rrm_dash.filters import Filters
from rrm_dash.ingest.run import ImportFailed, ImportFile, import_files
from rrm_dash.ingest.write import write_entities
from rrm_dash.queries.incidents import incident_count
from rrm_dash.queries.runner import Source
from rrm_dash.warehouse.snapshot import WarehouseBusy, live_snapshot, lock_path, writer_lock
from tests.unit.test_ingest_command import (
    EXAMPLE,
    EXAMPLE_IDS,
    copy_warehouse,
    incident_rows,
    leftover_builds,
    many_rows,
    publish_demo_template,
    snapshot_state,
    table,
    write_csv,
)

BIG_ROWS = 5_000
#: Upper bound of any wait: a hang fails the test instead of blocking the run.
TIMEOUT_S = 120.0
ANALYST = Principal("safety-analyst", Role.ANALYST)
#: Between two reads of the reader thread (a busy loop would only slow the import down).
PAUSE_S = 0.02


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish_demo_template(tmp_path_factory.mktemp("safety-demo"))


@pytest.fixture
def warehouse(demo_template: Path, tmp_path: Path) -> Path:
    return copy_warehouse(demo_template, tmp_path / "warehouse")


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """5,000 valid incidents (ids BIG-00000...), all visible to the demo analyst."""
    return write_csv(tmp_path_factory.mktemp("big") / "big.csv", many_rows(BIG_ROWS, "BIG"))


def visible_incidents(source: Source) -> int:
    return incident_count(source, demo_principal(), Filters())


def start_ingest(published: Path, csv_file: Path, log: Path) -> subprocess.Popen[bytes]:
    """`python -m rrm_dash ingest` in its own process; its progress lines go to `log`."""
    with open(log, "wb") as stderr:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rrm_dash",
                "ingest",
                str(csv_file),
                "--warehouse",
                str(published),
            ],
            cwd=PROJECT_DIR,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )


def wait_for(condition: Callable[[], bool], what: str, timeout_s: float = TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(0.01)


def finish(process: subprocess.Popen[bytes]) -> int:
    try:
        return process.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail("the import process did not finish in time")


def waits_on_lock(process: subprocess.Popen[bytes], published: Path) -> bool:
    """Whether `process` has opened the warehouse's lock file (it then polls for the lock).
    Where /proc is missing, a pause stands in for it."""
    if process.poll() is not None:
        return True
    fds = Path(f"/proc/{process.pid}/fd")
    if not Path("/proc/self/fd").is_dir():
        time.sleep(3)
        return True
    with contextlib.suppress(OSError):
        return any(fd.resolve() == lock_path(published.absolute()) for fd in fds.iterdir())
    return False


class Reader(threading.Thread):
    """Counts the incidents the demo analyst sees, over and over, on whatever is published."""

    def __init__(self, published: Path) -> None:
        super().__init__(daemon=True)
        self.published = published
        self.stop = threading.Event()
        self.counts: list[int] = []
        self.during_build = 0
        self.errors: list[BaseException] = []

    def run(self) -> None:
        while not self.stop.wait(PAUSE_S):
            try:
                building = bool(leftover_builds(self.published))
                self.counts.append(visible_incidents(Source.live(self.published)))
                if building and leftover_builds(self.published):
                    self.during_build += 1
            except BaseException as error:  # any failure of a reader is what this test catches
                self.errors.append(error)
                return


# --- readers during an import -----------------------------------------------------------------


@pytest.mark.parametrize("where", ["in_process", "subprocess"])
def test_a_reader_keeps_querying_during_an_import_and_sees_only_before_or_after(
    where: str, warehouse: Path, big_csv: Path, tmp_path: Path
) -> None:
    old_source = Source.live(warehouse)
    before = visible_incidents(old_source)
    reader = Reader(warehouse)
    reader.start()
    try:
        wait_for(lambda: len(reader.counts) >= 3 or bool(reader.errors), "the first reads")
        if where == "in_process":  # the Import page: same process as the readers
            result = import_files(
                warehouse, [ImportFile(big_csv.name, big_csv.read_bytes())], principal=ANALYST
            )
            assert result.written and not result.rejected
        else:  # the command line beside a running app
            assert finish(start_ingest(warehouse, big_csv, tmp_path / "ingest.log")) == 0
        reads_at_publish = len(reader.counts)
        wait_for(
            lambda: len(reader.counts) >= reads_at_publish + 3 or bool(reader.errors),
            "reads after the publish",
        )
    finally:
        reader.stop.set()
        reader.join(timeout=TIMEOUT_S)
    assert not reader.is_alive()

    assert reader.errors == []
    after = before + BIG_ROWS
    assert visible_incidents(Source.live(warehouse)) == after
    assert set(reader.counts) <= {before, after}
    assert reader.counts[0] == before and reader.counts[-1] == after
    flips = sum(1 for a, b in zip(reader.counts, reader.counts[1:], strict=False) if a != b)
    assert flips == 1, "once the new snapshot is seen, the old one is never seen again"
    assert reader.during_build > 0, "no read happened while the import was building"
    assert visible_incidents(old_source) == before  # a reader on the old snapshot keeps it


# --- a killed import --------------------------------------------------------------------------


def test_an_import_killed_midway_leaves_the_live_warehouse_byte_for_byte_as_before(
    warehouse: Path, big_csv: Path, tmp_path: Path
) -> None:
    state = snapshot_state(warehouse)
    log = tmp_path / "ingest.log"
    process = start_ingest(warehouse, big_csv, log)
    try:
        wait_for(
            lambda: (
                process.poll() is not None
                or ("Writing big.csv" in log.read_text() and bool(leftover_builds(warehouse)))
            ),
            "the import to start writing",
        )
        assert process.poll() is None, "the import finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        code = finish(process)
    assert code == -signal.SIGKILL

    assert snapshot_state(warehouse) == state  # same link target, same bytes
    assert leftover_builds(warehouse), "the killed import's half-built snapshot is left behind"
    assert incident_rows(warehouse, ["BIG-00000"]).is_empty()

    # The lock died with the process: the next import publishes at once and clears the leftover.
    result = import_files(
        warehouse,
        [ImportFile(EXAMPLE.name, EXAMPLE.read_bytes())],
        principal=ANALYST,
        lock_timeout_s=5,
    )
    assert result.written
    assert leftover_builds(warehouse) == []
    assert incident_rows(warehouse, EXAMPLE_IDS)["incident_id"].to_list() == EXAMPLE_IDS
    assert incident_rows(warehouse, ["BIG-00000"]).is_empty()
    assert live_snapshot(warehouse) != state[0]


# --- two imports at once ----------------------------------------------------------------------


def test_two_imports_at_once_both_land_one_after_the_other(warehouse: Path, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "first.csv", many_rows(1_500, "ONE"))
    second = write_csv(tmp_path / "second.csv", many_rows(1_500, "TWO"))
    before = table(warehouse, "select count(*) as n from incident")["n"][0]

    # Both start while a third writer holds the lock, so both are waiting when it is released.
    with writer_lock(warehouse.absolute(), timeout_s=5):
        processes = [
            start_ingest(warehouse, first, tmp_path / "first.log"),
            start_ingest(warehouse, second, tmp_path / "second.log"),
        ]
        wait_for(
            lambda: all(waits_on_lock(process, warehouse) for process in processes),
            "both imports at the lock",
        )
    codes = [finish(process) for process in processes]

    assert codes == [0, 0], [(tmp_path / f"{n}.log").read_text() for n in ("first", "second")]
    assert table(warehouse, "select count(*) as n from incident")["n"][0] == before + 3_000
    ids = set(incident_rows(warehouse)["incident_id"].to_list())
    assert {"ONE-00000", "ONE-01499", "TWO-00000", "TWO-01499"} <= ids
    history = table(warehouse, "select file_name, added from import_history order by file_name")
    assert history.rows() == [("first.csv", 1_500), ("second.csv", 1_500)]
    assert leftover_builds(warehouse) == []


def test_an_import_that_cannot_get_the_lock_in_time_fails_clearly_and_writes_nothing(
    warehouse: Path,
) -> None:
    state = snapshot_state(warehouse)

    with writer_lock(warehouse.absolute(), timeout_s=5):
        started = time.monotonic()
        with pytest.raises(WarehouseBusy, match="Another import is publishing") as raised:
            import_files(
                warehouse,
                [ImportFile(EXAMPLE.name, EXAMPLE.read_bytes())],
                principal=ANALYST,
                lock_timeout_s=0.5,
            )
        waited = time.monotonic() - started

    assert 0.5 <= waited < 5
    assert str(warehouse.absolute()) in str(raised.value)
    assert snapshot_state(warehouse) == state
    assert leftover_builds(warehouse) == []
    assert incident_rows(warehouse, EXAMPLE_IDS).is_empty()
    # Once the other writer is done, the same import goes through.
    assert import_files(
        warehouse, [ImportFile(EXAMPLE.name, EXAMPLE.read_bytes())], principal=ANALYST
    ).written


# --- a failure while writing ------------------------------------------------------------------


def test_a_failure_halfway_through_writing_changes_nothing_and_is_audited(
    warehouse: Path, big_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def write_then_fail(con: duckdb.DuckDBPyConnection, *args: Any, **kwargs: Any) -> Any:
        write_entities(con, *args, **kwargs)  # the rows are in the snapshot being built
        raise duckdb.IOException("disk full (simulated)")

    monkeypatch.setattr("rrm_dash.ingest.run.write_entities", write_then_fail)
    state = snapshot_state(warehouse)
    name = "fails-while-writing.csv"

    with pytest.raises(ImportFailed, match=r"nothing was written: .*simulated"):
        import_files(warehouse, [ImportFile(name, big_csv.read_bytes())], principal=ANALYST)

    assert snapshot_state(warehouse) == state
    assert leftover_builds(warehouse) == []
    assert incident_rows(warehouse, ["BIG-00000"]).is_empty()
    audit.flush()
    logged = store.read(audit.audit_path(), action="import").filter(pl.col("object_id") == name)
    assert logged["detail"].to_list()[0].startswith("not written ")
