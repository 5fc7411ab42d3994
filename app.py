"""RRM Dash entrypoint: page settings, language, the role's pages, and the synthetic-data label."""

from __future__ import annotations

import streamlit as st

from rrm_dash import PROJECT_DIR
from rrm_dash.ui.components import demo_label, language_switch
from rrm_dash.ui.context import page_context
from rrm_dash.ui.filter_bar import filter_bar
from rrm_dash.ui.meeting import ceiling_banner, meeting_switch
from rrm_dash.ui.navigation import pages

st.set_page_config(
    page_title="RRM Dash",
    page_icon=str(PROJECT_DIR / "static" / "icon.png"),
    layout="wide",
)

ctx = page_context()
navigation = st.navigation(pages(ctx.t))
with st.sidebar:
    language_switch(ctx)
    meeting_switch(ctx)
filter_bar(ctx)
demo_label(ctx)
ceiling_banner(page_context())  # after the filter bar, so it reports what the view will show
navigation.run()
