"""Benchmark warehouses: one demo warehouse per size, built once and kept under artifacts/bench/.

Every size is built with the same seed and the same last day, so runs on different days and
machines measure the same data. A size is rebuilt only when its warehouse is missing.
Run as `python -m rrm_dash.bench.warehouses ROWS OUT` to build one (the bench command does this
in a child process, so the memory the build takes is given back before pages are measured).
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from rrm_dash import PROJECT_DIR
from rrm_dash.bench.sizes import size_label

#: The last day of every benchmark warehouse's data.
BENCH_TODAY = date(2026, 11, 22)
BENCH_DIR = PROJECT_DIR / "artifacts" / "bench"


def warehouse_path(rows: int, root: Path = BENCH_DIR) -> Path:
    """Where the warehouse of `rows` incidents is published: <root>/<size>/rrm.duckdb."""
    return root / size_label(rows) / "rrm.duckdb"


def ensure_warehouse(rows: int, root: Path = BENCH_DIR) -> Path:
    """The published warehouse of `rows` incidents, built first when missing."""
    published = warehouse_path(rows, root)
    if published.exists():
        print(f"  warehouse {size_label(rows)}: using {published}", flush=True)
        return published
    published.parent.mkdir(parents=True, exist_ok=True)
    print(f"  warehouse {size_label(rows)}: building {rows:,} incidents ...", flush=True)
    started = time.perf_counter()
    command = [sys.executable, "-m", "rrm_dash.bench.warehouses", str(rows), str(published)]
    subprocess.run(command, check=True, cwd=PROJECT_DIR)
    print(f"  warehouse {size_label(rows)}: built in {time.perf_counter() - started:.0f} s")
    return published


def build(rows: int, published: Path) -> None:
    """Publish the demo warehouse of `rows` incidents at `published`."""
    from rrm_dash.ingest.demo import publish_demo

    publish_demo(published, incidents=rows, today=BENCH_TODAY)


if __name__ == "__main__":
    build(int(sys.argv[1]), Path(sys.argv[2]))
