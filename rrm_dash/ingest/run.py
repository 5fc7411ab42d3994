"""Import files into the warehouse: parse, check, and publish all of them in one snapshot or none.

Used by `python -m rrm_dash ingest` and the Import page. Files are parsed inside the writer
lock against the very snapshot they will change; any rejected file (or any failure while
writing or checking integrity) aborts the publish, so the live warehouse stays as it was.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from rrm_dash.access import Principal, Role
from rrm_dash.audit import import_event, record
from rrm_dash.ingest.batch import Batch, sha256_hex
from rrm_dash.ingest.facts import WarehouseFacts
from rrm_dash.ingest.formats import detect_format, reader_for
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.messages import Message, Text, msg, render
from rrm_dash.ingest.reference import load_reference
from rrm_dash.ingest.write import Outcome, write_entities
from rrm_dash.warehouse.migrate import apply_migrations
from rrm_dash.warehouse.snapshot import WarehouseError, live_snapshot

#: Roles that may import (the Coordination Unit's).
IMPORT_ROLES = frozenset({Role.ADMIN, Role.ANALYST})
OPERATIONAL = "operational"

#: progress(what is happening, fraction done 0..1)
Progress = Callable[[Message, float], None]


@dataclass(frozen=True)
class ImportFile:
    name: str
    data: bytes


@dataclass
class ImportReport:
    """One file's result: what its parser found and what writing it did (or would do)."""

    batch: Batch
    outcome: Outcome = field(default_factory=Outcome)
    skip_invalid: bool = False

    @property
    def rejected(self) -> bool:
        """The file cannot be imported as given: a problem, unless invalid items may be skipped."""
        return self.batch.file_rejected or (bool(self.batch.problems) and not self.skip_invalid)

    @property
    def skipped_invalid(self) -> list[str]:
        """Rows or objects left out because they have a problem (with --skip-invalid)."""
        return [] if self.rejected else self.batch.rejected_items

    @property
    def skipped_invalid_places(self) -> list[Text]:
        """`skipped_invalid` as a user reads them ("row 5" in their language)."""
        return [] if self.rejected else self.batch.rejected_places

    def counts(self) -> dict[str, int]:
        return {
            "added": sum(self.outcome.added.values()),
            "updated": sum(self.outcome.updated.values()),
            "unchanged": sum(self.outcome.unchanged.values()),
            "skipped": len(self.outcome.skipped) + len(self.skipped_invalid),
            "rejected": len(self.batch.rejected_items) + int(self.batch.file_rejected),
            "kept_out": sum(self.batch.kept_out.values()),
        }

    def detail(self) -> dict[str, object]:
        """Everything the history keeps about the file, as JSON-ready values (texts in English:
        the history is a record, read whatever the reader's language)."""
        return {
            "added": dict(self.outcome.added),
            "updated": dict(self.outcome.updated),
            "unchanged": dict(self.outcome.unchanged),
            "skipped": [
                f"{render(item, 'en')}: {reason.render('en')}"
                for item, reason in self.outcome.skipped
            ]
            + [f"{item}: invalid" for item in self.skipped_invalid],
            "kept_out": dict(self.batch.kept_out),
            "notes": [note.render("en") for note in self.batch.notes],
        }


@dataclass
class ImportResult:
    reports: list[ImportReport]
    dry_run: bool
    written: bool = False

    @property
    def rejected(self) -> bool:
        return any(report.rejected for report in self.reports)


class ImportFailed(WarehouseError):
    """Writing the checked files failed (a database error): nothing was published."""


class _Rejected(Exception):
    """Raised inside the publish to abandon the new snapshot when a file is rejected."""


