"""How fast a large CSV incident file is checked and imported, through the real import path.

`measure_import(rows, workdir)` builds a small demo warehouse in `workdir`, writes a valid CSV
of `rows` synthetic incidents in the import template (every column filled in some rows,
every list column with one or two items, ids of the warehouse's actors, narratives and
elections), then times a dry run (check only) and an import into the warehouse with
`rrm_dash.ingest.run.import_files`. Run as `python -m rrm_dash.bench.imports ROWS WORKDIR
[--no-derive]`.

Every publish also rebuilds the derived read tables and runs the integrity rules: the import's
time is reported with and without the derive step (timed apart), and the integrity checks'
share. `--no-derive` leaves the derive step out of the publish altogether (to measure the
import alone while the derive step is being changed).
"""

# ruff: noqa: S608 (the statements are built from this module's own constants)
from __future__ import annotations

import contextlib
import json
import resource
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import duckdb

from rrm_dash.access import Principal, Role
from rrm_dash.ingest import load
from rrm_dash.ingest.csv_template import COLUMNS
from rrm_dash.ingest.demo import publish_demo
from rrm_dash.ingest.run import ImportFile, ImportResult, import_files
from rrm_dash.warehouse import snapshot
from rrm_dash.warehouse.snapshot import live_snapshot

DEMO_TODAY = date(2026, 11, 1)
DEMO_INCIDENTS = 300
IMPORTER = Principal("bench-importer", Role.ADMIN)

#: Lists of the warehouse's codes and ids the synthetic rows pick from (by row number).
_PICKS = {
    "threats": "select list(code order by code) from wh.vocabulary where vocabulary = 'threat_type'",
    "parents": "select list(parent order by code) from wh.vocabulary where vocabulary = 'threat_type'",
    "members": "select list(member_code order by member_code) from wh.member",
    "countries": "select list(country_code order by country_code) from wh.country",
    "techniques": "select list(disarm_id order by disarm_id) from wh.disarm_technique where not retired",
    "actors": "select list(actor_id order by actor_id) from wh.actor",
    "narratives": "select list(narrative_id order by narrative_id) from wh.narrative",
    "elections": "select list(election_id order by election_id) from wh.election",
    **{
        name: f"select list(code order by code) from wh.vocabulary where vocabulary = '{name}'"
        for name in (
            "tnr_vector",
            "attribution_status",
            "likelihood",
            "analytic_confidence",
            "source_reliability",
            "info_credibility",
            "content_origin",
            "election_phase",
            "gender_dimension",
            "incident_status",
            "pap",
            "platform",
        )
    },
}


def _pick(values: str, step: int, offset: int = 0) -> str:
    """SQL for an item of list `values` chosen by row number i."""
    return f"{values}[1 + (i * {step} + {offset}) % len({values})]"


def _one_or_two(values: str, step: int, other: int) -> str:
    """SQL for a list cell of one item, or two on even rows (the second may repeat the first)."""
    second = f"'; ' || {_pick(values, other, 1)}"
    return f"{_pick(values, step)} || case when i % 2 = 0 then {second} else '' end"


def _cell(sql: str, when: str | None = None) -> str:
    return sql if when is None else f"case when {when} then {sql} end"


#: Each template column of a synthetic row i (the picks above are in scope); null is empty.
_CELLS = {
    "incident_id": "printf('BULK-%07d', i)",
    "title": "'Synthetic bulk incident ' || i || ', for the import benchmark'",
    "summary": _cell(
        "'(Synthetic) Row ' || i || ' of a generated file; nothing happened.'", "i % 3 > 0"
    ),
    "first_activity": "strftime(d, '%Y-%m-%d')",
    "last_activity": "strftime(d + 5, '%Y-%m-%d')",
    "detected_at": "strftime(d + 1 + to_minutes(i % 1440), '%Y-%m-%dT%H:%M:%S')",
    "assessed_at": _cell("strftime(d + 3, '%Y-%m-%dT%H:%M:%S')", "i % 2 = 0"),
    "notified_at": _cell("strftime(d + 4, '%Y-%m-%dT%H:%M:%SZ')", "i % 5 = 0"),
    "published_at": _cell("strftime(d + 6, '%Y-%m-%d')", "i % 7 = 0"),
    "heading": _pick("parents", 5),
    "threat_type": _pick("threats", 5),
    "tnr_vector": _cell(_pick("tnr_vector", 1), f"{_pick('parents', 5)} = 'HRF'"),
    "attribution_status": _pick("attribution_status", 3),
    "likelihood": _pick("likelihood", 5),
    "analytic_confidence": _pick("analytic_confidence", 1),
    "source_reliability": _pick("source_reliability", 11),
    "info_credibility": _pick("info_credibility", 13),
    "breakout_scale": _cell("(1 + i % 6)::varchar", "i % 4 > 0"),
    "reach_estimate": "(i * 37 % 100000)::varchar",
    "content_origin": _pick("content_origin", 1),
    "election_id": _cell(_pick("elections", 1), "i % 10 = 0"),
    "election_phase": _cell(_pick("election_phase", 1), "i % 10 = 0"),
    "gender_dimension": _pick("gender_dimension", 17),
    "status": _pick("incident_status", 19),
    "tlp": "['CLEAR', 'TLP:GREEN', 'AMBER', 'amber+strict'][1 + i % 4]",
    "pap": _pick("pap", 1),
    "originator_member": _pick("members", 23),
    "releasable_to": _cell(_one_or_two("members", 29, 31), "i % 4 > 0"),
    "chatham_house": "case when i % 9 = 0 then 'yes' else 'false' end",
    "targeted_countries": _one_or_two("countries", 37, 41),
    "origin_countries": _cell(_pick("countries", 43), "i % 3 = 0"),
    "techniques": _one_or_two("techniques", 47, 53),
    "actors": _cell(_pick("actors", 1), "i % 3 > 0"),
    "platforms": _one_or_two("platform", 59, 61),
    "narratives": _cell(_pick("narratives", 1), "i % 3 > 0"),
    "source_urls": "'https://example.org/bulk/' || i",
}


