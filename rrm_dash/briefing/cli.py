"""`python -m rrm_dash briefing`: write the leadership briefing as a PDF of one or two pages.

The briefing holds only what the chosen viewer may see under the TLP rules (docs/access.md),
capped at --ceiling (default TLP:GREEN: a briefing travels beyond the network). Its period is
the filter bar's: --from/--to, by default the last 12 months up to today, compared with the
period of the same length before it. See docs/briefing.md.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from rrm_dash.access import Principal
from rrm_dash.auth.users import UsersError
from rrm_dash.briefing.content import Briefing, briefing_filters, build_briefing
from rrm_dash.briefing.pdf import render_briefing
from rrm_dash.config import users_path, warehouse_path
from rrm_dash.exchange.cli import (
    add_filter_arguments,
    add_viewer_arguments,
    export_filters,
    write_whole_file,
)
from rrm_dash.exchange.principal import UsageError, export_principal
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.queries.runner import Source
from rrm_dash.warehouse.snapshot import WarehouseError

DEFAULT_CEILING = "GREEN"
LANGUAGE_NAMES = {"en": "English", "fr": "French"}


def add_briefing_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Add the `briefing` command to the main parser's subcommands."""
    parser = subparsers.add_parser(
        "briefing",
        help="write the leadership briefing (PDF, English or French) for a viewer",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n"
            "  python -m rrm_dash briefing --lang en --out briefing.pdf --as lead\n"
            "  python -m rrm_dash briefing --lang fr --out note.pdf --role focal_point "
            "--member FR --from 2026-01-01 --to 2026-03-31\n"
            "  python -m rrm_dash briefing --lang en --out ca.pdf --role analyst --targeted CA "
            "--ceiling AMBER"
        ),
    )
    parser.add_argument("--lang", required=True, choices=LANGUAGES, help="language of the PDF")
    parser.add_argument("--out", required=True, metavar="FILE", type=Path, help="PDF to write")
    add_viewer_arguments(
        parser,
        ceiling_help=(
            "include nothing marked above this TLP level (default: GREEN; never above what the "
            "viewer may see)"
        ),
    )
    parser.add_argument(
        "--warehouse", metavar="PATH", help="warehouse (default: RRM_WAREHOUSE or data/...)"
    )
    add_filter_arguments(
        parser,
        title=(
            "filters (like the app's filter bar; default: every incident in scope over the last "
            "12 months; list options take a comma list or repeat)"
        ),
        from_help="first day of the period (default: 12 months before --to)",
        to_help="last day of the period (default: today)",
    )
    return parser


def _chosen_filters(args: argparse.Namespace, source: Source, principal: Principal) -> Filters:
    """The filter options as Filters with a closed period ending no later than today."""
    today = datetime.now(UTC).date()
    for option, value in (("--from", args.date_from), ("--to", args.date_to)):
        if isinstance(value, date) and value > today:
            raise UsageError(f"{option} {value}: the briefing cannot cover days after today")
    return briefing_filters(export_filters(args, source, principal) or Filters(), today)


def _report(briefing: Briefing, pages: int, size: int, path: Path, principal: Principal) -> str:
    start, end = briefing.period
    member = principal.affiliation or "-"
    language = LANGUAGE_NAMES[briefing.lang]
    noun = "page" if pages == 1 else "pages"
    lines = [
        f"Wrote the leadership briefing ({language}, {pages} {noun}, {size:,} bytes) to {path}"
    ]
    period = f"  period: {start} to {end}"
    if briefing.previous:
        period += f", compared with {briefing.previous[0]} to {briefing.previous[1]}"
    lines.append(period)
    lines.append(f"  developments: {len(briefing.developments)}")
    lines.append(f"  marking: TLP:{briefing.marking} (the highest among what it shows)")
    lines.append(
        f"  as {principal.username} ({principal.role.value}, {member}), "
        f"nothing above TLP:{principal.ceiling}"
    )
    return "\n".join(lines)


def command_briefing(args: argparse.Namespace) -> int:
    """Write the briefing; 0 when written, 2 for a usage error, 1 when the warehouse, the users
    file or the output file cannot be used (the message says which)."""
    try:
        principal = export_principal(
            as_user=args.as_user,
            role=args.role,
            member=args.member,
            ceiling=args.ceiling or DEFAULT_CEILING,
            users_file=users_path(args.users_file),
        )
        source = Source.live(warehouse_path(args.warehouse))
        filters = _chosen_filters(args, source, principal)
        out: Path = args.out
        if not out.parent.is_dir():
            raise UsageError(f"--out {out}: the folder {out.parent} does not exist")
        briefing = build_briefing(source, principal, filters, lang=args.lang, now=datetime.now(UTC))
        rendered = render_briefing(briefing, translator(args.lang))
        write_whole_file(out, rendered.data)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (WarehouseError, UsersError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(_report(briefing, rendered.pages, len(rendered.data), out, principal))
    return 0
