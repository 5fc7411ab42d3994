"""`python -m rrm_dash users add|remove|set-password|list`: manage the users file.

Passwords are never taken from the command line: they are typed twice without echo, or
read as one line from standard input with `--password-stdin`.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from rrm_dash.access import Role
from rrm_dash.auth import users
from rrm_dash.auth.users import MIN_PASSWORD_CHARS, UsersError
from rrm_dash.config import users_path


def add_users_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Add the `users` command and its actions to the main parser's subcommands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--users-file",
        metavar="PATH",
        help="users file (default: RRM_USERS_FILE or data/users.yaml)",
    )
    password_stdin = argparse.ArgumentParser(add_help=False)
    password_stdin.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password as one line from standard input instead of prompting",
    )

    parser = subparsers.add_parser(
        "users", help="manage who may sign in (the users file)", description=__doc__
    )
    actions = parser.add_subparsers(dest="users_command", required=True, metavar="ACTION")

    add = actions.add_parser(
        "add",
        parents=[common, password_stdin],
        help="add a user",
        description=f"Add a user. The password needs at least {MIN_PASSWORD_CHARS} characters.",
    )
    add.add_argument("username", metavar="USERNAME")
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.add_argument(
        "--member",
        metavar="CODE",
        help="member code: required for focal_point, taskforce (a member) and observer",
    )
    add.add_argument("--name", help="full name (default: the username)")
    add.add_argument("--email", default="", help="e-mail address")

    remove = actions.add_parser("remove", parents=[common], help="remove a user")
    remove.add_argument("username", metavar="USERNAME")

    set_password = actions.add_parser(
        "set-password", parents=[common, password_stdin], help="set a user's password"
    )
    set_password.add_argument("username", metavar="USERNAME")

    actions.add_parser("list", parents=[common], help="list the users (never the passwords)")
    return parser


def _read_password(username: str, from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line.removesuffix("\n").removesuffix("\r")
        if not password:
            raise UsersError("no password on standard input")
        users.check_password(password)
        return password
    password = getpass.getpass(f"Password for {username}: ")
    users.check_password(password)
    if getpass.getpass("Repeat the password: ") != password:
        raise UsersError("the passwords do not match; nothing was changed")
    return password


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def command_users(args: argparse.Namespace) -> int:
    """Run one `users` action; errors go to standard error with exit status 1."""
    path = users_path(args.users_file)
    try:
        if args.users_command == "add":
            # Check everything but the password before asking for it.
            users.new_user(
                args.username, args.name or args.username, args.email, args.role, args.member
            )
            if args.username in users.load_users(path):
                raise UsersError(f"{path}: user {args.username!r} already exists")
            password = _read_password(args.username, args.password_stdin)
            user = users.add_user(
                args.username,
                args.name or args.username,
                args.email,
                args.role,
                args.member,
                password,
                path=path,
            )
            member = f", member {user.member_code}" if user.member_code else ""
            print(f"Added {user.username} ({user.role.value}{member}) to {path}")
        elif args.users_command == "remove":
            users.remove_user(args.username, path=path)
            print(f"Removed {args.username} from {path}")
        elif args.users_command == "set-password":
            if args.username not in users.load_users(path):
                raise UsersError(f"{path}: no user {args.username!r}")
            password = _read_password(args.username, args.password_stdin)
            users.set_password(args.username, password, path=path)
            print(f"Password set for {args.username} in {path}")
        elif args.users_command == "list":
            listed = users.list_users(path)
            if not listed:
                print(f"No users in {path}")
                return 0
            rows: list[tuple[str, ...]] = [("USERNAME", "ROLE", "MEMBER", "NAME")]
            rows += [(u.username, u.role.value, u.member_code or "-", u.name) for u in listed]
            print(_table(rows))
        else:  # pragma: no cover - argparse only accepts the actions above
            raise UsersError(f"unknown action {args.users_command!r}")
    except (UsersError, EOFError) as error:
        message = str(error) or "no password was entered"
        print(f"error: {message}", file=sys.stderr)
        return 1
    return 0
