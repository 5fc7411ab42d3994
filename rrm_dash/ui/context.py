"""What every page needs to start: language, translator, viewer, and the published snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from rrm_dash.access import Principal, with_role_ceiling
from rrm_dash.config import load_settings
from rrm_dash.filters import Filters
from rrm_dash.i18n import Translator, normalise_language, translator
from rrm_dash.queries.runner import Source
from rrm_dash.ui.filter_state import current_filters
from rrm_dash.ui.meeting_state import meeting_mode_on
from rrm_dash.ui.navigation import allowed
from rrm_dash.ui.sign_in import signed_in_principal
from rrm_dash.warehouse.snapshot import WarehouseMissing

LANG_KEY = "lang"
#: The key that signs this server's session cookies, put in session state by app.py.
COOKIE_KEY_STATE = "cookie_key"


@dataclass(frozen=True)
class PageContext:
    lang: str
    t: Translator
    principal: Principal
    source: Source
    today: date
    filters: Filters
    """What the filter bar selects (drawn by app.py before the page runs)."""


def current_language() -> str:
    """The session's language: the URL's ?lang= on arrival, then the language switch."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = normalise_language(st.query_params.get(LANG_KEY))
    lang = normalise_language(st.session_state[LANG_KEY])
    st.query_params[LANG_KEY] = lang  # keep the language in the URL across page changes
    return lang


def current_principal() -> Principal | None:
    """The signed-in viewer, or None (app.py then shows the sign-in form)."""
    key = st.session_state.get(COOKIE_KEY_STATE)
    return signed_in_principal(key) if key else None


def page_context(view: str | None = None) -> PageContext:
    """Language, viewer and snapshot for this run of `view` (its url path).

    Stops the page with a clear message when there is no warehouse, nobody is signed in, or
    the viewer's role may not open `view` (each view checks, whatever the menu shows).
    """
    lang = current_language()
    t = translator(lang)
    settings = load_settings()
    try:
        source = Source.live(settings.warehouse)
    except WarehouseMissing:
        st.error(t("warehouse.missing", path=str(settings.warehouse)), icon=":material/error:")
        st.stop()
    signed_in = current_principal()
    if signed_in is None:
        st.stop()
    if view is not None and not allowed(signed_in.role, view):
        st.error(t("auth.not_allowed"), icon=":material/block:")
        st.stop()
    principal = with_role_ceiling(signed_in)
    if meeting_mode_on():
        principal = principal.with_ceiling(settings.meeting_ceiling)
    today = date.today()
    return PageContext(lang, t, principal, source, today, current_filters(today))
