"""`python -m rrm_dash ingest FILE...`: check files and publish them into the warehouse in one snapshot.

Exit status: 0 when the files were imported (or would be, with --dry-run), 1 when the input
was rejected or the warehouse could not be written (nothing written), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TextIO

from rrm_dash.access import Principal, Role
from rrm_dash.config import warehouse_path
from rrm_dash.i18n import DEFAULT_LANGUAGE, LANGUAGES
from rrm_dash.ingest.formats import FORMATS
from rrm_dash.ingest.messages import Message, render
from rrm_dash.ingest.run import ImportFile, ImportReport, ImportResult, Progress, import_files

#: How many problems a report lists per file before it says how many more there are.
SHOWN_PROBLEMS = 50


def add_ingest_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "ingest",
        help="import CSV incident files, STIX 2.1 bundles or the DISARM framework bundle",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to import, together")
    parser.add_argument(
        "--format", choices=FORMATS, help="the files' format (default: detected from each file)"
    )
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid rows or objects and list the invalid ones (default: reject the file)",
    )
    parser.add_argument(
        "--originator",
        metavar="CODE",
        help="member code recorded as originator of STIX objects that do not name one (default CU)",
    )
    parser.add_argument(
        "--warehouse", help="warehouse path (default: RRM_WAREHOUSE or data/warehouse/rrm.duckdb)"
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help="language of the problems, notes and skip reasons (default en)",
    )
    return parser


def command_ingest(args: argparse.Namespace) -> int:
    files: list[ImportFile] = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"error: {name}: no such file", file=sys.stderr)
            return 2
        files.append(ImportFile(path.name, path.read_bytes()))
    principal = Principal(getpass.getuser() or "cli", Role.ADMIN)
    result = import_files(
        warehouse_path(args.warehouse),
        files,
        principal=principal,
        source_format=args.format,
        dry_run=args.dry_run,
        skip_invalid=args.skip_invalid,
        originator=args.originator.upper() if args.originator else None,
        progress=_progress_printer(sys.stderr, args.lang),
    )
    print_result(result, sys.stdout, args.lang)
    return 1 if result.rejected else 0


def _progress_printer(stream: TextIO, lang: str) -> Progress:
    """A one-line progress bar on a terminal; one line per step otherwise (logs, CI)."""
    interactive = stream.isatty()
    last: list[str] = []

    def show(step: Message, fraction: float) -> None:
        what = step.render(lang)
        if not interactive and last == [what]:
            return
        last[:] = [what]
        if interactive:
            filled = int(fraction * 30)
            stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} {what[:60]:<60}")
            if fraction >= 1:
                stream.write("\n")
        else:
            stream.write(f"{what} ...\n")
        stream.flush()

    return show


def print_result(result: ImportResult, out: TextIO, lang: str = DEFAULT_LANGUAGE) -> None:
    """The report of each file; problems, notes and skip reasons in `lang`, the rest in English."""
    for report in result.reports:
        _print_report(report, out, lang)
    if result.rejected:
        out.write("Rejected: nothing was written. Fix the problems above and import again")
        out.write(" (or use --skip-invalid to leave the invalid rows out).\n")
    elif result.dry_run:
        out.write("Dry run: nothing was written.\n")
    else:
        out.write("Published a new warehouse snapshot.\n")


def _print_report(report: ImportReport, out: TextIO, lang: str) -> None:
    batch, counts = report.batch, report.counts()
    out.write(f"{batch.file_name} ({batch.source_format}, sha256 {batch.sha256[:12]}…): ")
    out.write(", ".join(f"{counts[k]} {k.replace('_', ' ')}" for k in counts) + "\n")
    for label, by_table in (("added", report.outcome.added), ("updated", report.outcome.updated)):
        if by_table:
            out.write(
                f"  {label}: " + ", ".join(f"{n} {t}" for t, n in sorted(by_table.items())) + "\n"
            )
    if batch.kept_out:
        kept = ", ".join(f"{n} {kind}" for kind, n in sorted(batch.kept_out.items()))
        out.write(f"  not imported (kinds the warehouse does not hold): {kept}\n")
    for item, reason in report.outcome.skipped:
        out.write(f"  skipped {render(item, lang)}: {reason.render(lang)}\n")
    if report.skipped_invalid:
        invalid = ", ".join(render(place, lang) for place in report.skipped_invalid_places)
        out.write(f"  skipped as invalid: {invalid}\n")
    for note in batch.notes:
        out.write(f"  note: {note.render(lang)}\n")
    for problem in batch.problems[:SHOWN_PROBLEMS]:
        out.write(f"  problem: {problem.describe(lang)}\n")
    if len(batch.problems) > SHOWN_PROBLEMS:
        out.write(f"  … and {len(batch.problems) - SHOWN_PROBLEMS} more problems\n")
