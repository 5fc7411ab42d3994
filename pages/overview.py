"""Overview: the threat picture of the last 30 and 90 days, and the elections ahead."""

from __future__ import annotations

import streamlit as st

from rrm_dash.charts.overview import (
    PeriodLabels,
    incidents_by_heading_chart,
    incidents_by_member_chart,
)
from rrm_dash.queries import overview
from rrm_dash.tables.elections import upcoming_elections_table
from rrm_dash.ui.components import key_figure, page_header
from rrm_dash.ui.context import page_context

ELECTION_HORIZON_DAYS = 365

ctx = page_context()
t = ctx.t
page_header(ctx, "overview.title", "overview.caption")

with st.spinner(t("common.loading")):
    by_heading = overview.incidents_by_heading(ctx.source, ctx.principal, ctx.today)
    by_member = overview.incidents_by_targeted_member(ctx.source, ctx.principal, ctx.today)
    elections = overview.upcoming_elections(
        ctx.source, ctx.principal, ctx.today, ELECTION_HORIZON_DAYS
    )

columns = st.columns(4)
with columns[0]:
    key_figure(ctx, "overview.kpi.last_30_days", int(by_heading["last_30_days"].sum()))
with columns[1]:
    key_figure(ctx, "overview.kpi.last_90_days", int(by_heading["last_90_days"].sum()))
with columns[2]:
    key_figure(
        ctx,
        "overview.kpi.members_targeted",
        int((by_member["last_30_days"] > 0).sum()),
        "overview.kpi.members_targeted_help",
    )
with columns[3]:
    key_figure(ctx, "overview.kpi.elections_ahead", elections.height, "overview.kpi.elections_help")

labels = PeriodLabels(
    recent=t("period.last_30_days"), longer=t("period.last_90_days"), axis=t("chart.incidents")
)
left, right = st.columns(2)
with left:
    st.subheader(t("overview.by_heading"))
    st.plotly_chart(
        incidents_by_heading_chart(by_heading, ctx.lang, labels),
        key="overview_by_heading",
        config={"displaylogo": False},
    )
with right:
    st.subheader(t("overview.by_member"))
    st.plotly_chart(
        incidents_by_member_chart(by_member, ctx.lang, labels),
        key="overview_by_member",
        config={"displaylogo": False},
    )

st.subheader(t("overview.elections"))
if elections.is_empty():
    st.info(t("overview.no_elections", days=ELECTION_HORIZON_DAYS), icon=":material/event_busy:")
else:
    st.dataframe(
        upcoming_elections_table(elections, t),
        key="overview_elections",
        hide_index=True,
    )
