"""The benchmark's numbers turned into what people read: percentiles, ratios, the machine, and
the Markdown tables written between the markers of docs/benchmarks.md."""

from __future__ import annotations

import math
import os
import platform
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from rrm_dash.bench.scenarios import FILTERS, PAGES

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
MISSING = "—"
#: Page targets of the issue: (label, result field, limit, smallest size it applies to).
PAGE_TARGETS = (
    ("warm p50", "warm_p50_ms", 150.0, 1_000_000),
    ("warm p90", "warm_p90_ms", 250.0, 1_000_000),
    ("cold", "cold_s", 3.0, 1_000_000),
    ("new session", "new_session_s", 3.0, 1_000_000),
    ("KB sent", "bytes_per_run", 500 * 1024.0, 0),
    ("largest element", "largest_element_bytes", 5 * 1024 * 1024.0, 0),
)
SEARCH_LIMIT_MS = {1_000_000: 100.0, 10_000_000: 300.0}
CHANGE_LIMIT_MS = {1_000_000: 300.0, 10_000_000: 500.0}
SLOWEST_QUERIES = 10


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) by linear interpolation between ranks; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def ratio(naive: float | None, lean: float | None) -> float | None:
    """How many times `naive` is `lean` (None unless both are positive numbers)."""
    if naive is None or lean is None or naive <= 0 or lean <= 0:
        return None
    return naive / lean


def _limit(limits: Mapping[int, float], rows: int) -> float | None:
    applicable = [size for size in limits if rows >= size]
    return limits[max(applicable)] if applicable else None


def target_misses(rows: int, lean: Mapping[str, Any]) -> list[str]:
    """The issue's page targets that this measurement misses (only those that apply at `rows`)."""
    misses = [
        label
        for label, field, limit, smallest in PAGE_TARGETS
        if rows >= smallest and isinstance(lean.get(field), int | float) and lean[field] > limit
    ]
    for label, field, limits in (
        ("filter change", "filter_change_p50_ms", CHANGE_LIMIT_MS),
        ("search", "search_p50_ms", SEARCH_LIMIT_MS),
    ):
        limit = _limit(limits, rows)
        value = lean.get(field)
        if limit is not None and isinstance(value, int | float) and value > limit:
            misses.append(label)
    return misses


def figure(value: Any, digits: int = 0) -> str:
    """`value` with thousands separators and `digits` decimals; a dash when there is none."""
    if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
        return MISSING
    return f"{value + 0.0 if round(value, digits) else 0.0:,.{digits}f}"


def kilobytes(value: Any) -> str:
    """Bytes as kilobytes with one decimal; a dash when there are none."""
    return figure(value / 1024, 1) if isinstance(value, int | float) else MISSING


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def page_table(pages: Sequence[Mapping[str, Any]]) -> list[str]:
    """One row per size × page × filter: the lean page, its naive baseline and their ratios."""
    header = (
        "Size", "Page", "Filter", "Cold s", "New session s", "Warm p50 ms", "Warm p90 ms", "Filter change ms",
        "Search ms", "KB sent", "Largest KB", "Peak MB", "Naive warm ms", "Speed-up ×",
        "Memory ratio", "Targets missed",
    )  # fmt: skip
    rows = []
    for entry in pages:
        lean: Mapping[str, Any] = entry.get("lean") or {}
        naive: Mapping[str, Any] = entry.get("naive") or {}
        misses = target_misses(int(entry.get("rows") or 0), lean) if lean else ["not measured"]
        rows.append(
            (
                entry["size"],
                entry["page"],
                entry["filter"],
                figure(lean.get("cold_s"), 2),
                figure(lean.get("new_session_s"), 2),
                figure(lean.get("warm_p50_ms")),
                figure(lean.get("warm_p90_ms")),
                figure(lean.get("filter_change_p50_ms")),
                figure(lean.get("search_p50_ms")),
                kilobytes(lean.get("bytes_per_run")),
                kilobytes(lean.get("largest_element_bytes")),
                figure(lean.get("peak_rss_mb")),
                figure(naive.get("warm_p50_ms")),
                figure(ratio(naive.get("warm_p50_ms"), lean.get("warm_p50_ms")), 1),
                figure(ratio(naive.get("peak_rss_mb"), lean.get("peak_rss_mb")), 1),
                ", ".join(misses) or "none",
            )
        )
    return _table(header, rows)


