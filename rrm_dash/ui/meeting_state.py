"""Whether the session is in meeting mode: the URL's ?meeting=1 on arrival, then the switch."""

from __future__ import annotations

import streamlit as st

MEETING_KEY = "meeting"
_ON = {"1", "true", "on", "yes"}


def meeting_mode_on() -> bool:
    if MEETING_KEY not in st.session_state:
        st.session_state[MEETING_KEY] = str(st.query_params.get(MEETING_KEY, "")).lower() in _ON
    on = bool(st.session_state[MEETING_KEY])
    if on:
        st.query_params[MEETING_KEY] = "1"  # a copied link opens in meeting mode too
    elif MEETING_KEY in st.query_params:
        del st.query_params[MEETING_KEY]
    return on
