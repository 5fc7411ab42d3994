"""Session cookies: only a well-signed, unexpired, unrevoked token names a user; lockout."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt

from rrm_dash.auth import state, tokens

KEY = "k" * 40
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_a_token_issued_here_names_its_user_until_it_expires() -> None:
    token = tokens.issue("ca-focal", KEY, NOW + timedelta(hours=12))
    assert tokens.token_user(token, KEY, NOW) == (
        "ca-focal",
        (NOW + timedelta(hours=12)).timestamp(),
    )
    assert tokens.token_user(token, KEY, NOW + timedelta(hours=13)) is None


def test_a_tampered_token_is_refused() -> None:
    token = tokens.issue("ca-focal", KEY, NOW + timedelta(hours=12))
    header, _, signature = token.split(".")
    forged_claims = jwt.utils.base64url_encode(
        b'{"username":"admin","exp_date":9999999999}'
    ).decode()
    assert tokens.token_user(f"{header}.{forged_claims}.{signature}", KEY, NOW) is None
    assert tokens.token_user(token[:-2] + "xx", KEY, NOW) is None


def test_a_token_signed_with_another_key_or_algorithm_is_refused() -> None:
    other = tokens.issue("admin", "another-key-" * 4, NOW + timedelta(hours=1))
    assert tokens.token_user(other, KEY, NOW) is None
    unsigned = jwt.encode({"username": "admin", "exp_date": 9e9}, None, algorithm="none")
    assert tokens.token_user(unsigned, KEY, NOW) is None
    assert tokens.token_user("not a token", KEY, NOW) is None


def test_a_revoked_session_stays_refused_for_every_process(tmp_path: Path) -> None:
    store = tmp_path / "auth.sqlite"
    token = tokens.issue("ca-focal", KEY, NOW + timedelta(hours=12))
    assert not state.is_revoked(store, tokens.fingerprint(token))
    state.revoke(store, tokens.fingerprint(token), (NOW + timedelta(hours=12)).timestamp(), NOW)
    assert state.is_revoked(store, tokens.fingerprint(token))
    assert token not in store.read_bytes().decode("latin-1")  # only a hash is stored


def test_five_failures_lock_an_account_for_fifteen_minutes(tmp_path: Path) -> None:
    store = tmp_path / "auth.sqlite"
    for minute in range(state.MAX_FAILURES - 1):
        state.record_failure(store, "ca-focal", NOW + timedelta(minutes=minute))
    assert state.locked_until(store, "ca-focal", NOW + timedelta(minutes=4)) is None
    state.record_failure(store, "ca-focal", NOW + timedelta(minutes=4))
    until = state.locked_until(store, "ca-focal", NOW + timedelta(minutes=5))
    assert until == NOW + state.LOCK_WINDOW
    assert state.locked_until(store, "ca-focal", NOW + timedelta(minutes=16)) is None
    assert state.locked_until(store, "someone-else", NOW + timedelta(minutes=5)) is None


def test_a_successful_sign_in_clears_the_failures(tmp_path: Path) -> None:
    store = tmp_path / "auth.sqlite"
    for _ in range(state.MAX_FAILURES):
        state.record_failure(store, "ca-focal", NOW)
    state.clear_failures(store, "ca-focal")
    assert state.locked_until(store, "ca-focal", NOW) is None
