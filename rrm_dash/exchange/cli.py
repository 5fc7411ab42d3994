"""`python -m rrm_dash export`: write the incidents a viewer may see as CSV, STIX 2.1 or a DISARM
Navigator layer.

The file holds only what the chosen viewer may see under the TLP rules (docs/access.md),
capped at --ceiling when given. Without filter options it covers every incident in scope:
the whole period, not the app's default of the last 12 months.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.auth.users import UsersError
from rrm_dash.config import users_path, warehouse_path
from rrm_dash.exchange.formats import FORMATS, FileSummary, build_export
from rrm_dash.exchange.principal import UsageError, export_principal
from rrm_dash.filters import Filters
from rrm_dash.ingest.csv_template import one_of, suggest
from rrm_dash.queries import filters as options
from rrm_dash.queries.runner import Source
from rrm_dash.warehouse.snapshot import WarehouseError

DEFAULT_LAYER_NAME = "RRM incidents by DISARM technique"

#: Filter option → (Filters field, what it names, the viewer's choices for it).
ListOptions = Callable[[Source, Principal], pl.DataFrame]
LIST_FILTERS: dict[str, tuple[str, str, ListOptions]] = {
    "targeted": ("members", "a targeted member", options.member_options),
    "heading": ("headings", "a heading", lambda s, p: options.vocabulary_options(s, p, "heading")),
    "threat": (
        "threat_types",
        "a threat type",
        lambda s, p: options.vocabulary_options(s, p, "threat_type"),
    ),
    "actor": ("actors", "an actor you may see", options.actor_options),
    "platform": (
        "platforms",
        "a platform",
        lambda s, p: options.vocabulary_options(s, p, "platform"),
    ),
    "tactic": ("tactics", "a DISARM tactic", options.tactic_options),
    "technique": ("techniques", "a DISARM technique", options.technique_options),
    "tlp": ("tlp", "a TLP level", lambda s, p: options.vocabulary_options(s, p, "tlp")),
}


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def add_export_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Add the `export` command to the main parser's subcommands."""
    parser = subparsers.add_parser(
        "export",
        help="export the incidents a viewer may see (CSV, STIX 2.1, DISARM Navigator layer)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n"
            "  python -m rrm_dash export --format csv --out incidents.csv --as ana\n"
            "  python -m rrm_dash export --format stix --out fr.json --role focal_point "
            "--member FR --ceiling AMBER\n"
            "  python -m rrm_dash export --format navigator --out layer.json --role analyst "
            "--from 2025-01-01 --heading MIE"
        ),
    )
    parser.add_argument("--format", required=True, choices=FORMATS, help="file format")
    parser.add_argument("--out", required=True, metavar="FILE", type=Path, help="file to write")
    add_viewer_arguments(
        parser,
        ceiling_help="export nothing marked above this TLP level (e.g. GREEN for a wider audience)",
    )
    parser.add_argument(
        "--warehouse", metavar="PATH", help="warehouse (default: RRM_WAREHOUSE or data/...)"
    )
    parser.add_argument(
        "--name", default=DEFAULT_LAYER_NAME, help="Navigator layer name (navigator format)"
    )
    add_filter_arguments(
        parser,
        title=(
            "filters (like the app's filter bar; default: every incident in scope, whole period; "
            "list options take a comma list or repeat)"
        ),
        from_help="detected on or after this day (default: no lower bound)",
        to_help="detected on or before this day (default: no upper bound)",
    )
    return parser


def add_viewer_arguments(parser: argparse.ArgumentParser, *, ceiling_help: str) -> None:
    """--as USER | --role ROLE --member CODE, --ceiling and --users-file: whom a file is for
    (read by rrm_dash.exchange.principal.export_principal)."""
    viewer = parser.add_argument_group(
        "viewer (required: --as USER, or --role ROLE with --member CODE where the role needs one)"
    )
    viewer.add_argument("--as", dest="as_user", metavar="USER", help="a user of the users file")
    viewer.add_argument("--role", help="a role: admin, analyst, focal_point, observer, ...")
    viewer.add_argument("--member", metavar="CODE", help="the viewer's member code (with --role)")
    viewer.add_argument("--ceiling", metavar="TLP", help=ceiling_help)
    viewer.add_argument(
        "--users-file", metavar="PATH", help="users file (default: RRM_USERS_FILE or data/...)"
    )


