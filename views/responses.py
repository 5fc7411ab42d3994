"""Responses: the coordinated-response tracker, from proposal to outcome."""

from __future__ import annotations

import math

import streamlit as st

from rrm_dash.charts.kept import kept
from rrm_dash.charts.responses import StatusLabels, lifecycle_chart
from rrm_dash.i18n.formatting import number
from rrm_dash.queries import responses
from rrm_dash.tables.responses import (
    linked_incident_table,
    position_table,
    response_facts,
    response_table,
)
from rrm_dash.ui.components import csv_download, empty_state, key_figure, page_header
from rrm_dash.ui.context import page_context

ctx = page_context("responses")
t = ctx.t
page_header(ctx, "responses.title", "responses.caption")
st.caption(t("responses.filter_note"))

with st.spinner(t("common.loading")):
    by_status = responses.status_counts(ctx.source, ctx.principal, ctx.filters)
counts = dict(zip(by_status["status"].to_list(), by_status["responses"].to_list(), strict=True))
total = sum(counts.values())

figures = st.columns(3)
with figures[0]:
    key_figure(ctx, "responses.kpi.total", total)
with figures[1]:
    awaiting = counts.get("proposed", 0) + counts.get("under_consultation", 0)
    key_figure(ctx, "responses.kpi.awaiting", awaiting, "responses.kpi.awaiting_help")
with figures[2]:
    key_figure(ctx, "responses.kpi.executed", counts.get("executed", 0))

if total == 0:
    empty_state(ctx, "responses.empty")
    st.stop()

st.subheader(t("responses.lifecycle"))
st.plotly_chart(
    kept(
        lifecycle_chart,
        by_status,
        ctx.lang,
        StatusLabels(responses=t("responses.axis.responses"), status=t("responses.axis.status")),
    ),
    key="responses_lifecycle",
    config={"displaylogo": False},
)

st.subheader(t("responses.table"))
pages = max(math.ceil(total / responses.PAGE_SIZE), 1)
if st.session_state.get("responses_page", 1) > pages:
    st.session_state["responses_page"] = 1
page = 1
if pages > 1:
    page = int(
        st.number_input(t("responses.page"), min_value=1, max_value=pages, key="responses_page")
    )
with st.spinner(t("common.loading")):
    listed = responses.response_page(ctx.source, ctx.principal, ctx.filters, page)
st.caption(
    t(
        "responses.page_note",
        page=number(page, ctx.lang),
        pages=number(pages, ctx.lang),
        total=number(total, ctx.lang),
    )
)
table = response_table(listed, t)
st.dataframe(table, key="responses_table", hide_index=True)
csv_download(ctx, table, "responses", key="responses_csv")

st.subheader(t("responses.detail"))
titles = dict(zip(listed["response_id"].to_list(), listed["title"].to_list(), strict=True))
if st.session_state.get("responses_selected") not in titles:
    st.session_state["responses_selected"] = next(iter(titles))
selected = st.selectbox(
    t("responses.choose"),
    options=list(titles),
    format_func=titles.__getitem__,
    key="responses_selected",
)
row = listed.row(list(titles).index(selected), named=True)
with st.spinner(t("common.loading")):
    positions = responses.member_positions(ctx.source, ctx.principal, selected)
    linked = responses.linked_incidents(ctx.source, ctx.principal, selected)
facts, members = st.columns(2)
with facts:
    st.dataframe(response_facts(row, t), key="responses_facts", hide_index=True)
with members:
    st.markdown(f"**{t('responses.positions')}**")
    st.dataframe(
        position_table(positions, t),
        key="responses_positions",
        hide_index=True,
        height=35 * (positions.height + 1) + 3,
    )
st.markdown(f"**{t('responses.linked')}**")
if linked.is_empty():
    st.info(t("responses.no_linked"), icon=":material/visibility_off:")
else:
    st.dataframe(linked_incident_table(linked, t), key="responses_linked", hide_index=True)
