"""`python -m rrm_dash ingest`: what it reports, what it writes, and that a rejected file writes nothing."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from rrm_dash import PROJECT_DIR, audit
from rrm_dash.__main__ import main
from rrm_dash.audit import store
from rrm_dash.ingest.formats import detect_format
from rrm_dash.warehouse.integrity import Problem as IntegrityProblem
from rrm_dash.warehouse.integrity import SnapshotInvalid
from rrm_dash.warehouse.snapshot import live_snapshot, snapshots_dir

EXAMPLE = PROJECT_DIR / "data" / "examples" / "incidents-example.csv"
EXAMPLE_IDS = [f"EX-2025-00{n}" for n in range(1, 6)]
DEMO_TODAY = date(2026, 11, 1)
SUBPROCESS_TIMEOUT_S = 120


# --- helpers (also used by test_import_safety) ------------------------------------------------


def example_rows() -> tuple[list[str], list[dict[str, str]]]:
    """The example file's header and rows (row i of the list is row i + 2 of the file)."""
    reader = csv.DictReader(io.StringIO(EXAMPLE.read_text(encoding="utf-8")))
    return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    """Write `rows` as an incident CSV (only the columns of `header`, default the example's)."""
    columns = header or example_rows()[0]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def many_rows(count: int, prefix: str) -> list[dict[str, str]]:
    """`count` valid rows made from the example's, with distinct ids `<prefix>-00000`... and TLP
    GREEN (so the demo analyst sees every one of them)."""
    _, rows = example_rows()
    made = []
    for number in range(count):
        row = dict(rows[number % len(rows)])
        row["incident_id"] = f"{prefix}-{number:05d}"
        row["title"] = f"{row['title']} ({prefix} {number})"
        row["tlp"] = "GREEN"
        made.append(row)
    return made


def publish_demo_template(folder: Path) -> Path:
    """A small demo warehouse published under `folder` (copied per test by `copy_warehouse`)."""
    from rrm_dash.ingest.demo import publish_demo

    published = folder / "rrm.duckdb"
    publish_demo(published, incidents=300, today=DEMO_TODAY)
    return published


def copy_warehouse(template: Path, folder: Path) -> Path:
    """A private copy of a published warehouse (its link, snapshots folder and lock file)."""
    shutil.copytree(template.parent, folder, symlinks=True)
    copy = folder / template.name
    assert copy.is_symlink() and live_snapshot(copy).parent == snapshots_dir(copy)
    return copy


def snapshot_state(published: Path) -> tuple[Path, str]:
    """What the published path points at, and the SHA-256 of that file's bytes."""
    target = live_snapshot(published)
    return target, hashlib.sha256(target.read_bytes()).hexdigest()


def leftover_builds(published: Path) -> list[Path]:
    return sorted(snapshots_dir(published).glob(".building-*"))


def table(published: Path, sql: str) -> pl.DataFrame:
    """Rows of the live snapshot's raw tables (tests may look behind the read model)."""
    con = duckdb.connect(str(live_snapshot(published)), read_only=True)
    try:
        frame: pl.DataFrame = con.sql(sql).pl()
        return frame
    finally:
        con.close()


def incident_rows(published: Path, ids: list[str] | None = None) -> pl.DataFrame:
    frame = table(published, "select * from incident order by incident_id")
    return frame if ids is None else frame.filter(pl.col("incident_id").is_in(ids))


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish_demo_template(tmp_path_factory.mktemp("ingest-demo"))


@pytest.fixture
def warehouse(demo_template: Path, tmp_path: Path) -> Path:
    return copy_warehouse(demo_template, tmp_path / "warehouse")


