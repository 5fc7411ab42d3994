"""Elections: the calendar of members' and observers' votes, and one election's watch window."""

from __future__ import annotations

import polars as pl
import streamlit as st

from rrm_dash.i18n.formatting import date_span, day, number
from rrm_dash.queries import elections
from rrm_dash.tables.elections import (
    baseline_sentence,
    election_calendar_table,
    election_labels,
    election_links,
    signed_change,
    top_actors_table,
    top_techniques_table,
)
from rrm_dash.ui.components import csv_download, empty_state, page_header
from rrm_dash.ui.context import page_context

CHOICE_KEY = "elections_choice"
#: The filter bar's election as last seen here: a new one (from ?election= or the sidebar) is chosen.
SEEN_KEY = "elections_filter_seen"

ctx = page_context("elections")
t, lang = ctx.t, ctx.lang
page_header(ctx, "elections.title", "elections.caption")

with st.spinner(t("common.loading")):
    calendar = elections.calendar(ctx.source, ctx.principal, ctx.filters, ctx.today)

st.subheader(t("elections.calendar.title"))
if calendar.is_empty():
    empty_state(ctx, "elections.calendar.empty")
    st.stop()
st.caption(t("elections.calendar.caption"))
table = election_calendar_table(calendar, t)
st.dataframe(table, key="elections_calendar", hide_index=True)
csv_download(ctx, table, t("elections.calendar.file"), key="elections_calendar_download")

labels = election_labels(calendar, t)
upcoming = calendar.filter(calendar["upcoming"])["election_id"].to_list()
if st.session_state.get(CHOICE_KEY) not in labels:
    st.session_state[CHOICE_KEY] = upcoming[0] if upcoming else calendar["election_id"][0]
if ctx.filters.election != st.session_state.get(SEEN_KEY) and ctx.filters.election in labels:
    st.session_state[CHOICE_KEY] = ctx.filters.election
st.session_state[SEEN_KEY] = ctx.filters.election
chosen = st.selectbox(
    t("elections.choice.select"),
    options=list(labels),
    format_func=lambda code: labels[code],
    help=t("elections.choice.help"),
    key=CHOICE_KEY,
)
st.query_params["election"] = chosen  # a copied link opens this election

election = calendar.row(by_predicate=pl.col("election_id") == chosen, named=True)
country = election["country"]
watch = (election["watch_window_start"], election["watch_window_end"])
st.subheader(labels[chosen])
st.markdown(t("elections.window.title", dates=date_span(*watch, lang)))
counted_end = elections.counted_window_end(*watch, ctx.today)
if counted_end is None:
    st.info(t("elections.window.not_open", date=day(watch[0], lang)), icon=":material/schedule:")
    st.stop()
window = (watch[0], counted_end)
timeline_url, map_url = election_links(chosen, country, watch, ctx.today, lang)
st.markdown(
    f"[{t('elections.link.timeline')}]({timeline_url}) · [{t('elections.link.map')}]({map_url})"
)

st.caption(t("elections.window.caption", country=election[f"country_{lang}"]))
if counted_end < watch[1]:
    st.caption(
        t(
            "elections.window.under_way",
            days=(counted_end - watch[0]).days + 1,
            total=(watch[1] - watch[0]).days + 1,
        )
    )

with st.spinner(t("common.loading")):
    counts = elections.window_vs_baseline(ctx.source, ctx.principal, ctx.filters, country, window)
    techniques = elections.top_techniques(ctx.source, ctx.principal, ctx.filters, country, window)
    actors = elections.top_actors(ctx.source, ctx.principal, ctx.filters, country, window)

comparison = elections.compare_with_baseline(
    int(counts["in_window"][0]), float(counts["baseline"][0])
)
columns = st.columns(3)
with columns[0]:
    st.metric(
        t("elections.window.metric"),
        number(comparison.in_window, lang),
        help=t("elections.window.metric_help", minimum=number(elections.MIN_BASELINE, lang)),
        border=True,
    )
with columns[1]:
    st.metric(
        t("elections.window.baseline"), number(round(comparison.baseline, 1), lang), border=True
    )
with columns[2]:
    sentence = baseline_sentence(comparison, t)
    st.metric(
        t("elections.window.change"),
        t("elections.window.thin")
        if comparison.change is None
        else signed_change(comparison.change, lang),
        border=True,
    )
st.markdown(sentence)

left, right = st.columns(2)
with left:
    st.subheader(t("elections.techniques.title"))
    if techniques.is_empty():
        empty_state(ctx, "elections.techniques.empty")
    else:
        shown = top_techniques_table(techniques, t)
        st.dataframe(shown, key="elections_techniques", hide_index=True)
        csv_download(ctx, shown, t("elections.techniques.file"), key="elections_techniques_csv")
with right:
    st.subheader(t("elections.actors.title"))
    if actors.is_empty():
        empty_state(ctx, "elections.actors.empty")
    else:
        shown = top_actors_table(actors, t)
        st.dataframe(shown, key="elections_actors", hide_index=True)
        csv_download(ctx, shown, t("elections.actors.file"), key="elections_actors_csv")
