"""`python -m rrm_dash export`: a file of what the chosen viewer may see, in the chosen format,
narrowed like the filter bar; clear usage errors, and nothing written when anything is wrong."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pytest

from rrm_dash.access import TLP_RANK, Principal, Role
from rrm_dash.auth import users
from rrm_dash.exchange.cli import add_export_parser, command_export
from rrm_dash.exchange.csv_out import export_csv
from rrm_dash.exchange.records import incident_records
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source
from tests.canary import VIEWERS, build_canary_warehouse, leaks, visible_canaries
from tests.conftest import TODAY

PASSWORD = "a long enough password"


def parse_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m rrm_dash")
    add_export_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["export", *argv])


def export(warehouse: Path, out: Path, *argv: str) -> int:
    return command_export(parse_args("--warehouse", str(warehouse), "--out", str(out), *argv))


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.fixture
def users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 4)
    path = tmp_path / "users.yaml"
    users.add_user("ca-focal", "CA Focal", "", "focal_point", "CA", PASSWORD, path=path)
    users.add_user("lead", "Leader", "", "leadership", None, PASSWORD, path=path)
    return path


def test_csv_as_a_role_is_the_csv_export_of_that_viewer_and_says_what_was_written(
    demo_warehouse: Path, demo_source: Source, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "incidents.csv"
    assert export(demo_warehouse, out, "--format", "csv", "--role", "analyst") == 0
    analyst = Principal("command-line", Role.ANALYST)
    assert out.read_bytes() == export_csv(demo_source, analyst, None)
    count = incident_records(demo_source, analyst, None).height
    printed = capsys.readouterr().out
    assert f"Wrote {count:,} incidents ({out.stat().st_size:,} bytes) to {out}" in printed
    assert "highest marking in the file: TLP:RED" in printed


def test_as_a_user_the_file_holds_exactly_what_that_user_may_see(
    demo_warehouse: Path, demo_source: Source, tmp_path: Path, users_file: Path
) -> None:
    out = tmp_path / "ca.csv"
    argv = ("--format", "csv", "--as", "ca-focal", "--users-file", str(users_file))
    assert export(demo_warehouse, out, *argv) == 0
    focal = Principal("ca-focal", Role.FOCAL_POINT, "CA")
    expected = incident_records(demo_source, focal, None)["incident_id"].to_list()
    everything = incident_records(demo_source, Principal("a", Role.ANALYST), None)
    assert [row["incident_id"] for row in rows(out)] == expected
    assert 0 < len(expected) < everything.height


def test_a_leadership_user_gets_the_roles_green_ceiling_and_a_ceiling_caps_anyone(
    demo_warehouse: Path, tmp_path: Path, users_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, capped = tmp_path / "lead.csv", tmp_path / "capped.csv"
    argv = ("--format", "csv", "--users-file", str(users_file))
    assert export(demo_warehouse, lead, *argv, "--as", "lead") == 0
    assert {row["tlp"] for row in rows(lead)} == {"CLEAR", "GREEN"}
    assert export(demo_warehouse, capped, *argv, "--role", "analyst", "--ceiling", "tlp:amber") == 0
    assert {row["tlp"] for row in rows(capped)} == {"CLEAR", "GREEN", "AMBER"}
    assert "highest marking in the file: TLP:AMBER" in capsys.readouterr().out


def test_filter_options_narrow_the_file_like_the_filter_bar_and_take_any_case(
    demo_warehouse: Path, demo_source: Source, tmp_path: Path
) -> None:
    out = tmp_path / "narrow.csv"
    argv = ["--format", "csv", "--role", "analyst", "--from", "2020-01-01", "--to", str(TODAY)]
    argv += ["--heading", "mie", "--tlp", "TLP:green,amber", "--tlp", "CLEAR"]
    assert export(demo_warehouse, out, *argv) == 0
    chosen = Filters(
        date_from=TODAY.replace(year=2020, month=1, day=1),
        date_to=TODAY,
        headings=("MIE",),
        tlp=("GREEN", "AMBER", "CLEAR"),
    )
    expected = incident_records(demo_source, Principal("a", Role.ANALYST), chosen)
    written = rows(out)
    assert [row["incident_id"] for row in written] == expected["incident_id"].to_list()
    assert {row["heading"] for row in written} == {"MIE"}
    assert expected.height > 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "say whom the export is for"),
        (["--as", "ca-focal", "--role", "analyst"], "not both"),
        (["--as", "nobody"], "no such user"),
        (["--role", "focal_point"], "must be bound to a member code"),
        (["--role", "analyst", "--ceiling", "GREN"], "expected a TLP level"),
        (["--role", "analyst", "--heading", "MEI"], "did you mean 'MIE'"),
        (["--role", "analyst", "--from", "2025-02-01", "--to", "2025-01-01"], "is after"),
        (["--role", "analyst", "--actor", "ACT-NOPE"], "not an actor you may see"),
    ],
)
def test_usage_errors_exit_2_with_a_message_and_write_nothing(
    demo_warehouse: Path,
    tmp_path: Path,
    users_file: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    out = tmp_path / "never.csv"
    code = export(demo_warehouse, out, "--format", "csv", "--users-file", str(users_file), *argv)
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "pdf", "--out", "x", "--role", "analyst"],
        ["--format", "csv", "--out", "x", "--role", "analyst", "--from", "last week"],
        ["--out", "x", "--role", "analyst"],
    ],
    ids=["unknown-format", "bad-date", "no-format"],
)
def test_malformed_options_are_refused_by_the_parser_with_status_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_args(*argv)
    assert stopped.value.code == 2


def test_a_missing_warehouse_exits_1_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "never.csv"
    assert export(tmp_path / "none.duckdb", out, "--format", "csv", "--role", "analyst") == 1
    assert "No warehouse at" in capsys.readouterr().err
    assert not out.exists()


def test_navigator_writes_a_disarm_layer(
    demo_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "layer.json"
    argv = ("--format", "navigator", "--role", "analyst", "--name", "Test layer")
    assert export(demo_warehouse, out, *argv) == 0
    layer = json.loads(out.read_text(encoding="utf-8"))
    assert layer["domain"] == "DISARM" and layer["name"] == "Test layer"
    scored = [t for t in layer["techniques"] if t["score"] > 0]
    assert f"Wrote {len(scored):,} techniques" in capsys.readouterr().out


def test_stix_writes_a_bundle_and_names_its_highest_marking(
    demo_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bundle.json"
    argv = ("--format", "stix", "--role", "focal_point", "--member", "FR", "--ceiling", "AMBER")
    assert export(demo_warehouse, out, *argv) == 0
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert bundle["type"] == "bundle"
    printed = capsys.readouterr().out
    assert "STIX objects" in printed and "highest marking in the file: TLP:AMBER" in printed


@pytest.fixture(scope="module")
def canary_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_canary_warehouse(tmp_path_factory.mktemp("canary") / "rrm.duckdb", TODAY)


FORMATS = ["csv", "stix"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("viewer", "member"), [("ca_focal", "CA"), ("au_observer", "AU")])
def test_a_member_bound_export_never_holds_a_canary_its_viewer_may_not_see(
    canary_warehouse: Path, tmp_path: Path, fmt: str, viewer: str, member: str
) -> None:
    out = tmp_path / f"export.{fmt}"
    role = VIEWERS[viewer].role.value
    assert export(canary_warehouse, out, "--format", fmt, "--role", role, "--member", member) == 0
    text = out.read_text(encoding="utf-8")
    assert not leaks(viewer, text), leaks(viewer, text)
    assert all(canary.incident_id in text for canary in visible_canaries(viewer))


def test_the_highest_marking_reported_is_the_highest_in_the_file(
    demo_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fr.csv"
    argv = ("--format", "csv", "--role", "focal_point", "--member", "FR", "--tlp", "GREEN,AMBER")
    assert export(demo_warehouse, out, *argv) == 0
    highest = max((row["tlp"] for row in rows(out)), key=TLP_RANK.__getitem__)
    assert highest == "AMBER"
    assert "highest marking in the file: TLP:AMBER" in capsys.readouterr().out
