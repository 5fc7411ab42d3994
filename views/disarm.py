"""DISARM heatmap: techniques seen in the filtered incidents, laid out like the DISARM Navigator."""

from __future__ import annotations

import polars as pl
import streamlit as st

from rrm_dash.charts.disarm import (
    HeatmapLabels,
    incident_table,
    technique_choices,
    technique_heatmap,
    technique_table,
)
from rrm_dash.charts.kept import kept
from rrm_dash.i18n.formatting import number
from rrm_dash.queries import disarm
from rrm_dash.ui.components import csv_download, empty_state, key_figure, page_header
from rrm_dash.ui.context import page_context
from rrm_dash.ui.exchange_downloads import navigator_download

ctx = page_context("disarm")
t = ctx.t
page_header(ctx, "disarm.title", "disarm.caption")

left, right = st.columns(2)
with left:
    sub_techniques = st.toggle(
        t("disarm.sub_techniques"),
        key="disarm_sub_techniques",
        help=t("disarm.sub_techniques_help"),
    )
with right:
    only_seen = st.toggle(t("disarm.only_seen"), key="disarm_only_seen")

with st.spinner(t("common.loading")):
    totals = disarm.filtered_totals(ctx.source, ctx.principal, ctx.filters)
    counts = disarm.technique_counts(
        ctx.source, ctx.principal, ctx.filters, sub_techniques=sub_techniques
    )

seen = counts.filter(pl.col("incidents") > 0)
figures = st.columns(3)
with figures[0]:
    key_figure(ctx, "disarm.kpi.incidents", int(totals["incidents"][0]))
with figures[1]:
    key_figure(ctx, "disarm.kpi.tagged", int(totals["tagged_incidents"][0]))
with figures[2]:
    key_figure(ctx, "disarm.kpi.techniques", seen.height, "disarm.kpi.techniques_help")

st.subheader(t("disarm.heatmap"))
if seen.is_empty():
    empty_state(ctx, "disarm.empty")
    st.stop()

shown = seen if only_seen else counts
st.caption(t("disarm.note"))
labels = HeatmapLabels(
    tactic_axis=t("disarm.axis.tactics"),
    technique_axis=t("disarm.axis.techniques"),
    incidents=t("disarm.column.incidents"),
    tactic_hover=t("disarm.hover.tactic"),
    incidents_hover=t("disarm.hover.incidents"),
)
st.plotly_chart(
    kept(technique_heatmap, shown, labels), key="disarm_heatmap", config={"displaylogo": False}
)
csv_download(ctx, technique_table(shown, t), "disarm-techniques", key="disarm_counts_csv")
navigator_download(ctx)

st.subheader(t("disarm.incidents"))
choices = technique_choices(counts, ctx.lang)
if st.session_state.get("disarm_technique") not in choices:
    st.session_state["disarm_technique"] = next(iter(choices))
chosen = st.selectbox(
    t("disarm.choose"),
    options=list(choices),
    format_func=choices.__getitem__,
    key="disarm_technique",
    help=t("disarm.choose_help"),
)
with st.spinner(t("common.loading")):
    incidents = disarm.technique_incidents(
        ctx.source, ctx.principal, ctx.filters, chosen, with_sub_techniques=not sub_techniques
    )
total = int(counts.filter(pl.col("disarm_id") == chosen)["incidents"][0])
if incidents.height < total:
    shown_note = t(
        "disarm.shown", shown=number(incidents.height, ctx.lang), total=number(total, ctx.lang)
    )
else:
    shown_note = t("disarm.shown_all", total=number(total, ctx.lang))
st.caption(shown_note)
table = incident_table(incidents, t)
st.dataframe(table, key="disarm_incidents", hide_index=True)
csv_download(ctx, table, f"disarm-{chosen}-incidents", key="disarm_incidents_csv")