def ingest(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run `python -m rrm_dash ingest ARGS` in this process: exit status, stdout, stderr."""
    capsys.readouterr()
    try:
        code = main(["ingest", *(str(arg) for arg in args)])
    except SystemExit as exit_:  # argparse's usage errors
        code = exit_.code if isinstance(exit_.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


def audit_lines(file_name: str) -> pl.DataFrame:
    audit.flush()
    lines = store.read(audit.audit_path(), action="import")
    return lines.filter(pl.col("object_id") == file_name)


# --- importing the example --------------------------------------------------------------------


def test_the_example_csv_imports_into_the_demo_warehouse_with_five_added(
    warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = table(warehouse, "select count(*) as n from incident")["n"][0]

    code, out, _ = ingest(capsys, EXAMPLE, "--warehouse", warehouse)

    assert code == 0, out
    assert "incidents-example.csv (csv" in out
    assert "5 added, 0 updated, 0 unchanged, 0 skipped, 0 rejected" in out
    assert "Published a new warehouse snapshot." in out
    assert table(warehouse, "select count(*) as n from incident")["n"][0] == before + 5
    stored = incident_rows(warehouse, EXAMPLE_IDS)
    assert stored["incident_id"].to_list() == EXAMPLE_IDS
    links = table(
        warehouse,
        "select disarm_id from incident_technique where incident_id = 'EX-2025-004' order by 1",
    )
    assert links["disarm_id"].to_list() == ["T0049", "T0085.001", "T0086.002"]


def test_importing_the_same_file_again_reports_unchanged_and_changes_no_incident(
    warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ingest(capsys, EXAMPLE, "--warehouse", warehouse)[0] == 0
    first = incident_rows(warehouse)
    first_links = table(warehouse, "select * from incident_technique order by all")

    code, out, _ = ingest(capsys, EXAMPLE, "--warehouse", warehouse)

    assert code == 0, out
    assert "0 added, 0 updated, 5 unchanged" in out
    assert incident_rows(warehouse).equals(first)  # updated_at included
    assert table(warehouse, "select * from incident_technique order by all").equals(first_links)


def test_a_changed_title_is_one_update_that_keeps_created_at(
    warehouse: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert ingest(capsys, EXAMPLE, "--warehouse", warehouse)[0] == 0
    before = incident_rows(warehouse, EXAMPLE_IDS)
    _, rows = example_rows()
    rows[2]["title"] = "A corrected title"
    changed = write_csv(tmp_path / "corrected.csv", rows)

    code, out, _ = ingest(capsys, changed, "--warehouse", warehouse)

    assert code == 0, out
    assert "0 added, 1 updated, 4 unchanged" in out
    after = incident_rows(warehouse, EXAMPLE_IDS)
    row = after.filter(pl.col("incident_id") == "EX-2025-003")
    old = before.filter(pl.col("incident_id") == "EX-2025-003")
    assert row["title"][0] == "A corrected title"
    assert row["created_at"][0] == old["created_at"][0]
    assert row["updated_at"][0] > old["updated_at"][0]
    others = [iid for iid in EXAMPLE_IDS if iid != "EX-2025-003"]
    assert after.filter(pl.col("incident_id").is_in(others)).equals(
        before.filter(pl.col("incident_id").is_in(others))
    )


# --- rejected files ---------------------------------------------------------------------------


def _corrupt(kind: str, folder: Path) -> tuple[Path, list[str]]:
    """A corrupted copy of the example and what its report must say (row, column, value, expected)."""
    header, rows = example_rows()
    if kind == "vocabulary":
        rows[1]["status"] = "shred"
        said = ["row 3", "column status", "'shred'", "incident_status", "did you mean 'shared'"]
    elif kind == "date":
        rows[2]["first_activity"] = "2025-02-30"
        said = ["row 4", "column first_activity", "'2025-02-30'", "expected date (YYYY-MM-DD)"]
    elif kind == "disarm":
        rows[3]["techniques"] = "T0085.001; T9999.123"
        said = ["row 5", "column techniques", "'T9999.123'", "DISARM technique id"]
    else:
        header = [name for name in header if name != "title"]
        said = ["row 1", "column title", "required column"]
    return write_csv(folder / f"bad-{kind}.csv", rows, header), said


@pytest.mark.parametrize("kind", ["vocabulary", "date", "disarm", "missing_column"])
def test_a_corrupted_copy_is_rejected_with_where_and_what_and_the_warehouse_is_untouched(
    kind: str, warehouse: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad, said = _corrupt(kind, tmp_path)
    state = snapshot_state(warehouse)
    snapshots = sorted(snapshots_dir(warehouse).iterdir())

    code, out, _ = ingest(capsys, bad, "--warehouse", warehouse)

    assert code == 1
    problem = next(line for line in out.splitlines() if line.strip().startswith("problem:"))
    assert bad.name in problem
    for part in said:
        assert part in problem, f"{part!r} missing from {problem!r}"
    assert "Rejected: nothing was written" in out
    assert snapshot_state(warehouse) == state
    assert sorted(snapshots_dir(warehouse).iterdir()) == snapshots  # no new or leftover file
    assert incident_rows(warehouse, EXAMPLE_IDS).is_empty()


def test_skip_invalid_imports_the_good_rows_and_lists_the_skipped_ones(
    warehouse: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, rows = example_rows()
    rows[1]["status"] = "shred"
    rows[3]["techniques"] = "T9999"
    bad = write_csv(tmp_path / "partly-bad.csv", rows)

    code, out, _ = ingest(capsys, bad, "--skip-invalid", "--warehouse", warehouse)

    assert code == 0, out
    assert "3 added" in out
    assert "skipped as invalid: row 3, row 5" in out
    stored = incident_rows(warehouse, EXAMPLE_IDS)["incident_id"].to_list()
    assert stored == ["EX-2025-001", "EX-2025-003", "EX-2025-005"]
    (history,) = table(warehouse, "select * from import_history").iter_rows(named=True)
    assert (history["added"], history["skipped"], history["rejected"]) == (3, 2, 2)


def test_with_lang_fr_problems_and_skips_are_in_french_and_the_history_stays_english(
    warehouse: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, rows = example_rows()
    rows[1]["status"] = "shred"
    bad = write_csv(tmp_path / "partly-bad.csv", rows)

    code, out, _ = ingest(capsys, bad, "--skip-invalid", "--lang", "fr", "--warehouse", warehouse)

    assert code == 0, out
    assert "  skipped as invalid: ligne 3\n" in out
    problem = next(line for line in out.splitlines() if line.strip().startswith("problem:"))
    assert problem.startswith("  problem: partly-bad.csv, ligne 3, colonne status : 'shred' — ")
    assert "attendu : un code du vocabulaire incident_status : l'une des valeurs" in problem
    assert problem.endswith("(vouliez-vous dire 'shared' ?)")
    (history,) = table(warehouse, "select detail from import_history").iter_rows(named=True)
    assert json.loads(history["detail"])["skipped"] == ["row 3: invalid"]


def test_a_dry_run_reports_what_would_be_added_and_writes_nothing(
    warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = snapshot_state(warehouse)

    code, out, _ = ingest(capsys, EXAMPLE, "--dry-run", "--warehouse", warehouse)

    assert code == 0, out
    assert "5 added" in out and "Dry run: nothing was written." in out
    assert snapshot_state(warehouse) == state
    assert leftover_builds(warehouse) == []
    assert incident_rows(warehouse, EXAMPLE_IDS).is_empty()


def test_a_dry_run_of_a_rejected_file_exits_1(
    warehouse: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad, _ = _corrupt("date", tmp_path)
    state = snapshot_state(warehouse)

    code, out, _ = ingest(capsys, bad, "--dry-run", "--warehouse", warehouse)

    assert code == 1 and "row 4" in out
    assert snapshot_state(warehouse) == state


def test_a_dry_run_against_no_warehouse_creates_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, rows = example_rows()
    for row in rows:
        row["actors"] = row["narratives"] = ""
    data = write_csv(tmp_path / "plain.csv", rows)
    published = tmp_path / "none" / "rrm.duckdb"

    code, out, _ = ingest(capsys, data, "--dry-run", "--warehouse", published)

    assert code == 0, out
    assert "5 added" in out
    assert not published.exists() and not snapshots_dir(published).exists()


# --- usage errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "the following arguments are required: FILE"),
        ([str(EXAMPLE), "--format", "xlsx"], "invalid choice: 'xlsx'"),
        (["no-such-file.csv"], "no-such-file.csv: no such file"),
        ([str(EXAMPLE), "--lang", "de"], "invalid choice: 'de'"),
    ],
    ids=["no-files", "unknown-format", "missing-file", "unknown-language"],
)
def test_a_usage_error_exits_2_and_writes_nothing(
    args: list[str], message: str, warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = snapshot_state(warehouse)

    code, _, err = ingest(capsys, *args, "--warehouse", warehouse)

    assert code == 2
    assert message in err
    assert snapshot_state(warehouse) == state


def test_the_command_run_as_a_process_exits_0_1_and_2(warehouse: Path, tmp_path: Path) -> None:
    bad, _ = _corrupt("vocabulary", tmp_path)

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "rrm_dash", "ingest", *map(str, args)]
        return subprocess.run(
            [*command, "--warehouse", str(warehouse)],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            timeout=SUBPROCESS_TIMEOUT_S,
            check=False,
        )

    good = run(EXAMPLE)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "5 added" in good.stdout
    assert "Traceback" not in good.stderr
    rejected = run(bad)
    assert rejected.returncode == 1
    assert "row 3, column status: 'shred'" in rejected.stdout
    assert run(tmp_path / "absent.csv").returncode == 2


# --- import history and audit -----------------------------------------------------------------


def test_an_import_is_recorded_in_the_import_history_and_the_access_log(
    warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ingest(capsys, EXAMPLE, "--warehouse", warehouse)[0] == 0

    (history,) = table(warehouse, "select * from import_history").iter_rows(named=True)
    assert history["file_name"] == "incidents-example.csv"
    assert history["file_sha256"] == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    assert history["source_format"] == "csv"
    assert (history["added"], history["updated"], history["unchanged"]) == (5, 0, 0)
    assert (history["skipped"], history["rejected"], history["kept_out"]) == (0, 0, 0)
    assert history["role"] == "admin" and history["username"]
    assert json.loads(history["detail"])["added"] == {"incident": 5}
    logged = table(warehouse, "select * from access_log where action = 'import'")
    assert logged["object_id"].to_list() == ["incidents-example.csv"]
    assert logged["object_type"].to_list() == ["csv"]
    assert history["file_sha256"] in logged["detail"][0]


def test_the_audit_log_records_written_and_rejected_imports(
    warehouse: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write_csv(tmp_path / "audited-good.csv", example_rows()[1])
    bad, _ = _corrupt("date", tmp_path)
    bad = bad.rename(tmp_path / "audited-bad.csv")

    assert ingest(capsys, good, "--warehouse", warehouse)[0] == 0
    assert ingest(capsys, bad, "--warehouse", warehouse)[0] == 1

    written = audit_lines("audited-good.csv")
    assert written.height == 1
    assert written["object_type"][0] == "csv"
    assert written["detail"][0].startswith("written ")
    assert "added=5" in written["detail"][0]
    rejected = audit_lines("audited-bad.csv")
    assert rejected.height == 1
    assert rejected["detail"][0].startswith("not written ")
    assert "rejected=1" in rejected["detail"][0]
    assert table(warehouse, "select file_name from import_history")["file_name"].to_list() == [
        "audited-good.csv"
    ]


# --- formats and a new warehouse --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("incidents.csv", b'{"type": "bundle"}', "csv"),
        ("incidents.txt", EXAMPLE.read_bytes(), "csv"),
        ("export", b"\xef\xbb\xbfincident_id,title\n", "csv"),
        (
            "disarm.json",
            b'{"type": "bundle", "objects": [{"type": "x-mitre-tactic", "id": "x"}]}',
            "disarm",
        ),
        (
            "matrix.json",
            b'\n {"type": "bundle", "objects": [{"type": "x-mitre-matrix"}]}',
            "disarm",
        ),
        ("opencti.json", b'{"type": "bundle", "objects": [{"type": "incident"}]}', "stix"),
        ("list.json", b"[1, 2]", "stix"),
    ],
)
def test_the_format_is_detected_from_the_name_and_content(
    name: str, data: bytes, expected: str
) -> None:
    assert detect_format(name, data) == expected


def test_a_csv_without_the_csv_extension_is_imported_as_csv(
    warehouse: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    renamed = tmp_path / "incidents.txt"
    renamed.write_bytes(EXAMPLE.read_bytes())

    code, out, _ = ingest(capsys, renamed, "--warehouse", warehouse)

    assert code == 0, out
    assert "incidents.txt (csv" in out
    assert table(warehouse, "select source_format from import_history")["source_format"][0] == "csv"


def test_importing_into_a_new_path_creates_an_operational_warehouse_with_reference_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, rows = example_rows()
    for row in rows:  # a new warehouse holds no actors or narratives to refer to
        row["actors"] = row["narratives"] = ""
    data = write_csv(tmp_path / "first.csv", rows)
    published = tmp_path / "new" / "rrm.duckdb"

    code, out, _ = ingest(capsys, data, "--warehouse", published)

    assert code == 0, out
    assert "5 added" in out
    assert published.is_symlink()
    assert incident_rows(published)["incident_id"].to_list() == EXAMPLE_IDS
    meta = dict(table(published, "select key, value from meta").iter_rows())
    assert meta["dataset_kind"] == "operational"
    assert meta["disarm_version"]
    counts = table(
        published,
        "select (select count(*) from member) as members,"
        " (select count(*) from disarm_technique) as techniques,"
        " (select count(*) from vocabulary) as codes,"
        " (select count(*) from import_history) as imports",
    ).row(0, named=True)
    assert counts["members"] > 0 and counts["techniques"] > 100 and counts["codes"] > 0
    assert counts["imports"] == 1


def test_a_new_warehouse_is_not_created_when_the_first_file_is_rejected(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    published = tmp_path / "new" / "rrm.duckdb"

    code, out, _ = ingest(capsys, EXAMPLE, "--warehouse", published)  # refers to ACT-004...

    assert code == 1
    assert "column actors: 'ACT-004'" in out
    assert not published.exists()
    assert leftover_builds(published) == []


# --- failures while writing -------------------------------------------------------------------


def test_a_number_too_large_for_the_warehouse_is_a_row_problem(
    warehouse: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, rows = example_rows()
    rows[0]["reach_estimate"] = "99999999999999999999999"
    huge = write_csv(tmp_path / "huge.csv", rows)
    state = snapshot_state(warehouse)

    code, out, _ = ingest(capsys, huge, "--warehouse", warehouse)

    assert snapshot_state(warehouse) == state
    assert code == 1
    assert "row 2, column reach_estimate: '99999999999999999999999'" in out


def test_an_integrity_failure_exits_1_with_a_message_and_writes_nothing(
    warehouse: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(con: duckdb.DuckDBPyConnection) -> None:
        raise SnapshotInvalid([IntegrityProblem("unknown_techniques", 1, [("EX-2025-001", "T0")])])

    monkeypatch.setattr("rrm_dash.ingest.load.validate_snapshot", broken)
    state = snapshot_state(warehouse)

    code, _, err = ingest(capsys, EXAMPLE, "--warehouse", warehouse)

    assert snapshot_state(warehouse) == state
    assert code == 1
    assert "nothing was published" in err and "unknown techniques" in err
