"""`python -m rrm_dash bench`: every page at each warehouse size against the naive baseline,
then concurrent sessions on one server and bulk import; results to JSON and to the table of
docs/benchmarks.md. Benchmarks are not tests: nothing here passes or fails on a time."""

from __future__ import annotations

import argparse
import importlib
import json
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rrm_dash import PROJECT_DIR
from rrm_dash.bench import report
from rrm_dash.bench.results import Results
from rrm_dash.bench.scenarios import FILTERS, NAIVE_VIEWS, PAGES, SKIPPED
from rrm_dash.bench.sizes import parse_size, parse_sizes, size_label
from rrm_dash.bench.warehouses import BENCH_DIR, ensure_warehouse

DEFAULT_JSON = BENCH_DIR / "results.json"
DEFAULT_DOC = PROJECT_DIR / "docs" / "benchmarks.md"
CHILD_TIMEOUT_S = 3600


def _count(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _sizes(text: str) -> list[int]:
    try:
        return parse_sizes(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _names(allowed: tuple[str, ...]) -> Callable[[str], list[str]]:
    def parse(text: str) -> list[str]:
        names = [name.strip() for name in text.split(",") if name.strip()]
        unknown = [name for name in names if name not in allowed]
        if unknown or not names:
            raise argparse.ArgumentTypeError(f"expected some of {', '.join(allowed)}; got {text!r}")
        return names

    return parse


def _numbers(text: str) -> list[int]:
    return [_count(part) for part in text.split(",") if part.strip()]


def add_bench_parser(commands: Any) -> None:
    """The `bench` command and its options."""
    bench = commands.add_parser(
        "bench", help="measure pages, the naive baseline, concurrent sessions and imports"
    )
    option = bench.add_argument
    option("--sizes", type=_sizes, default=[100_000, 1_000_000], help="default 100k,1m")
    option("--pages", type=_names(PAGES), default=list(PAGES), help="default: every page")
    option("--filters", type=_names(FILTERS), default=list(FILTERS), help="typical,narrow")
    option("--runs", type=_count, default=10, help="warm reruns per page (default 10)")
    option("--changes", type=_count, default=5, help="filter changes per page (default 5)")
    option("--json", type=Path, default=DEFAULT_JSON, help="results file (merged by default)")
    option("--fresh", action="store_true", help="start the results file over")
    option("--doc", type=Path, default=DEFAULT_DOC, help="Markdown file whose table is rewritten")
    option("--no-doc", action="store_true", help="leave the Markdown file alone")
    option("--report-only", action="store_true", help="only rewrite the table from --json")
    option("--skip-pages", action="store_true", help="no page benchmark (sessions, soak only)")
    option("--skip-naive", action="store_true", help="do not measure the naive baseline")
    option("--naive-max-rows", type=_count, default=1_000_000, help="largest size for the naive")
    option("--skip-concurrency", action="store_true", help="no concurrent-session benchmark")
    option("--sessions", type=_numbers, default=[1, 5, 10, 20], help="default 1,5,10,20")
    option("--duration", type=float, default=20.0, help="seconds per session count (20)")
    option("--think", type=float, default=8.0, help="pause between actions, paused users (8)")
    option("--skip-import", action="store_true", help="no bulk-import benchmark")
    option("--import-rows", type=_count, default=1_000_000, help="rows imported (default 1m)")
    option("--soak", type=float, default=0.0, help="seconds of soak per size (600: the target)")


def _child(arguments: list[str]) -> tuple[dict[str, Any] | None, str | None]:
    """Run `python -m rrm_dash.bench.pages ARGS`: its result, or why there is none."""
    from rrm_dash.bench.pages import RESULT_PREFIX  # Streamlit's test runner: only when measuring

    command = [sys.executable, "-m", "rrm_dash.bench.pages", *arguments]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, cwd=PROJECT_DIR, timeout=CHILD_TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        return None, f"gave no result within {CHILD_TIMEOUT_S} s"
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line.removeprefix(RESULT_PREFIX)), None
    tail = [line for line in done.stderr.splitlines() if "ScriptRunContext" not in line][-5:]
    return None, f"exit status {done.returncode}: " + " / ".join(tail)


def _describe(lean: dict[str, Any] | None, naive: dict[str, Any] | None) -> str:
    if lean is None:
        return "no result"
    number = report.figure
    text = (
        f"cold {number(lean.get('cold_s'), 1)} s, warm {number(lean.get('warm_p50_ms'))} ms "
        f"(p90 {number(lean.get('warm_p90_ms'))}), change {number(lean.get('filter_change_p50_ms'))}"
        f" ms, {report.kilobytes(lean.get('bytes_per_run'))} KB, peak {number(lean.get('peak_rss_mb'))} MB"
    )
    if lean.get("search_p50_ms") is not None:
        text += f", search {number(lean.get('search_p50_ms'))} ms"
    if lean.get("exceptions"):
        text += f", {len(lean['exceptions'])} exception(s)"
    if naive:
        speed = report.ratio(naive.get("warm_p50_ms"), lean.get("warm_p50_ms"))
        text += f" | naive warm {number(naive.get('warm_p50_ms'))} ms (×{number(speed, 1)})"
    return text


def _sessions(result: dict[str, float]) -> str:
    figure = report.figure
    rss = [result.get(f"rss_{moment}_bytes") for moment in ("before", "after")]
    memory = " → ".join(figure(value / 2**20) if value else report.MISSING for value in rss)
    return (
        f"{figure(result.get('runs_per_s'), 1)} runs/s, p50 {figure(result.get('p50_ms'))} ms, "
        f"p95 {figure(result.get('p95_ms'))} ms, {figure(result.get('errors'))} errors, "
        f"server {memory} MB"
    )


def measure_pages(
    rows: int, warehouse: Path, args: argparse.Namespace, notes: list[str]
) -> Iterator[dict[str, Any]]:
    """One entry per page × filter at this size, each measured in its own child processes."""
    label = size_label(rows)
    naive_allowed = not args.skip_naive and rows <= args.naive_max_rows
    if not args.skip_naive and not naive_allowed:
        notes.append(f"naive baseline not run at {label}: above --naive-max-rows")
    for page in args.pages:
        for filter_name in args.filters:
            common = ["--warehouse", str(warehouse), "--page", page, "--filter", filter_name]
            common += ["--runs", str(args.runs), "--changes", str(args.changes)]
            lean, lean_error = _child(common)
            naive, naive_error = (None, None)
            if naive_allowed and page in NAIVE_VIEWS:
                naive, naive_error = _child([*common, "--naive"])
            print(f"  [{label}] {page} {filter_name}: {_describe(lean, naive)}", flush=True)
            for what, error in (("page", lean_error), ("naive baseline", naive_error)):
                if error:
                    print(f"    {what} failed: {error}", flush=True)
            yield {
                "size": label,
                "rows": rows,
                "page": page,
                "filter": filter_name,
                "lean": lean,
                "naive": naive,
                "errors": [error for error in (lean_error, naive_error) if error],
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def measure_sessions(
    rows: int, warehouse: Path, args: argparse.Namespace, notes: list[str]
) -> list[dict[str, Any]]:
    """Concurrent sessions against one `streamlit run` server on this size's warehouse."""
    try:  # imported by name: these modules are optional parts of the harness
        measure_concurrency = importlib.import_module("rrm_dash.bench.load").measure_concurrency
        running_server = importlib.import_module("rrm_dash.bench.server").running_server
    except (ImportError, AttributeError) as error:
        print(f"  concurrency: skipped ({error})", flush=True)
        notes.append(f"concurrency not measured: {error}")
        return []
    label, measured = size_label(rows), []
    plan = [(sessions, 0.0) for sessions in args.sessions] + [(max(args.sessions), args.think)]
    try:
        with running_server(warehouse, port=_free_port()) as server:
            for sessions, think_s in plan:
                try:
                    result = measure_concurrency(
                        server.base_url,
                        cookie_header=server.cookie_header,
                        sessions=sessions,
                        duration_s=args.duration,
                        think_s=think_s,
                        pages=list(args.pages),
                        rss=server.rss_bytes,
                    )
                except Exception as error:  # one failed step (a timeout) must not end the rest
                    step = f"{sessions} sessions, think {think_s:g} s"
                    print(f"  [{label}] {step} failed: {error!r}", flush=True)
                    notes.append(f"concurrency at {label}, {step}, failed: {error!r}")
                    continue
                print(f"  [{label}] {sessions} sessions, think {think_s:g} s: {_sessions(result)}")
                measured.append(
                    {"size": label, "rows": rows, "sessions": sessions, "think_s": think_s}
                    | {"duration_s": args.duration, "result": result}
                )
    except Exception as error:  # a failed server must not lose the pages measured before it
        print(f"  concurrency failed: {error!r}", flush=True)
        notes.append(f"concurrency at {label} failed: {error!r}")
    return measured


def measure_soak(
    rows: int, warehouse: Path, args: argparse.Namespace, notes: list[str]
) -> list[dict[str, Any]]:
    """`--soak` seconds of sessions opening pages and closing, on a fresh server: its memory."""
    label = size_label(rows)
    try:
        soak = importlib.import_module("rrm_dash.bench.load").soak
        running_server = importlib.import_module("rrm_dash.bench.server").running_server
        with running_server(warehouse, port=_free_port()) as server:
            result = soak(
                server.base_url,
                cookie_header=server.cookie_header,
                rss=server.rss_bytes,
                sessions=max(args.sessions),
                duration_s=args.soak,
                think_s=args.think,
                pages=list(args.pages),
            ).summary()
    except Exception as error:  # a failed soak must not lose what was measured before it
        print(f"  soak failed: {error!r}", flush=True)
        notes.append(f"soak at {label} failed: {error!r}")
        return []
    growth = result["rss_growth_bytes"] / 2**20
    print(f"  [{label}] soak of {args.soak:g} s: growth {growth:.1f} MB, {result}", flush=True)
    entry = {"size": label, "rows": rows, "sessions": max(args.sessions)}
    return [entry | {"duration_s": args.soak, "result": result}]


def measure_imports(args: argparse.Namespace, notes: list[str]) -> list[dict[str, Any]]:
    """Bulk import of `--import-rows` incident rows."""
    try:
        measure_import = importlib.import_module("rrm_dash.bench.imports").measure_import
    except (ImportError, AttributeError) as error:
        print(f"  import: skipped ({error})", flush=True)
        notes.append(f"import not measured: {error}")
        return []
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix="import-", dir=BENCH_DIR) as work:
            result = measure_import(args.import_rows, Path(work))
    except Exception as error:
        print(f"  import failed: {error!r}", flush=True)
        notes.append(f"import failed: {error!r}")
        return []
    print(f"  import of {args.import_rows:,} rows: {result}", flush=True)
    return [{"rows": args.import_rows, "result": result}]


def _write_doc(path: Path, results: dict[str, Any]) -> None:
    document = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    path.write_text(
        report.rewrite_between_markers(document, report.render(results)), encoding="utf-8"
    )


def command_bench(args: argparse.Namespace) -> int:
    if args.report_only:
        try:
            results = json.loads(args.json.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            print(
                f"error: cannot read benchmark results from {args.json}: {error}", file=sys.stderr
            )
            return 1
        _write_doc(args.doc, results)
        print(f"Table rewritten in {args.doc} from {args.json}")
        return 0
    settings = {
        "runs": args.runs,
        "changes": args.changes,
        "filters": ",".join(args.filters),
        "session_s": args.duration,
    }
    results = Results(args.json, settings, args.fresh)
    notes: list[str] = results.data["notes"]
    notes += [f"{page} not measured: {why}" for page, why in SKIPPED.items()]
    for rows in args.sizes:
        print(f"Size {size_label(rows)} ({rows:,} incidents)", flush=True)
        try:
            warehouse = ensure_warehouse(rows)
        except subprocess.CalledProcessError as error:
            print(f"  warehouse {size_label(rows)}: not built ({error}); size skipped")
            notes.append(f"{size_label(rows)} not measured: its warehouse could not be built")
            continue
        if not args.skip_pages:
            for entry in measure_pages(rows, warehouse, args, notes):
                results.add("pages", [entry])
        if not args.skip_concurrency:
            results.add("concurrency", measure_sessions(rows, warehouse, args, notes))
        if args.soak > 0:
            results.add("soak", measure_soak(rows, warehouse, args, notes))
    if not args.skip_import:
        print("Bulk import", flush=True)
        results.add("imports", measure_imports(args, notes))
    results.save()
    print(f"Results: {args.json}")
    if not args.no_doc:
        _write_doc(args.doc, results.merged())
        print(f"Table rewritten in {args.doc}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m rrm_dash.bench.cli ...`: the bench command on its own."""
    parser = argparse.ArgumentParser(prog="python -m rrm_dash.bench.cli")
    add_bench_parser(parser.add_subparsers(dest="command", required=True))
    return command_bench(parser.parse_args(["bench", *(argv or sys.argv[1:])]))


if __name__ == "__main__":
    raise SystemExit(main())
