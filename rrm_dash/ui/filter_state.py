"""Where the filter bar keeps its values: widget keys in session state, read back as Filters."""

from __future__ import annotations

from datetime import date

import streamlit as st

from rrm_dash.filters import Filters

READY_KEY = "filters_ready"
DATES_KEY = "filter_dates"
ELECTION_KEY = "filter_election"
#: widget key -> Filters field, for the multi-select filters.
LIST_KEYS = {
    "filter_member": "members",
    "filter_heading": "headings",
    "filter_threat": "threat_types",
    "filter_actor": "actors",
    "filter_platform": "platforms",
    "filter_tactic": "tactics",
    "filter_technique": "techniques",
    "filter_tlp": "tlp",
}


def load_into_widgets(filters: Filters) -> None:
    """Make the widgets show `filters` (on arrival from a link, and on reset)."""
    st.session_state[DATES_KEY] = (filters.date_from, filters.date_to)
    for key, field in LIST_KEYS.items():
        st.session_state[key] = list(getattr(filters, field))
    st.session_state[ELECTION_KEY] = filters.election
    st.session_state[READY_KEY] = True


def current_filters(today: date) -> Filters:
    """The filters as the widgets hold them (the defaults before the bar was first drawn)."""
    defaults = Filters.default(today)
    if not st.session_state.get(READY_KEY):
        return defaults
    dates = tuple(st.session_state.get(DATES_KEY) or ())
    if len(dates) == 2:
        date_from, date_to = dates
    elif len(dates) == 1:  # the user has picked the first day of a range so far
        date_from = date_to = dates[0]
    else:
        date_from, date_to = defaults.date_from, defaults.date_to
    return Filters(
        date_from=date_from,
        date_to=date_to,
        election=st.session_state.get(ELECTION_KEY),
        **{field: tuple(st.session_state.get(key, [])) for key, field in LIST_KEYS.items()},
    )