def import_files(
    published: Path,
    files: Sequence[ImportFile],
    *,
    principal: Principal,
    source_format: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    originator: str | None = None,
    progress: Progress | None = None,
    lock_timeout_s: float = 600.0,
) -> ImportResult:
    """Import `files` as `principal` (admin or analyst). Nothing is written when any file is
    rejected, when `dry_run`, or when writing fails (the exception propagates)."""
    if not principal.signed_in or principal.role not in IMPORT_ROLES:
        raise PermissionError("only admin and analyst users may import")
    note = progress or (lambda _what, _fraction: None)
    result = ImportResult([], dry_run=dry_run)
    now = datetime.now(UTC).replace(tzinfo=None)
    origin = originator or principal.affiliation or "CU"

    def apply(con: duckdb.DuckDBPyConnection, fresh: bool, write: bool) -> ImportResult:
        if fresh:
            load_reference(con, now.date())
            _set_meta(con, {"dataset_kind": OPERATIONAL}, write=True)
        facts = WarehouseFacts.of(con, lazy=True)  # used only while con is open
        tagged: dict[str, int] | None = None
        for number, file in enumerate(files):
            step = msg("progress.checking", file=file.name)
            done = number / (len(files) + 1)
            note(step, done)
            fmt = source_format or detect_format(file.name, file.data)

            def reading(share: float, step: Message = step, done: float = done) -> None:
                note(step, done + share / (len(files) + 1))

            if fmt == "disarm" and tagged is None:
                tagged = _tagged(con)
            read = reader_for(fmt, originator=origin, tagged=tagged, progress=reading)
            batch = read(file.data, file.name, facts)
            result.reports.append(ImportReport(batch, skip_invalid=skip_invalid))
        if result.rejected:
            raise _Rejected
        for report in result.reports:
            note(
                msg("progress.writing", file=report.batch.file_name), len(files) / (len(files) + 1)
            )
            report.outcome = write_entities(con, report.batch.entities, now=now, write=write)
            _set_meta(con, report.batch.meta, write=write)
            if write:
                _record_history(con, report, principal, now)
        note(msg("progress.publishing"), 1.0)
        return result

    try:
        if dry_run:
            with _scratch(published) as (con, fresh):
                apply(con, fresh, write=False)
        else:
            fresh = not published.exists()
            publish(
                published,
                lambda con: apply(con, fresh, write=True),
                start_empty=fresh,
                lock_timeout_s=lock_timeout_s,
            )
            result.written = True
    except _Rejected:
        pass
    except (duckdb.Error, pa.ArrowException) as error:
        raise ImportFailed(f"Writing failed, so nothing was written: {error}") from error
    finally:
        _audit(result, principal, files, source_format)
    return result


@contextlib.contextmanager
def _scratch(published: Path) -> Iterator[tuple[duckdb.DuckDBPyConnection, bool]]:
    """A read-only view of the live snapshot for a dry run (or an empty in-memory warehouse)."""
    if published.exists():
        con = duckdb.connect(str(live_snapshot(published)), read_only=True)
        fresh = False
    else:
        con = duckdb.connect()
        apply_migrations(con)
        fresh = True
    try:
        yield con, fresh
    finally:
        con.close()


def _tagged(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many stored incidents each DISARM technique tags (what a new framework version
    that retires a technique reports)."""
    return dict(
        con.execute(
            "select disarm_id, count(distinct incident_id) from incident_technique group by 1"
        ).fetchall()
    )


def _set_meta(con: duckdb.DuckDBPyConnection, values: dict[str, str], *, write: bool) -> None:
    if write:
        for key, value in values.items():
            con.execute(
                "insert or replace into meta (key, value) values ($k, $v)", {"k": key, "v": value}
            )


def _record_history(
    con: duckdb.DuckDBPyConnection, report: ImportReport, principal: Principal, now: datetime
) -> None:
    """One import_history row and one access_log line, in the snapshot the data goes into."""
    batch, counts = report.batch, report.counts()
    con.execute(
        "insert into import_history values ($id, $at, $user, $role, $member, $file, $sha, $fmt, "
        "$added, $updated, $unchanged, $skipped, $rejected, $kept_out, $detail)",
        {
            "id": str(uuid.uuid4()),
            "at": now,
            "user": principal.username,
            "role": principal.role.value,
            "member": principal.member_code,
            "file": batch.file_name,
            "sha": batch.sha256,
            "fmt": batch.source_format,
            **counts,
            "detail": json.dumps(report.detail(), ensure_ascii=False),
        },
    )
    con.execute(
        "insert into access_log values ($at, $user, $role, $member, 'import', $fmt, $file, $detail)",
        {
            "at": now,
            "user": principal.username,
            "role": principal.role.value,
            "member": principal.member_code,
            "fmt": batch.source_format,
            "file": batch.file_name,
            "detail": _summary(report),
        },
    )


def _summary(report: ImportReport) -> str:
    counts = report.counts()
    return f"sha256={report.batch.sha256} " + " ".join(f"{k}={v}" for k, v in counts.items())


def _audit(
    result: ImportResult,
    principal: Principal,
    files: Sequence[ImportFile],
    source_format: str | None,
) -> None:
    """Every attempt goes to the audit log: written, rejected, dry run, or failed before any
    file was read (e.g. the warehouse was busy)."""
    state = "written" if result.written else "dry-run" if result.dry_run else "not written"
    for report in result.reports:
        detail = f"{state} {_summary(report)}"
        record(import_event(principal, report.batch.file_name, report.batch.source_format, detail))
    if not result.reports:
        for file in files:
            fmt = source_format or detect_format(file.name, file.data)
            detail = f"not written sha256={sha256_hex(file.data)}"
            record(import_event(principal, file.name, fmt, detail))
