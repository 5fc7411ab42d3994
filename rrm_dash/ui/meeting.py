"""Meeting mode on a shared screen: the switch, and the banner naming the ceiling and the
highest marking on screen."""

from __future__ import annotations

import streamlit as st

from rrm_dash.queries.meeting import highest_marking
from rrm_dash.ui.components import tlp_badge_markdown
from rrm_dash.ui.context import PageContext
from rrm_dash.ui.meeting_state import MEETING_KEY


def meeting_switch(ctx: PageContext) -> None:
    st.toggle(ctx.t("meeting.switch"), key=MEETING_KEY, help=ctx.t("meeting.switch_help"))


def ceiling_banner(ctx: PageContext) -> None:
    """Whenever a ceiling applies, say so and show the highest marking actually on screen."""
    if ctx.principal.ceiling == "RED":
        return
    highest = highest_marking(ctx.source, ctx.principal, ctx.filters)
    shown = tlp_badge_markdown(highest) if highest else ctx.t("meeting.nothing_shown")
    key = "meeting.banner" if st.session_state.get(MEETING_KEY) else "meeting.ceiling_banner"
    st.info(
        ctx.t(key, ceiling=tlp_badge_markdown(ctx.principal.ceiling), highest=shown),
        icon=":material/co_present:",
    )
