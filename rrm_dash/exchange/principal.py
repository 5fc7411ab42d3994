"""Who a command-line export is for: a user of the users file, or a role and member code."""

from __future__ import annotations

from pathlib import Path

from rrm_dash.access import TLP_LEVELS, Principal, normalise_marking, with_role_ceiling
from rrm_dash.auth import users
from rrm_dash.auth.users import UsersError, UsersFileError

#: The username recorded for an export made with --role/--member rather than --as.
COMMAND_LINE_USER = "command-line"


class UsageError(Exception):
    """A command-line mistake the user can correct (exit status 2); the message says how."""


def parse_ceiling(text: str) -> str:
    """A TLP level from `--ceiling` (TLP:AMBER, amber, AMBER+STRICT, WHITE...); anything else is
    a usage error, never silently RED (which would lift nothing)."""
    level = normalise_marking(text)
    spelled = text.strip().upper().replace(" ", "").removeprefix("TLP:").removeprefix("TLP")
    if level == "RED" and spelled != "RED":
        raise UsageError(
            f"--ceiling {text!r}: expected a TLP level, one of {', '.join(TLP_LEVELS)}"
        )
    return level


def export_principal(
    *,
    as_user: str | None,
    role: str | None,
    member: str | None,
    ceiling: str | None,
    users_file: Path,
) -> Principal:
    """The viewer an export is made for, capped like the app caps it (the role's default
    ceiling, e.g. TLP:GREEN for leadership) and at `ceiling` when given.

    Raises UsageError for a missing, doubled or inconsistent choice of viewer, and
    UsersFileError when the users file cannot be read.
    """
    if as_user and (role or member):
        raise UsageError("give either --as USER or --role ROLE [--member CODE], not both")
    if as_user:
        known = users.load_users(users_file)
        if as_user not in known:
            raise UsageError(f"--as {as_user!r}: no such user in {users_file}")
        principal = known[as_user].principal()
    elif role:
        try:
            principal = users.new_user(COMMAND_LINE_USER, "", "", role, member).principal()
        except UsersFileError:
            raise
        except UsersError as error:
            raise UsageError(f"--role {role} --member {member or '(none)'}: {error}") from None
    else:
        raise UsageError(
            "say whom the export is for: --as USER (a user of the users file), or --role ROLE "
            "with --member CODE for member-bound roles; it contains only what they may see"
        )
    principal = with_role_ceiling(principal)
    return principal.with_ceiling(parse_ceiling(ceiling)) if ceiling else principal
