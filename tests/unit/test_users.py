"""The users file and `python -m rrm_dash users ...`: who may sign in, and how passwords are kept."""

from __future__ import annotations

import argparse
import io
import os
import stat
from pathlib import Path

import pytest
import yaml

from rrm_dash.access import Role
from rrm_dash.auth import cli, users
from rrm_dash.auth.users import User, UsersError, UsersFileError
from rrm_dash.config import DEFAULT_USERS_FILE, users_path

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap bcrypt rounds keep the tests quick; one test checks the real cost."""
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def users_file(tmp_path: Path) -> Path:
    return tmp_path / "users.yaml"


def add_focal_point(users_file: Path, username: str = "ca-focal") -> User:
    return users.add_user(
        username, "Jane de la Tour", "jane@example.org", Role.FOCAL_POINT, "ca", PASSWORD,
        path=users_file,
    )  # fmt: skip


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m rrm_dash")
    cli.add_users_parser(parser.add_subparsers(dest="command", required=True))
    return cli.command_users(parser.parse_args(argv))


def test_added_user_is_listed_and_signs_in_with_their_password(users_file: Path) -> None:
    added = add_focal_point(users_file)

    assert added == User("ca-focal", "Jane de la Tour", "jane@example.org", Role.FOCAL_POINT, "CA")
    assert users.list_users(users_file) == [added]
    assert users.verify_password("ca-focal", PASSWORD, path=users_file)
    assert added.principal().affiliation == "CA"


def test_wrong_password_and_unknown_user_are_refused(users_file: Path) -> None:
    add_focal_point(users_file)

    assert not users.verify_password("ca-focal", PASSWORD + "!", path=users_file)
    assert not users.verify_password("ca-focal", "x" * 100, path=users_file)
    assert not users.verify_password("nobody", PASSWORD, path=users_file)


def test_password_is_stored_only_as_a_bcrypt_hash_of_cost_12(
    users_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 12)
    add_focal_point(users_file)

    text = users_file.read_text()
    assert PASSWORD not in text
    entry = yaml.safe_load(text)["credentials"]["usernames"]["ca-focal"]
    assert entry["password"].startswith("$2b$12$")
    assert not any(
        "hash" in field or "password" in field for field in vars(users.list_users(users_file)[0])
    )


def test_file_has_the_layout_streamlit_authenticator_reads(users_file: Path) -> None:
    add_focal_point(users_file)

    entry = yaml.safe_load(users_file.read_text())["credentials"]["usernames"]["ca-focal"]
    assert entry["first_name"] == "Jane"
    assert entry["last_name"] == "de la Tour"
    assert entry["roles"] == ["focal_point"]
    assert entry["member_code"] == "CA"
    assert entry["failed_login_attempts"] == 0
    assert entry["logged_in"] is False
    assert "cookie" not in yaml.safe_load(users_file.read_text())


def test_library_accepts_the_credentials_and_their_member_code(users_file: Path) -> None:
    from streamlit_authenticator.models.authentication_model import AuthenticationModel

    add_focal_point(users_file)
    model = AuthenticationModel(users.authenticator_credentials(users_file), auto_hash=False)

    assert model.check_credentials("ca-focal", PASSWORD)
    assert not model.check_credentials("ca-focal", "not the password")
    assert model.credentials["usernames"]["ca-focal"]["member_code"] == "CA"


def test_duplicate_username_is_refused(users_file: Path) -> None:
    add_focal_point(users_file)

    with pytest.raises(UsersError, match="already exists"):
        add_focal_point(users_file)


@pytest.mark.parametrize("username", ["Jane", "-jane", "j", "jane doe", "jane/..", "a" * 42])
def test_invalid_username_is_refused(users_file: Path, username: str) -> None:
    with pytest.raises(UsersError, match="invalid username"):
        add_focal_point(users_file, username)
    assert not users_file.exists()


def test_short_password_is_refused_saying_the_minimum(users_file: Path) -> None:
    with pytest.raises(UsersError, match="at least 12 characters"):
        users.add_user("admin", "Ad Min", "", Role.ADMIN, None, "short", path=users_file)


def test_focal_point_without_member_code_is_refused(users_file: Path) -> None:
    with pytest.raises(UsersError, match="focal_point user must be bound to a member code"):
        users.add_user("fp", "F P", "", Role.FOCAL_POINT, None, PASSWORD, path=users_file)


def test_observer_bound_to_a_full_member_is_refused(users_file: Path) -> None:
    with pytest.raises(UsersError, match="observer user must be bound to an observer"):
        users.add_user("obs", "O B", "", Role.OBSERVER, "CA", PASSWORD, path=users_file)

    observer = users.add_user("obs", "O B", "", Role.OBSERVER, "AU", PASSWORD, path=users_file)
    assert observer.member_code == "AU"


def test_remove_user_and_set_password(users_file: Path) -> None:
    add_focal_point(users_file)
    add_focal_point(users_file, "fr-focal")

    users.set_password("ca-focal", "a brand new passphrase", path=users_file)
    users.remove_user("fr-focal", path=users_file)

    assert not users.verify_password("ca-focal", PASSWORD, path=users_file)
    assert users.verify_password("ca-focal", "a brand new passphrase", path=users_file)
    assert [user.username for user in users.list_users(users_file)] == ["ca-focal"]
    with pytest.raises(UsersError, match="no user 'fr-focal'"):
        users.remove_user("fr-focal", path=users_file)


def test_cli_adds_a_user_with_the_password_from_stdin(
    users_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    monkeypatch.setattr("getpass.getpass", pytest.fail)

    status = run_cli(
        ["users", "add", "au-obs", "--role", "observer", "--member", "AU", "--name", "Ann Obs",
         "--password-stdin", "--users-file", str(users_file)]
    )  # fmt: skip

    assert status == 0
    assert users.verify_password("au-obs", PASSWORD, path=users_file)
    assert run_cli(["users", "list", "--users-file", str(users_file)]) == 0
    table = capsys.readouterr().out.splitlines()[-2:]
    assert table[0].split() == ["USERNAME", "ROLE", "MEMBER", "NAME"]
    assert table[1].split() == ["au-obs", "observer", "AU", "Ann", "Obs"]


def test_cli_refuses_mismatched_password_confirmation(
    users_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter([PASSWORD, PASSWORD + "?"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))

    status = run_cli(["users", "add", "admin", "--role", "admin", "--users-file", str(users_file)])

    assert status == 1
    assert "do not match" in capsys.readouterr().err
    assert users.list_users(users_file) == []


def test_cli_sets_a_password_typed_twice(users_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_focal_point(users_file)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "another long passphrase")

    status = run_cli(["users", "set-password", "ca-focal", "--users-file", str(users_file)])

    assert status == 0
    assert users.verify_password("ca-focal", "another long passphrase", path=users_file)


def test_cli_reports_errors_on_stderr_with_status_1_and_usage_errors_with_2(
    users_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_cli(["users", "remove", "nobody", "--users-file", str(users_file)])
    assert status == 1
    assert "no user 'nobody'" in capsys.readouterr().err

    with pytest.raises(SystemExit) as usage:
        run_cli(["users", "add", "x1", "--role", "boss", "--users-file", str(users_file)])
    assert usage.value.code == 2
    with pytest.raises(SystemExit) as usage:
        run_cli(["users", "add", "x1", "--role", "admin", "--password", PASSWORD])
    assert usage.value.code == 2


def test_file_is_written_atomically_with_mode_0600(
    users_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_focal_point(users_file)
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
    before = users_file.read_text()

    def crash(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        add_focal_point(users_file, "fr-focal")

    assert users_file.read_text() == before
    assert [p.name for p in users_file.parent.iterdir()] == ["users.yaml"]


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"roles": ["boss"]}, "roles"),
        ({"roles": ["focal_point"], "member_code": None}, "member_code"),
        ({"roles": ["observer"], "member_code": "CA"}, "member_code"),
        ({"password": PASSWORD}, "password"),
    ],
)
def test_malformed_file_names_the_file_the_user_and_the_field(
    users_file: Path, entry: dict[str, object], field: str
) -> None:
    add_focal_point(users_file)
    document = yaml.safe_load(users_file.read_text())
    document["credentials"]["usernames"]["ca-focal"].update(entry)
    users_file.write_text(yaml.safe_dump(document))

    with pytest.raises(UsersFileError) as error:
        users.list_users(users_file)

    assert str(users_file) in str(error.value)
    assert "'ca-focal'" in str(error.value)
    assert repr(field) in str(error.value)


def test_invalid_yaml_names_the_file(users_file: Path) -> None:
    users_file.write_text("credentials: [unclosed\n")

    with pytest.raises(UsersFileError, match=str(users_file)):
        users.load_users(users_file)


def test_users_file_comes_from_rrm_users_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RRM_USERS_FILE", str(tmp_path / "elsewhere.yaml"))
    assert users_path() == tmp_path / "elsewhere.yaml"
    assert users_path(tmp_path / "given.yaml") == tmp_path / "given.yaml"
    monkeypatch.delenv("RRM_USERS_FILE")
    assert users_path() == DEFAULT_USERS_FILE
