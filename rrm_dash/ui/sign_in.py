"""Sign-in and sign-out: a bcrypt users file, a signed session cookie, server-side revocation.

streamlit-authenticator's cookie controller writes and deletes the browser cookie; this module
decides who is signed in. A cookie alone never signs anyone in without passing
rrm_dash.auth.tokens.token_user and the revocation list, so a token replayed after sign-out, a
tampered one and an expired one are all refused.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import streamlit as st
import streamlit_authenticator as stauth

from rrm_dash.access import Principal
from rrm_dash.audit import record
from rrm_dash.audit.events import sign_in_event, sign_in_failed_event, sign_out_event
from rrm_dash.auth import state, tokens
from rrm_dash.auth.users import UsersError, load_users, verify_password
from rrm_dash.config import auth_state_path, configured_cookie_key
from rrm_dash.i18n import Translator
from rrm_dash.i18n.formatting import moment

COOKIE_NAME = "rrm_dash_session"
SESSION_LENGTH = timedelta(hours=12)
USER_KEY = "signed_in_user"
STARTED_KEY = "signed_in_at"
TOKEN_KEY = "session_token"
NOTICE_KEY = "sign_in_notice"
#: Used only for demo warehouses started without a key: valid for this process's life.
_DEMO_KEY = secrets.token_urlsafe(32)


def cookie_key(demo: bool) -> str | None:
    """The configured key; for a demo warehouse a per-process one; None means refuse to run."""
    return configured_cookie_key() or (_DEMO_KEY if demo else None)


def _now() -> datetime:
    return datetime.now(UTC)


def _browser_cookie() -> str | None:
    return st.context.cookies.get(COOKIE_NAME)


def _cookies(key: str) -> stauth.Authenticate:
    # The library's cookie controller talks to the browser; its own login is never used.
    return stauth.Authenticate(
        {"usernames": {}}, COOKIE_NAME, key, SESSION_LENGTH / timedelta(days=1)
    )


def _forget(notice: str | None = None) -> None:
    for name in (USER_KEY, STARTED_KEY, TOKEN_KEY):
        st.session_state.pop(name, None)
    if notice:
        st.session_state[NOTICE_KEY] = notice


def signed_in_principal(key: str) -> Principal | None:
    """Who is signed in to this session, from the session or a valid, unrevoked cookie."""
    now = _now()
    try:
        users = load_users()
    except UsersError:
        return None
    username = st.session_state.get(USER_KEY)
    if username:
        started = st.session_state.get(STARTED_KEY)
        if username not in users or started is None or now - started > SESSION_LENGTH:
            _forget("auth.expired")
            return None
        return users[username].principal()
    token = _browser_cookie()
    if not token:
        return None
    found = tokens.token_user(token, key, now)
    store = auth_state_path()
    if found is None or found[0] not in users or state.is_revoked(store, tokens.fingerprint(token)):
        return None
    username, expires = found
    st.session_state[USER_KEY] = username
    st.session_state[STARTED_KEY] = datetime.fromtimestamp(expires, UTC) - SESSION_LENGTH
    st.session_state[TOKEN_KEY] = token
    return users[username].principal()


def _has_users() -> bool:
    try:
        return bool(load_users())
    except UsersError:
        return False


def sign_in_form(t: Translator, key: str) -> Principal | None:
    """The sign-in form; the principal once a password is accepted (None until then)."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.info(t(notice), icon=":material/logout:")
    if not _has_users():
        st.warning(t("auth.no_users"), icon=":material/group_off:")
    holder = st.empty()
    with holder.form("sign_in", clear_on_submit=True):
        st.subheader(t("auth.title"))
        st.caption(t("auth.caption"))
        typed = st.text_input(t("auth.username"), key="sign_in_username", autocomplete="username")
        password = st.text_input(
            t("auth.password"), type="password", key="sign_in_password", autocomplete="off"
        )
        submitted = st.form_submit_button(t("auth.submit"), icon=":material/login:")
    if not submitted:
        return None
    username, now, store = typed.strip().lower(), _now(), auth_state_path()
    until = state.locked_until(store, username, now) if username else None
    if until is not None:
        record(sign_in_failed_event(username, "locked"))
        st.error(t("auth.locked", time=moment(until.replace(tzinfo=None), t.lang)))
        return None
    if not username or not verify_password(username, password):
        if username:
            state.record_failure(store, username, now)
        record(sign_in_failed_event(username, "wrong user name or password"))
        st.error(t("auth.failed"))
        return None
    state.clear_failures(store, username)
    token = tokens.issue(username, key, now + SESSION_LENGTH)
    _cookies(key).cookie_controller.cookie_model.cookie_manager.set(
        COOKIE_NAME, token, expires_at=(now + SESSION_LENGTH).replace(tzinfo=None)
    )
    st.session_state[USER_KEY] = username
    st.session_state[STARTED_KEY] = now
    st.session_state[TOKEN_KEY] = token
    holder.empty()
    principal = load_users()[username].principal()
    record(sign_in_event(principal))
    return principal


def sign_out_button(t: Translator, key: str, principal: Principal) -> bool:
    """The sign-out button (sidebar); True when the user has just signed out."""
    st.caption(
        t("auth.signed_in_as", user=principal.username, role=t(f"auth.role.{principal.role.value}"))
    )
    if not st.button(t("auth.sign_out"), key="sign_out", icon=":material/logout:"):
        return False
    token = st.session_state.get(TOKEN_KEY)
    if token:
        found = tokens.token_user(token, key, _now())
        expires = found[1] if found else _now().timestamp()
        state.revoke(auth_state_path(), tokens.fingerprint(token), expires, _now())
    _cookies(key).cookie_controller.delete_cookie()  # tolerates a cookie the browser lacks
    _forget("auth.signed_out")
    record(sign_out_event(principal))
    return True
