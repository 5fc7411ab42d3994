"""The single write path: snapshots are published atomically, and a failure changes nothing."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import duckdb
import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.ingest.load import publish
from rrm_dash.queries.runner import Source, scoped_cursor
from rrm_dash.warehouse.integrity import SnapshotInvalid
from rrm_dash.warehouse.snapshot import (
    KEEP_SNAPSHOTS,
    WarehouseBusy,
    WarehouseMissing,
    live_snapshot,
    snapshots_dir,
    writer_lock,
)
from tests.conftest import insert_incident

ANALYST = Principal("analyst", Role.ANALYST)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _count(published: Path) -> int:
    with scoped_cursor(Source.live(published), ANALYST) as cursor:
        return int(cursor.sql("select count(*) from scoped_incident()").fetchall()[0][0])


def test_a_published_snapshot_is_a_plain_duckdb_file_that_opens_read_only(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, lambda con: insert_incident(con, "a", tlp="GREEN", originator="FR"))
    con = duckdb.connect(str(empty_warehouse), read_only=True)
    assert con.sql("select count(*) from incident").fetchall() == [(1,)]
    con.close()


def test_each_publish_builds_on_the_live_snapshot(empty_warehouse: Path) -> None:
    publish(empty_warehouse, lambda con: insert_incident(con, "a", tlp="GREEN", originator="FR"))
    publish(empty_warehouse, lambda con: insert_incident(con, "b", tlp="GREEN", originator="FR"))
    assert _count(empty_warehouse) == 2


def test_a_failed_change_leaves_the_live_warehouse_byte_for_byte_as_it_was(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, lambda con: insert_incident(con, "a", tlp="GREEN", originator="FR"))
    before_target, before_bytes = (
        live_snapshot(empty_warehouse),
        _digest(live_snapshot(empty_warehouse)),
    )

    def broken(con: duckdb.DuckDBPyConnection) -> None:
        insert_incident(con, "b", tlp="GREEN", originator="FR")
        raise RuntimeError("the import failed half way")

    with pytest.raises(RuntimeError, match="half way"):
        publish(empty_warehouse, broken)
    assert live_snapshot(empty_warehouse) == before_target
    assert _digest(before_target) == before_bytes
    assert not any(p.name.startswith(".building") for p in snapshots_dir(empty_warehouse).iterdir())


def test_a_change_that_breaks_integrity_is_not_published(empty_warehouse: Path) -> None:
    before = live_snapshot(empty_warehouse)

    def orphan(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("insert into incident_country values ('no-such-incident', 'CA', 'targeted')")

    with pytest.raises(SnapshotInvalid, match="incident links without incident"):
        publish(empty_warehouse, orphan)
    assert live_snapshot(empty_warehouse) == before


def test_a_reader_keeps_its_snapshot_while_a_new_one_is_published(empty_warehouse: Path) -> None:
    publish(empty_warehouse, lambda con: insert_incident(con, "a", tlp="GREEN", originator="FR"))
    old = Source.live(empty_warehouse)
    publish(empty_warehouse, lambda con: insert_incident(con, "b", tlp="GREEN", originator="FR"))
    with scoped_cursor(old, ANALYST) as cursor:
        assert cursor.sql("select count(*) from scoped_incident()").fetchall() == [(1,)]
    assert Source.live(empty_warehouse) != old
    assert _count(empty_warehouse) == 2


def test_old_snapshots_are_pruned_but_the_live_one_is_kept(empty_warehouse: Path) -> None:
    for index in range(KEEP_SNAPSHOTS + 2):
        publish(
            empty_warehouse,
            lambda con, i=index: insert_incident(con, f"i{i}", tlp="GREEN", originator="FR"),
        )
    files = list(snapshots_dir(empty_warehouse).glob("*.duckdb"))
    assert len(files) == KEEP_SNAPSHOTS
    assert live_snapshot(empty_warehouse) in files


def test_a_second_writer_waits_then_fails_with_a_clear_message(empty_warehouse: Path) -> None:
    held = threading.Event()
    release = threading.Event()

    def hold_lock() -> None:
        with writer_lock(empty_warehouse, timeout_s=5):
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    held.wait(5)
    try:
        with pytest.raises(WarehouseBusy, match="Another import is publishing"):
            publish(empty_warehouse, lambda con: None, lock_timeout_s=0.5)
    finally:
        release.set()
        holder.join()
    publish(empty_warehouse, lambda con: None)  # and it works once the first has finished


def test_a_missing_warehouse_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(WarehouseMissing, match="python -m rrm_dash demo"):
        Source.live(tmp_path / "nowhere.duckdb")


def test_the_published_path_is_a_relative_link_so_the_folder_can_move(
    empty_warehouse: Path,
) -> None:
    assert empty_warehouse.is_symlink()
    assert not os.path.isabs(os.readlink(empty_warehouse))


def test_the_write_path_prints_no_progress_bar_into_command_output(empty_warehouse: Path) -> None:
    shown: list[bool] = []

    def look(con: duckdb.DuckDBPyConnection) -> None:
        shown.append(con.sql("select current_setting('enable_progress_bar')").fetchall()[0][0])

    publish(empty_warehouse, look)
    assert shown == [False]
