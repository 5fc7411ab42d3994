"""The naive baseline page (benchmarks only, never served): `@st.cache_data` keeps whole tables
in pandas (naive_cache.py), and every run filters them in pandas, then groups and draws the
view's charts in pandas too (naive_views.py).

Run by AppTest with `?view=overview|incidents|map|timeline|disarm` and the filter bar's URL
parameters; its period, member and heading widgets use the filter bar's keys, so the benchmark
changes them exactly as it does in the app. Labels are English: nobody reads this page.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from rrm_dash.access import demo_principal
from rrm_dash.bench import naive_frames as naive
from rrm_dash.bench.naive_cache import table
from rrm_dash.bench.naive_views import VIEWS
from rrm_dash.config import warehouse_path
from rrm_dash.filters import Filters, from_query_params
from rrm_dash.ui.filter_state import DATES_KEY
from rrm_dash.warehouse.snapshot import live_snapshot

MEMBERS_KEY, HEADINGS_KEY = "filter_member", "filter_heading"
EARLIEST = date(2018, 1, 1)

snapshot = str(live_snapshot(warehouse_path()))
view = st.query_params.get("view", "overview")
if DATES_KEY not in st.session_state:  # arriving from a link: take the filters it carries
    linked = from_query_params(dict(st.query_params), Filters.default(date.today()), EARLIEST)
    st.session_state[DATES_KEY] = (linked.date_from, linked.date_to)
    st.session_state[MEMBERS_KEY] = list(linked.members)
    st.session_state[HEADINGS_KEY] = list(linked.headings)

incidents, countries = table(snapshot, "incident"), table(snapshot, "incident_country")
with st.sidebar:
    st.date_input("Period", key=DATES_KEY)
    codes = table(snapshot, "member")["member_code"].tolist()
    st.multiselect("Targeted members", codes, key=MEMBERS_KEY)
    st.multiselect("Headings", table(snapshot, "heading")["code"].tolist(), key=HEADINGS_KEY)
period = tuple(st.session_state[DATES_KEY])
filters = Filters(
    date_from=period[0],
    date_to=period[-1],
    members=tuple(st.session_state[MEMBERS_KEY]),
    headings=tuple(st.session_state[HEADINGS_KEY]),
)
VIEWS[view](naive.filtered(incidents, countries, demo_principal(), filters), snapshot)
