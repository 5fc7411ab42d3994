"""The single write path's mechanics: build the next snapshot beside the live one, publish atomically.

The published warehouse path (e.g. data/warehouse/rrm.duckdb) is a symbolic link to one
immutable snapshot file in a sibling folder (rrm.snapshots/). A writer copies the live snapshot,
changes the copy, checks it, then swaps the link with one atomic rename. Readers that opened
the old file keep reading it; a failed or killed writer leaves the link and the live file
untouched. A lock file serialises writers.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from rrm_dash.warehouse.derive import refresh_derived
from rrm_dash.warehouse.migrate import apply_migrations

KEEP_SNAPSHOTS = 3
_BUILDING_PREFIX = ".building-"


class WarehouseError(Exception):
    """A problem with the warehouse that the user can act on; the message says what to do."""


class WarehouseBusy(WarehouseError):
    """Another process is publishing a snapshot of the same warehouse."""


class WarehouseMissing(WarehouseError):
    """No snapshot has been published at that path yet."""


def snapshots_dir(published: Path) -> Path:
    return published.parent / f"{published.stem}.snapshots"


def lock_path(published: Path) -> Path:
    return published.parent / f"{published.stem}.lock"


def live_snapshot(published: Path) -> Path:
    """The immutable file the published path currently points at."""
    if not published.exists():
        raise WarehouseMissing(
            f"No warehouse at {published}. Build one with `python -m rrm_dash demo --out {published}`."
        )
    return published.resolve(strict=True)


@contextlib.contextmanager
def writer_lock(published: Path, timeout_s: float) -> Iterator[None]:
    """Hold the warehouse's writer lock, waiting up to `timeout_s` for another writer to finish."""
    published.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(published), "a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"Another import is publishing to {published} and did not finish within "
                        f"{timeout_s:.0f} s. Try again when it has finished."
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


Validator = Callable[[duckdb.DuckDBPyConnection], None]


@contextlib.contextmanager
def next_snapshot(
    published: Path,
    *,
    validate: Validator | None = None,
    lock_timeout_s: float = 600.0,
    start_empty: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a writable connection to the next snapshot; publish it when the block succeeds.

    The next snapshot starts as a copy of the live one (or empty, for a first build or when
    `start_empty`), with the schema brought up to date. If the block or `validate` raises,
    the copy is deleted and the live warehouse is as it was, byte for byte.
    """
    published = published.absolute()
    with writer_lock(published, lock_timeout_s):
        folder = snapshots_dir(published)
        folder.mkdir(parents=True, exist_ok=True)
        _remove_abandoned_builds(folder)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        final = folder / f"{published.stem}-{stamp}-{os.getpid()}.duckdb"
        building = folder / f"{_BUILDING_PREFIX}{final.name}"
        if published.exists() and not start_empty:
            shutil.copyfile(live_snapshot(published), building)
        # No progress bar: a long statement (a derived table's first build) would otherwise
        # print one into the output of serve, cluster and the import commands.
        con = duckdb.connect(str(building))
        try:
            con.execute("set enable_progress_bar = false")
            apply_migrations(con)
            yield con
            refresh_derived(con)
            if validate is not None:
                validate(con)
            con.execute("checkpoint")
            con.close()
        except BaseException:
            con.close()
            _remove(building)
            raise
        _fsync(building)
        os.replace(building, final)
        _point_link(published, final)
        _remove_old_snapshots(folder, keep=final)


def _point_link(published: Path, target: Path) -> None:
    """Atomically make `published` a relative link to `target` (rename is atomic on POSIX)."""
    temporary = published.parent / f".{published.name}.{os.getpid()}.link"
    _remove(temporary)
    os.symlink(os.path.relpath(target, published.parent), temporary)
    os.replace(temporary, published)
    _fsync_dir(published.parent)


def _remove_old_snapshots(folder: Path, keep: Path) -> None:
    """Keep the newest few snapshots (readers may still hold an older one open: POSIX allows it)."""
    snapshots = sorted(
        (p for p in folder.glob("*.duckdb") if not p.name.startswith(_BUILDING_PREFIX)),
        key=lambda p: p.name,
    )
    for old in snapshots[:-KEEP_SNAPSHOTS]:
        if old != keep:
            _remove(old)


def _remove_abandoned_builds(folder: Path) -> None:
    """A build left by a killed writer is garbage: we hold the lock, so nobody else is building."""
    for leftover in folder.glob(f"{_BUILDING_PREFIX}*"):
        _remove(leftover)


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
