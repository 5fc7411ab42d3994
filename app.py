"""RRM Dash entrypoint: page settings, language, sign-in, the role's views, and the labels
every view carries (synthetic data, meeting-mode ceiling)."""

from __future__ import annotations

import streamlit as st

from rrm_dash import PROJECT_DIR
from rrm_dash.access import PUBLIC
from rrm_dash.audit import record
from rrm_dash.audit.events import page_view_event
from rrm_dash.config import load_settings
from rrm_dash.i18n import translator
from rrm_dash.queries.dataset import is_synthetic_demo
from rrm_dash.queries.runner import Source
from rrm_dash.ui import context
from rrm_dash.ui.components import demo_label, language_switch
from rrm_dash.ui.filter_bar import filter_bar
from rrm_dash.ui.meeting import ceiling_banner, meeting_switch
from rrm_dash.ui.navigation import default_view, pages
from rrm_dash.ui.sign_in import cookie_key, sign_in_form, sign_out_button
from rrm_dash.warehouse.snapshot import WarehouseMissing

#: Session key of the last page view written to the audit log.
LAST_VIEW = "audited_page_view"

st.set_page_config(
    page_title="RRM Dash",
    page_icon=str(PROJECT_DIR / "static" / "icon.png"),
    layout="wide",
)

t = translator(context.current_language())
settings = load_settings()
try:
    demo = is_synthetic_demo(Source.live(settings.warehouse), PUBLIC)
except WarehouseMissing:
    st.error(t("warehouse.missing", path=str(settings.warehouse)), icon=":material/error:")
    st.stop()
key = cookie_key(demo)
if key is None:  # outside demo mode, no signing key means no sessions at all
    st.error(t("auth.no_key"), icon=":material/key_off:")
    st.stop()
st.session_state[context.COOKIE_KEY_STATE] = key

viewer = context.current_principal() or sign_in_form(t, key)
if viewer is None:
    st.stop()

ctx = context.page_context()
navigation = st.navigation(pages(ctx.t, viewer.role))
with st.sidebar:
    language_switch(ctx)
    meeting_switch(ctx)
    if sign_out_button(ctx.t, key, viewer):
        st.rerun()
filter_bar(ctx)
demo_label(ctx)
shown = context.page_context()  # after the filter bar: what the view will show, and to whom
ceiling_banner(shown)
# One audit line per page and view shown (page, filters, ceiling), not one per rerun.
view = page_view_event(shown, navigation.url_path or default_view(viewer.role))
if st.session_state.get(LAST_VIEW) != (view.username, view.object_id, view.detail):
    st.session_state[LAST_VIEW] = (view.username, view.object_id, view.detail)
    record(view)
navigation.run()
