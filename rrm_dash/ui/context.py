"""What every page needs to start: language, translator, viewer, and the published snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from rrm_dash.access import Principal, demo_principal, with_role_ceiling
from rrm_dash.config import load_settings
from rrm_dash.filters import Filters
from rrm_dash.i18n import Translator, normalise_language, translator
from rrm_dash.queries.runner import Source
from rrm_dash.ui.filter_state import current_filters
from rrm_dash.ui.meeting_state import meeting_mode_on
from rrm_dash.warehouse.snapshot import WarehouseMissing

LANG_KEY = "lang"


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


def current_principal() -> Principal:
    """The signed-in viewer. Until sign-in exists, the demo analyst (chosen in access.py)."""
    return demo_principal()


def page_context() -> PageContext:
    """Language, viewer and snapshot for this run; stops the page with a clear message if no warehouse."""
    lang = current_language()
    t = translator(lang)
    settings = load_settings()
    try:
        source = Source.live(settings.warehouse)
    except WarehouseMissing:
        st.error(t("warehouse.missing", path=str(settings.warehouse)), icon=":material/error:")
        st.stop()
    principal = with_role_ceiling(current_principal())
    if meeting_mode_on():
        principal = principal.with_ceiling(settings.meeting_ceiling)
    today = date.today()
    return PageContext(lang, t, principal, source, today, current_filters(today))