def slowest_queries(pages: Sequence[Mapping[str, Any]], limit: int = SLOWEST_QUERIES) -> list[str]:
    """The slowest queries of each size after a filter change (when no earlier result can be
    reused), with their time on warm reruns beside it; each on the page where it was slowest."""
    found: dict[tuple[str, str], tuple[float, str, float | None]] = {}
    for entry in pages:
        lean = entry.get("lean") or {}
        warm = lean.get("queries_warm_ms") or {}
        for name, changed in (lean.get("queries_filter_change_ms") or {}).items():
            key = (entry["size"], name)
            if key not in found or changed > found[key][0]:
                found[key] = (changed, f"{entry['page']} ({entry['filter']})", warm.get(name))
    sizes = list(dict.fromkeys(entry["size"] for entry in pages))
    ranked = sorted(found.items(), key=lambda item: (sizes.index(item[0][0]), -item[1][0]))
    rows, counts = [], dict[str, int]()
    for (size, name), (changed, where, warm) in ranked:
        counts[size] = counts.get(size, 0) + 1
        if counts[size] <= limit:
            rows.append((size, name, where, figure(changed, 1), figure(warm, 1)))
    return _table(("Size", "Query", "Slowest on", "After filter change ms", "Warm ms"), rows)


def _rss_mb(result: Mapping[str, Any], moment: str) -> Any:
    for key, value in result.items():
        if "rss" in key and moment in key and isinstance(value, int | float):
            return value / (1024 * 1024) if key.endswith("bytes") else value
    return None


def concurrency_table(runs: Sequence[Mapping[str, Any]]) -> list[str]:
    """One row per size × sessions × think time, from the concurrency benchmark."""
    header = (
        "Size", "Sessions", "Think s", "Runs/s", "p50 ms", "p95 ms", "Errors", "KB/run",
        "Server RSS before MB", "Server RSS after MB", "MB per session",
    )  # fmt: skip
    rows = []
    for run in runs:
        result: Mapping[str, Any] = run.get("result") or {}
        rows.append(
            (
                run["size"],
                str(run["sessions"]),
                figure(run.get("think_s"), 0),
                figure(result.get("runs_per_s"), 1),
                figure(result.get("p50_ms")),
                figure(result.get("p95_ms")),
                figure(result.get("errors")),
                kilobytes(result.get("bytes_per_run")),
                figure(_rss_mb(result, "before")),
                figure(_rss_mb(result, "after")),
                figure(_rss_mb(result, "per_session"), 1),
            )
        )
    return _table(header, rows)