def add_filter_arguments(
    parser: argparse.ArgumentParser, *, title: str, from_help: str, to_help: str
) -> None:
    """The filter bar's options (--from, --to, --targeted, --heading, ... --election), read by
    `export_filters`."""
    chosen = parser.add_argument_group(title)
    chosen.add_argument(
        "--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD", help=from_help
    )
    chosen.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD", help=to_help)
    helps = {
        "targeted": "targeted member code (the filter bar's members), e.g. CA,FR",
        "heading": "heading code: DIP, MIE, HRF",
        "threat": "threat type code, e.g. disinformation",
        "actor": "actor id",
        "platform": "platform code, e.g. telegram",
        "tactic": "DISARM tactic id, e.g. TA06",
        "technique": "DISARM technique id (includes its sub-techniques), e.g. T0049",
        "tlp": "TLP level of the incidents, e.g. AMBER",
    }
    for option, text in helps.items():
        chosen.add_argument(f"--{option}", action="append", metavar="CODE", help=text)
    chosen.add_argument("--election", metavar="ID", help="election id")


def _codes(values: Sequence[str] | None) -> list[str]:
    """The items of repeated and comma-separated option values, trimmed, each once."""
    items = (item.strip() for value in values or () for item in value.split(","))
    return list(dict.fromkeys(item for item in items if item))


def _checked(option: str, given: list[str], what: str, choices: Sequence[str]) -> tuple[str, ...]:
    """`given` as the stored codes (any case; a TLP: prefix is dropped), or a UsageError."""
    by_lower = {code.lower(): code for code in choices}
    found = []
    for value in given:
        key = value.lower().removeprefix("tlp:") if option == "tlp" else value.lower()
        if key not in by_lower:
            hint = suggest(value, set(choices))
            message = f"--{option} {value!r}: not {what}; expected {one_of(set(choices))}"
            raise UsageError(message + (f" (did you mean {hint!r}?)" if hint else ""))
        found.append(by_lower[key])
    return tuple(found)


def export_filters(
    args: argparse.Namespace, source: Source, principal: Principal
) -> Filters | None:
    """The filter options as Filters, each code checked against what the viewer may choose in
    the filter bar; None when no filter option is given (every incident in scope)."""
    changes: dict[str, object] = {}
    for option, (field, what, choices) in LIST_FILTERS.items():
        given = _codes(getattr(args, option))
        if given:
            codes = choices(source, principal)["code"].cast(str).to_list()
            changes[field] = _checked(option, given, what, codes)
    if args.election:
        elections = options.election_options(source, principal)["code"].to_list()
        changes["election"] = _checked(
            "election", [args.election], "an election you may see", elections
        )[0]
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UsageError(f"--from {args.date_from} is after --to {args.date_to}")
    changes.update(date_from=args.date_from, date_to=args.date_to)
    filters = Filters().with_changes(**changes)
    return None if filters == Filters() else filters


def write_whole_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all (a temporary file renamed over it)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _report(summary: FileSummary, size: int, path: Path, principal: Principal) -> str:
    member = principal.affiliation or "-"
    lines = [f"Wrote {summary.items:,} {summary.noun} ({size:,} bytes) to {path}"]
    if summary.counts:
        kinds = ", ".join(f"{count:,} {kind}" for kind, count in sorted(summary.counts.items()))
        lines.append(f"  objects: {kinds}")
    marking = f"TLP:{summary.highest_marking}" if summary.highest_marking else "none (no data)"
    lines.append(f"  highest marking in the file: {marking}")
    lines.append(
        f"  as {principal.username} ({principal.role.value}, {member}), "
        f"nothing above TLP:{principal.ceiling}"
    )
    return "\n".join(lines)


def command_export(args: argparse.Namespace) -> int:
    """Write the export; 0 when written, 2 for a usage error, 1 when the warehouse, the users
    file or the output file cannot be used (the message says which)."""
    try:
        principal = export_principal(
            as_user=args.as_user,
            role=args.role,
            member=args.member,
            ceiling=args.ceiling,
            users_file=users_path(args.users_file),
        )
        source = Source.live(warehouse_path(args.warehouse))
        filters = export_filters(args, source, principal)
        out: Path = args.out
        if not out.parent.is_dir():
            raise UsageError(f"--out {out}: the folder {out.parent} does not exist")
        exported = build_export(
            args.format, source, principal, filters, now=datetime.now(UTC), name=args.name
        )
        write_whole_file(out, exported.data)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (WarehouseError, UsersError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(_report(exported.summary, len(exported.data), out, principal))
    return 0
