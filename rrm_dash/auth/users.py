"""The users file: who may sign in, with which role and member code, and their password hashes.

The file is the `credentials` layout streamlit-authenticator 0.4.2 reads, plus our own
per-user `member_code` (the library keeps unknown fields and ignores them):

    credentials:
      usernames:
        ca-focal:
          email: focal@example.org
          first_name: Jane
          last_name: Doe
          password: $2b$12$...        # bcrypt hash, never plain text
          roles: [focal_point]        # exactly one of rrm_dash.access.Role
          member_code: CA             # required for focal_point, observer, taskforce
          failed_login_attempts: 0    # managed by the library
          logged_in: false            # managed by the library

The cookie key is a secret and does not belong here. Other top-level keys and unknown
per-user fields are kept as they are when the file is saved.
"""

from __future__ import annotations

import copy
import functools
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bcrypt
import yaml

from rrm_dash.access import (
    COORDINATION_UNIT_ROLES,
    FULL_MEMBERS,
    MEMBER_BOUND_ROLES,
    OBSERVERS,
    Principal,
    Role,
)
from rrm_dash.config import users_path

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,40}")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
BCRYPT_HASH_PATTERN = re.compile(r"\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}")
MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_BYTES = 72  # bcrypt's limit: bcrypt 5 refuses longer passwords
BCRYPT_ROUNDS = 12
FILE_MODE = 0o600


class UsersError(Exception):
    """A refused change to the users file (bad username, weak password, unknown user...)."""


class UsersFileError(UsersError):
    """The users file cannot be read or is not valid; the message names the file and user."""


@dataclass(frozen=True)
class User:
    """One user of the users file, without the password hash."""

    username: str
    name: str
    email: str
    role: Role
    member_code: str | None

    def principal(self) -> Principal:
        """The viewer this user is once signed in."""
        return Principal(self.username, self.role, self.member_code)


# -- validation ---------------------------------------------------------------------------------


def check_username(username: str) -> str:
    if not USERNAME_PATTERN.fullmatch(username):
        raise UsersError(
            f"invalid username {username!r}: use 2 to 41 lower-case letters, digits, '.', '_' "
            "or '-', starting with a letter or digit"
        )
    return username


def check_password(password: str) -> None:
    """The password policy: at least 12 characters, at most 72 bytes (bcrypt's limit)."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise UsersError(
            f"password too short: at least {MIN_PASSWORD_CHARS} characters are required"
        )
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise UsersError(f"password too long: at most {MAX_PASSWORD_BYTES} bytes (UTF-8)")


def _role_member_problem(role: Role, member_code: str | None) -> str | None:
    """Why this role cannot have this member code, or None when the pair is valid."""
    if role in COORDINATION_UNIT_ROLES:
        if member_code:
            return f"{role.value} users belong to the Coordination Unit and take no member code"
        return None
    if role in MEMBER_BOUND_ROLES and not member_code:
        return f"a {role.value} user must be bound to a member code"
    allowed = OBSERVERS if role is Role.OBSERVER else FULL_MEMBERS
    if member_code and member_code not in allowed:
        kind = "an observer" if role is Role.OBSERVER else "a full member"
        return (
            f"a {role.value} user must be bound to {kind} ({', '.join(sorted(allowed))}), "
            f"not {member_code!r}"
        )
    return None


def _normalise_member(member_code: str | None) -> str | None:
    if member_code is None or member_code.strip() == "":
        return None
    return member_code.strip().upper()


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = " ".join(name.split()).partition(" ")
    return first, last


def _hash(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode()


def _user_from_entry(path: Path, username: object, entry: object) -> User:
    """A validated User from one `credentials.usernames` entry, or a UsersFileError."""
    if not isinstance(username, str) or not USERNAME_PATTERN.fullmatch(username):
        raise UsersFileError(
            f"{path}: user {username!r}: invalid username (expected {USERNAME_PATTERN.pattern})"
        )

    def fail(field: str, problem: str) -> UsersFileError:
        return UsersFileError(f"{path}: user {username!r}: field {field!r}: {problem}")

    if not isinstance(entry, Mapping):
        raise fail("(entry)", "expected a mapping of fields")
    password = entry.get("password")
    if not isinstance(password, str) or not BCRYPT_HASH_PATTERN.fullmatch(password):
        raise fail("password", "missing or not a bcrypt hash (set it with `users set-password`)")
    roles = entry.get("roles")
    if not isinstance(roles, list) or len(roles) != 1:
        raise fail("roles", f"expected a list of exactly one role, got {roles!r}")
    try:
        role = Role(roles[0])
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise fail("roles", f"unknown role {roles[0]!r} (expected one of {known})") from None
    raw_member = entry.get("member_code")
    if raw_member is not None and not isinstance(raw_member, str):
        raise fail("member_code", f"expected a member code, got {raw_member!r}")
    member_code = _normalise_member(raw_member)
    problem = _role_member_problem(role, member_code)
    if problem:
        raise fail("member_code", problem)
    texts: dict[str, str] = {}
    for field in ("email", "first_name", "last_name", "name"):
        value = entry.get(field)
        if value is not None and not isinstance(value, str):
            raise fail(field, f"expected text, got {value!r}")
        texts[field] = value or ""
    # The same rule as the library's display name: first and last name, else `name`.
    name = f"{texts['first_name']} {texts['last_name']}".strip() or texts["name"] or username
    return User(username, name, texts["email"], role, member_code)


# -- reading and writing ------------------------------------------------------------------------


def _read(path: Path) -> tuple[dict[str, Any], dict[str, User]]:
    """The raw document and its validated users; a missing file is an empty one."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {"credentials": {"usernames": {}}}, {}
    except OSError as error:
        raise UsersFileError(f"{path}: cannot read the users file: {error}") from error
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise UsersFileError(f"{path}: not valid YAML: {error}") from error
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise UsersFileError(f"{path}: expected a mapping with a 'credentials' key")
    credentials = document.setdefault("credentials", {})
    if credentials is None:
        credentials = document["credentials"] = {}
    if not isinstance(credentials, dict):
        raise UsersFileError(f"{path}: 'credentials' must be a mapping with a 'usernames' key")
    entries = credentials.get("usernames")
    if entries is None:
        entries = credentials["usernames"] = {}
    if not isinstance(entries, dict):
        raise UsersFileError(f"{path}: 'credentials.usernames' must be a mapping of users")
    users = {str(name): _user_from_entry(path, name, entry) for name, entry in entries.items()}
    return document, users