def import_table(imports: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every figure the import benchmark reported, one row per run."""
    names = [
        name
        for name in dict.fromkeys(name for run in imports for name in run.get("result", {}))
        if name != "rows"
    ]
    rows = [
        (figure(run["rows"]), *(figure(run["result"].get(name), 1) for name in names))
        for run in imports
    ]
    return _table(("Rows", *names), rows)


def soak_table(soaks: Sequence[Mapping[str, Any]]) -> list[str]:
    """Server memory while sessions came and went, one row per size."""
    rows = []
    for soak in soaks:
        result = soak.get("result", {})
        megabytes = [
            figure(_megabytes(result.get(f"rss_{name}_bytes")), 0)
            for name in ("first", "last", "max")
        ]
        rows.append(
            (
                soak["size"],
                figure(soak.get("duration_s", 0) / 60, 1),
                figure(soak.get("sessions")),
                figure(result.get("sessions_opened")),
                figure(result.get("runs")),
                figure(result.get("errors")),
                figure(result.get("p50_ms")),
                figure(result.get("p95_ms")),
                *megabytes,
                figure(_megabytes(result.get("rss_growth_bytes")), 1),
            )
        )
    header = (
        "Size", "Minutes", "Sessions at a time", "Sessions opened", "Runs", "Errors",
        "p50 ms", "p95 ms", "RSS first MB", "RSS last MB", "RSS max MB", "Growth MB",
    )  # fmt: skip
    return _table(header, rows)


def _megabytes(value: Any) -> float | None:
    return None if value is None else float(value) / 2**20


def machine() -> dict[str, str]:
    """The machine and the versions the numbers were measured with."""
    cpu, ram = MISSING, MISSING
    cpuinfo, meminfo = Path("/proc/cpuinfo"), Path("/proc/meminfo")
    if cpuinfo.exists():
        models = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = f"{models[0] if models else 'unknown CPU'} × {len(models) or os.cpu_count()}"
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split("MemTotal:", 1)[1].split()[0])
        ram = f"{total_kb / 1024 / 1024:.1f} GB"
    versions = {name: _version(name) for name in ("duckdb", "streamlit", "polars", "pandas")}
    return {
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        **versions,
        "os": platform.platform(),
        "load": f"{os.getloadavg()[0]:.1f} (1-minute load average when the run started)",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return MISSING


def _in_order(entries: Sequence[Mapping[str, Any]], *keys: str) -> list[Mapping[str, Any]]:
    """Entries by size, then pages in menu order and filters as defined, then `keys`."""

    def rank(entry: Mapping[str, Any]) -> tuple[Any, ...]:
        page, filter_name = entry.get("page"), entry.get("filter")
        return (
            int(entry.get("rows") or 0),
            PAGES.index(page) if page in PAGES else len(PAGES),
            FILTERS.index(filter_name) if filter_name in FILTERS else len(FILTERS),
            *(entry.get(key) or 0 for key in keys),
        )

    return sorted(entries, key=rank)


def render(results: Mapping[str, Any]) -> str:
    """The generated part of docs/benchmarks.md: machine, pages, queries, sessions, imports."""
    pages = _in_order(results.get("pages") or [])
    described = results.get("machine") or {}
    settings = results.get("settings") or {}
    lines = ["_Generated by `python -m rrm_dash bench`; do not edit between the markers._", ""]
    lines += ["### Machine", ""]
    lines += [f"- **{name}**: {value}" for name, value in described.items()]
    if settings:
        lines += [f"- **settings**: {', '.join(f'{k}={v}' for k, v in settings.items())}"]
    lines += ["", "### Pages", ""]
    lines += page_table(pages)
    lines += ["", "### Slowest queries (median ms per page run)", ""]
    lines += slowest_queries(pages)
    for title, key, builder in (
        ("Concurrent sessions (one server process)", "concurrency", concurrency_table),
        ("Bulk import", "imports", import_table),
        ("Soak: sessions coming and going (one server process)", "soak", soak_table),
    ):
        lines += ["", f"### {title}", ""]
        entries = _in_order(results.get(key) or [], "think_s", "sessions")
        lines += builder(entries) if entries else ["_Not measured in this run._"]
    notes = results.get("notes") or []
    if notes:
        lines += ["", "### Notes", ""] + [f"- {note}" for note in notes]
    return "\n".join(lines)


def rewrite_between_markers(document: str, generated: str) -> str:
    """`document` with what lies between the bench markers replaced by `generated` (the
    markers and the block are appended when the document has none)."""
    block = f"{START}\n{generated}\n{END}"
    if START in document and END in document.split(START, 1)[1]:
        before, rest = document.split(START, 1)
        return before + block + rest.split(END, 1)[1]
    return document.rstrip("\n") + "\n\n" + block + "\n"
