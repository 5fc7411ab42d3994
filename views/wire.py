"""RRM Wire: the library of reports shared in the network, newest first."""

from __future__ import annotations

import math

import streamlit as st

from rrm_dash.i18n.formatting import number
from rrm_dash.queries import wire
from rrm_dash.queries.filters import vocabulary_options
from rrm_dash.tables.wire import highest_marking, report_table
from rrm_dash.ui.components import csv_download, empty_state, page_header, tlp_badge_markdown
from rrm_dash.ui.context import page_context

PAGE_KEY = "wire_page"


def _first_page() -> None:
    st.session_state[PAGE_KEY] = 1


ctx = page_context("wire")
t = ctx.t
page_header(ctx, "wire.title", "wire.caption")

kinds = vocabulary_options(ctx.source, ctx.principal, "report_type")
type_labels = dict(zip(kinds["code"].to_list(), kinds[f"label_{ctx.lang}"].to_list(), strict=True))
left, right = st.columns(2)
with left:
    chosen_types = st.multiselect(
        t("wire.types"),
        options=list(type_labels),
        format_func=type_labels.__getitem__,
        key="wire_types",
        placeholder=t("wire.all_types"),
        on_change=_first_page,
    )
with right:
    search = st.text_input(
        t("wire.search"), key="wire_search", help=t("wire.search_help"), on_change=_first_page
    )

with st.spinner(t("common.loading")):
    total = wire.report_count(ctx.source, ctx.principal, ctx.filters, chosen_types, search)
if total == 0:
    empty_state(ctx, "wire.empty")
    st.stop()

pages = max(math.ceil(total / wire.PAGE_SIZE), 1)
if st.session_state.get(PAGE_KEY, 1) > pages:
    _first_page()
page = 1
if pages > 1:
    page = int(st.number_input(t("wire.page"), min_value=1, max_value=pages, key=PAGE_KEY))
with st.spinner(t("common.loading")):
    reports = wire.report_page(
        ctx.source, ctx.principal, ctx.filters, chosen_types, search, page=page
    )
st.caption(
    t(
        "wire.page_note",
        page=number(page, ctx.lang),
        pages=number(pages, ctx.lang),
        total=number(total, ctx.lang),
    )
)
highest = highest_marking(reports)
if highest is not None:
    st.markdown(t("wire.highest", badge=tlp_badge_markdown(highest)))
table = report_table(reports, t)
st.dataframe(table, key="wire_reports", hide_index=True)
csv_download(ctx, table, "rrm-wire", key="wire_csv")