def _write(path: Path, document: Mapping[str, Any]) -> None:
    """Replace the file atomically (temporary file, fsync, rename), readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(
        dict(document), sort_keys=False, allow_unicode=True, default_flow_style=False
    )
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


@contextmanager
def _editing(path: Path) -> Iterator[tuple[dict[str, Any], dict[str, Any], dict[str, User]]]:
    """Read, validate, let the caller change the entries, then save atomically."""
    document, users = _read(path)
    yield document, document["credentials"]["usernames"], users
    _write(path, document)


def _entry(user: User, password_hash: str) -> dict[str, Any]:
    first_name, last_name = _split_name(user.name)
    entry: dict[str, Any] = {
        "email": user.email,
        "first_name": first_name,
        "last_name": last_name,
        "password": password_hash,
        "roles": [user.role.value],
    }
    if user.member_code:
        entry["member_code"] = user.member_code
    entry["failed_login_attempts"] = 0
    entry["logged_in"] = False
    return entry


# -- the operations -----------------------------------------------------------------------------


def load_users(path: str | os.PathLike[str] | None = None) -> dict[str, User]:
    """Every user of the file by username, validated (a missing file has no users).

    Read once per version of the file: the app asks on every run, and every change to the
    file replaces it (a new modification time and inode).
    """
    file = users_path(path)
    try:
        stat = file.stat()
        version = (stat.st_mtime_ns, stat.st_ino, stat.st_size)
    except FileNotFoundError:
        version = None
    return dict(_users_of_version(file, version))


@functools.lru_cache(maxsize=8)
def _users_of_version(file: Path, version: tuple[int, int, int] | None) -> dict[str, User]:
    # `version` is only part of the cache key: a changed file is a new key.
    return _read(file)[1]


def list_users(path: str | os.PathLike[str] | None = None) -> list[User]:
    """The users sorted by username; never the password hashes."""
    return sorted(load_users(path).values(), key=lambda user: user.username)


def authenticator_credentials(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """A validated copy of `credentials` for `streamlit_authenticator.Authenticate`."""
    document, _ = _read(users_path(path))
    return copy.deepcopy(document["credentials"])


def new_user(
    username: str, name: str, email: str, role: Role | str, member_code: str | None
) -> User:
    """A valid User from its parts (not yet in the file), or a UsersError saying what is wrong."""
    check_username(username)
    try:
        role = Role(role)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise UsersError(f"unknown role {role!r} (expected one of {known})") from None
    member = _normalise_member(member_code)
    problem = _role_member_problem(role, member)
    if problem:
        raise UsersError(problem)
    email = email.strip()
    if email and not EMAIL_PATTERN.fullmatch(email):
        raise UsersError(f"invalid e-mail address {email!r}")
    return User(username, " ".join(name.split()) or username, email, role, member)


def add_user(
    username: str,
    name: str,
    email: str,
    role: Role | str,
    member_code: str | None,
    password: str,
    *,
    path: str | os.PathLike[str] | None = None,
) -> User:
    """Add a user; refuses duplicates, invalid usernames, weak passwords and wrong member codes."""
    user = new_user(username, name, email, role, member_code)
    check_password(password)
    file = users_path(path)
    with _editing(file) as (_, entries, users):
        if username in users:
            raise UsersError(f"{file}: user {username!r} already exists")
        entries[username] = _entry(user, _hash(password))
    return user


def remove_user(username: str, *, path: str | os.PathLike[str] | None = None) -> None:
    file = users_path(path)
    with _editing(file) as (_, entries, users):
        if username not in users:
            raise UsersError(f"{file}: no user {username!r}")
        del entries[username]


def set_password(
    username: str, password: str, *, path: str | os.PathLike[str] | None = None
) -> None:
    """Replace a user's password hash and clear their failed sign-in count."""
    check_password(password)
    file = users_path(path)
    with _editing(file) as (_, entries, users):
        if username not in users:
            raise UsersError(f"{file}: no user {username!r}")
        entries[username]["password"] = _hash(password)
        entries[username]["failed_login_attempts"] = 0


_DUMMY_HASH: list[bytes] = []


def verify_password(
    username: str, password: str, *, path: str | os.PathLike[str] | None = None
) -> bool:
    """Whether `password` is this user's; False for unknown users (after the same work)."""
    document, users = _read(users_path(path))
    if username in users:
        stored = document["credentials"]["usernames"][username]["password"].encode()
    else:  # spend the time of a real check, so timing does not reveal who exists
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(bcrypt.hashpw(b"not-a-user", bcrypt.gensalt(BCRYPT_ROUNDS)))
        stored = _DUMMY_HASH[0]
    try:
        matches = bcrypt.checkpw(password.encode(), stored)
    except ValueError:  # longer than bcrypt's 72 bytes: never a valid password here
        return False
    return matches and username in users
