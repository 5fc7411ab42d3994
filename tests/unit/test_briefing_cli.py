"""`python -m rrm_dash briefing`: the briefing PDF for a viewer, capped at TLP:GREEN unless told
otherwise, narrowed like the filter bar; it says what it wrote; usage errors exit 2 and write
nothing."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pypdf
import pytest

from rrm_dash.auth import users
from rrm_dash.briefing.cli import add_briefing_parser, command_briefing
from rrm_dash.i18n import translator

PASSWORD = "a long enough password"


def parse_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m rrm_dash")
    add_briefing_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["briefing", *argv])


def briefing(warehouse: Path, out: Path, *argv: str) -> int:
    return command_briefing(parse_args("--warehouse", str(warehouse), "--out", str(out), *argv))


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 4)
    path = tmp_path / "users.yaml"
    users.add_user("lead", "Leader", "", "leadership", None, PASSWORD, path=path)
    return path


def test_the_briefing_is_written_capped_at_green_and_the_command_says_what_it_wrote(
    demo_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "briefing.pdf"
    assert briefing(demo_warehouse, out, "--lang", "en", "--role", "analyst") == 0
    printed = capsys.readouterr().out
    pages = len(pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert 1 <= pages <= 2
    noun = "page" if pages == 1 else "pages"
    size = out.stat().st_size
    assert f"Wrote the leadership briefing (English, {pages} {noun}, {size:,} bytes) to {out}" in (
        printed
    )
    assert "nothing above TLP:GREEN" in printed
    text = pdf_text(out)
    assert translator("en")("briefing.title") in text
    assert "TLP:AMBER" not in text and "TLP:RED" not in text


def test_french_and_a_lifted_ceiling(
    demo_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "note.pdf"
    argv = ("--lang", "fr", "--role", "analyst", "--ceiling", "tlp:amber")
    assert briefing(demo_warehouse, out, *argv) == 0
    assert "(French," in capsys.readouterr().out
    text = pdf_text(out)
    assert translator("fr")("briefing.title") in text
    assert "TLP:AMBER" in text  # the demo holds AMBER incidents: now the highest shown


def test_a_leadership_user_cannot_lift_the_briefing_above_green(
    demo_warehouse: Path, tmp_path: Path, users_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "lead.pdf"
    argv = ("--lang", "en", "--as", "lead", "--users-file", str(users_file), "--ceiling", "RED")
    assert briefing(demo_warehouse, out, *argv) == 0
    assert "as lead (leadership, -), nothing above TLP:GREEN" in capsys.readouterr().out
    assert "TLP:AMBER" not in pdf_text(out)


def test_filter_options_narrow_the_briefing_and_it_says_so(
    demo_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ca.pdf"
    argv = ("--lang", "en", "--role", "analyst", "--targeted", "ca", "--from", "2025-01-01")
    assert briefing(demo_warehouse, out, *argv, "--to", "2025-03-31") == 0
    assert "period: 2025-01-01 to 2025-03-31" in capsys.readouterr().out
    text = pdf_text(out)
    assert "Narrowed to" in text and "Canada" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--lang", "en"], "say whom"),
        (["--lang", "en", "--as", "x", "--role", "analyst"], "not both"),
        (["--lang", "en", "--role", "analyst", "--ceiling", "PURPLE"], "--ceiling 'PURPLE'"),
        (["--lang", "en", "--role", "focal_point"], "--role focal_point"),
        (["--lang", "en", "--role", "analyst", "--targeted", "ZZ"], "--targeted 'ZZ'"),
        (
            ["--lang", "en", "--role", "analyst", "--from", "2025-05-01", "--to", "2025-01-01"],
            "is after",
        ),
        (["--lang", "en", "--role", "analyst", "--to", "2999-01-01"], "after today"),
    ],
)
def test_usage_errors_exit_2_with_a_message_and_write_nothing(
    demo_warehouse: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    out = tmp_path / "briefing.pdf"
    assert briefing(demo_warehouse, out, *argv) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_output_folder_that_does_not_exist_is_a_usage_error(
    demo_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "briefing.pdf"
    assert briefing(demo_warehouse, out, "--lang", "en", "--role", "analyst") == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["--out", "x.pdf", "--role", "analyst"],  # no --lang
        ["--lang", "de", "--out", "x.pdf", "--role", "analyst"],
        ["--lang", "en", "--role", "analyst"],  # no --out
        ["--lang", "en", "--out", "x.pdf", "--from", "01/02/2025"],
    ],
)
def test_malformed_options_are_refused_by_the_parser_with_status_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_args(*argv)
    assert stopped.value.code == 2


def test_a_missing_warehouse_exits_1_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "briefing.pdf"
    code = briefing(tmp_path / "nowhere.duckdb", out, "--lang", "en", "--role", "analyst")
    assert code == 1
    assert "error:" in capsys.readouterr().err
    assert not out.exists()