def write_incident_csv(published: Path, rows: int, path: Path) -> Path:
    """A valid CSV of `rows` synthetic incidents (ids BULK-0000000...) for warehouse `published`."""
    assert set(_CELLS) == {column.name for column in COLUMNS}
    con = duckdb.connect()
    try:
        con.execute(f"attach '{live_snapshot(published)}' as wh (read_only)")
        picks = ", ".join(f"({sql}) as {name}" for name, sql in _PICKS.items())
        con.execute(f"create temp table picks as select {picks}")
        cells = ", ".join(f"{sql} as {name}" for name, sql in _CELLS.items())
        con.execute(
            f"copy (select {cells} from range({int(rows)}) r(i), picks, "
            "lateral (select date '2020-01-01' + (i % 2000)::int as d)) "
            f"to '{path}' (header, quote '\"')"
        )
    finally:
        con.close()
    return path


def measure_import(rows: int, workdir: Path, *, derive: bool = True) -> dict[str, float]:
    """Check (dry run) then import a CSV of `rows` incidents into a fresh demo warehouse in
    `workdir`: rows, seconds and rows_per_s of the import (derive_seconds of it rebuilding
    the derived tables, unless not `derive`; integrity_seconds checking the snapshot),
    check_seconds and check_rows_per_s of the dry run, cpu seconds of each, and the
    process's peak memory."""
    workdir.mkdir(parents=True, exist_ok=True)
    published = workdir / "warehouse" / "rrm.duckdb"
    publish_demo(published, incidents=DEMO_INCIDENTS, today=DEMO_TODAY)
    csv_file = write_incident_csv(published, rows, workdir / f"incidents-{rows}.csv")
    files = [ImportFile(csv_file.name, csv_file.read_bytes())]
    check_seconds, check_cpu, checked = _timed(
        lambda: import_files(published, files, principal=IMPORTER, dry_run=True)
    )
    spent: dict[str, float] = {}
    with (
        _stopwatch(snapshot, "refresh_derived", spent, skip=not derive),
        _stopwatch(load, "validate_snapshot", spent),
    ):
        seconds, cpu, imported = _timed(lambda: import_files(published, files, principal=IMPORTER))
    for result in (checked, imported):
        counts = result.reports[0].counts()
        if result.rejected or counts["added"] != rows:
            raise RuntimeError(f"the benchmark file did not import cleanly: {counts}")
    derive_seconds = spent.get("refresh_derived", 0.0)
    return {
        "rows": float(rows),
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "cpu_seconds": cpu,
        "derive_seconds": derive_seconds,
        "rows_per_s_without_derive": rows / (seconds - derive_seconds),
        "integrity_seconds": spent.get("validate_snapshot", 0.0),
        "check_seconds": check_seconds,
        "check_rows_per_s": rows / check_seconds,
        "check_cpu_seconds": check_cpu,
        "file_mb": csv_file.stat().st_size / 1e6,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


@contextlib.contextmanager
def _stopwatch(
    module: ModuleType, name: str, spent: dict[str, float], *, skip: bool = False
) -> Iterator[None]:
    """While in the block, `module.name` (a step of the publish) adds its wall time to
    `spent[name]`, or is left out when `skip`."""
    step: Callable[..., object] = getattr(module, name)

    def timed(*args: object, **kwargs: object) -> object:
        if skip:
            return None
        started = time.perf_counter()
        try:
            return step(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

    setattr(module, name, timed)
    try:
        yield
    finally:
        setattr(module, name, step)


def _timed(run: object) -> tuple[float, float, ImportResult]:
    assert callable(run)
    started, cpu = time.perf_counter(), time.process_time()
    result = run()
    assert isinstance(result, ImportResult)
    return time.perf_counter() - started, time.process_time() - cpu, result


if __name__ == "__main__":
    derive = "--no-derive" not in sys.argv[3:]
    print(json.dumps(measure_import(int(sys.argv[1]), Path(sys.argv[2]), derive=derive), indent=2))
