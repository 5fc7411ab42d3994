"""Command line: `python -m rrm_dash demo|serve|cluster|ingest|export|briefing|bench|users ...` (run with --help for each command)."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb

from rrm_dash import PROJECT_DIR
from rrm_dash.auth.cli import add_users_parser, command_users
from rrm_dash.auth.demo_users import (
    DEMO_USERS,
    demo_users_path,
    random_password,
    write_demo_users,
)
from rrm_dash.bench.cli import add_bench_parser, command_bench
from rrm_dash.briefing.cli import add_briefing_parser, command_briefing
from rrm_dash.config import configured_cookie_key, demo_password, warehouse_path
from rrm_dash.deploy.cluster import add_cluster_parser, command_cluster
from rrm_dash.exchange.cli import add_export_parser, command_export
from rrm_dash.ingest.cli import add_ingest_parser, command_ingest
from rrm_dash.ingest.demo import DEFAULT_INCIDENTS, DEFAULT_SEED, publish_demo
from rrm_dash.queries.dataset import SYNTHETIC_DEMO
from rrm_dash.warehouse.snapshot import WarehouseError, live_snapshot
from rrm_dash.warehouse.upgrade import upgrade_if_behind

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8501


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _positive(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m rrm_dash", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser(
        "demo", help="build and publish a deterministic synthetic demo warehouse"
    )
    demo.add_argument(
        "--out",
        help="warehouse path to publish (default: RRM_WAREHOUSE or data/warehouse/rrm.duckdb)",
    )
    demo.add_argument(
        "--incidents", type=_positive, default=DEFAULT_INCIDENTS, help="incidents (default 3000)"
    )
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 7)")
    demo.add_argument(
        "--today", type=_iso_date, default=None, help="last day of the data (default: today)"
    )
    demo.add_argument(
        "--if-missing", action="store_true", help="do nothing when a warehouse is already published"
    )

    serve = commands.add_parser(
        "serve", help="serve the app (building the demo warehouse first if none is published)"
    )
    serve.add_argument("--warehouse", help="warehouse path (default: RRM_WAREHOUSE or data/...)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--host", default=DEFAULT_HOST)
    add_cluster_parser(commands)
    commands.add_parser("schema-docs", help="print the warehouse schema documentation (Markdown)")
    add_users_parser(commands)
    add_ingest_parser(commands)
    add_export_parser(commands)
    add_briefing_parser(commands)
    add_bench_parser(commands)
    return parser


def command_schema_docs(args: argparse.Namespace) -> int:
    from rrm_dash.warehouse.schema_docs import schema_markdown

    sys.stdout.write(schema_markdown())
    return 0


def command_demo(args: argparse.Namespace) -> int:
    out = warehouse_path(args.out)
    if args.if_missing and out.exists():
        print(f"Warehouse already published at {out}")
        return 0
    started = time.perf_counter()
    print(f"Building the synthetic demo warehouse ({args.incidents:,} incidents) at {out} ...")
    summary = publish_demo(out, seed=args.seed, incidents=args.incidents, today=args.today)
    print(f"Published in {time.perf_counter() - started:.1f} s: {summary}")
    return 0


def is_demo_warehouse(published: Path) -> bool:
    """Whether the published warehouse holds synthetic demo data (its meta table says so)."""
    con = duckdb.connect(str(live_snapshot(published)), read_only=True)
    try:
        rows = con.sql("select value from meta where key = 'dataset_kind'").fetchall()
    finally:
        con.close()
    return rows == [(SYNTHETIC_DEMO,)]


def command_serve(args: argparse.Namespace) -> int:
    warehouse = warehouse_path(args.warehouse)
    if not warehouse.exists():
        print(f"No warehouse at {warehouse}: building the synthetic demo warehouse first ...")
        publish_demo(warehouse)
    upgrade_if_behind(warehouse)
    demo = is_demo_warehouse(warehouse)
    key = configured_cookie_key()
    if key is None and not demo:
        print(
            "error: no sign-in cookie key. Set RRM_COOKIE_KEY (or [auth] cookie_key in "
            ".streamlit/secrets.toml) to a long random secret; the example value is refused.",
            file=sys.stderr,
        )
        return 1
    os.environ["RRM_WAREHOUSE"] = str(warehouse)
    if demo:
        os.environ.setdefault("RRM_COOKIE_KEY", key or secrets.token_urlsafe(32))
        if not os.environ.get("RRM_USERS_FILE"):
            users_file = demo_users_path(warehouse)
            password = demo_password() or random_password()
            write_demo_users(users_file, password)
            os.environ["RRM_USERS_FILE"] = str(users_file)
            names = ", ".join(username for username, *_ in DEMO_USERS)
            print(f"Demo users ({names}), password: {password}")
    print(f"Warehouse: {warehouse}")
    print(f"RRM Dash: http://{args.host}:{args.port}  (Ctrl+C to stop)", flush=True)
    os.chdir(PROJECT_DIR)  # Streamlit reads .streamlit/config.toml from the working directory
    # `streamlit run app.py` in a fresh interpreter, warmed for the first visitor.
    server = [sys.executable, "-m", "rrm_dash.deploy.app_server"]
    options = ["--server.address", args.host, "--server.port", str(args.port)]
    os.execv(sys.executable, server + options)
    return 0  # not reached


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {
        "demo": command_demo,
        "serve": command_serve,
        "cluster": command_cluster,
        "schema-docs": command_schema_docs,
        "users": command_users,
        "ingest": command_ingest,
        "export": command_export,
        "briefing": command_briefing,
        "bench": command_bench,
    }
    try:
        return handlers[args.command](args)
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
