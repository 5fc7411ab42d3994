"""Engagement scorecards: one card per member and observer, a comparison, and the method; then
how long incidents took to handle, per reporting member and quarter."""

from __future__ import annotations

import streamlit as st

from rrm_dash.access import COORDINATION_UNIT
from rrm_dash.analytics.engagement import (
    COMPONENTS,
    has_engagement,
    in_reading_order,
    score_members,
    score_trend,
    shown_members,
)
from rrm_dash.charts.engagement import (
    card_heading_markdown,
    comparison_table,
    components_heatmap,
    score_sparkline,
    scorecard_markdown,
)
from rrm_dash.charts.kept import kept
from rrm_dash.charts.latency import latency_chart
from rrm_dash.i18n.formatting import day, number
from rrm_dash.queries import engagement, warning
from rrm_dash.queries import filters as options
from rrm_dash.tables.latency import latency_table, shown_latency
from rrm_dash.ui.components import csv_download, empty_state, page_header
from rrm_dash.ui.context import page_context

CARDS_PER_ROW = 4
PLOT_CONFIG = {"displaylogo": False, "displayModeBar": False}

ctx = page_context("engagement")
t, lang, filters = ctx.t, ctx.lang, ctx.filters
page_header(ctx, "engagement.title", "engagement.caption")

if filters.date_from and filters.date_to:
    st.caption(
        t("engagement.period", start=day(filters.date_from, lang), end=day(filters.date_to, lang))
    )
else:
    st.caption(t("engagement.period_open"))
st.caption(t("engagement.filters_note"))

with st.expander(t("engagement.method.title"), icon=":material/calculate:"):
    st.markdown(t("engagement.method.intro"))
    st.markdown(t("engagement.method.formula"))
    st.markdown(t("engagement.method.weights"))
    st.markdown(
        "\n".join(
            t(
                "engagement.method.line",
                name=t(f"engagement.component.{c.key}.name"),
                weight=c.weight,
                description=t(f"engagement.component.{c.key}.description"),
            )
            for c in COMPONENTS
        )
    )
    st.markdown(t("engagement.method.notes"))


def scorecards() -> None:
    """One card per member and observer, then the comparison across the network."""
    with st.spinner(t("common.loading")):
        counts = engagement.member_engagement(ctx.source, ctx.principal, filters)
        quarterly = engagement.member_engagement_by_quarter(ctx.source, ctx.principal, filters)

    if not has_engagement(counts):
        empty_state(ctx, "engagement.empty")
        return

    scored = in_reading_order(shown_members(score_members(counts), filters.members), lang)
    trend = score_trend(quarterly)
    if scored.is_empty():
        empty_state(ctx, "engagement.no_member")
        return

    trends = trend.partition_by("member_code", as_dict=True)
    rows = list(scored.iter_rows(named=True))
    for start in range(0, len(rows), CARDS_PER_ROW):
        columns = st.columns(CARDS_PER_ROW)
        for column, row in zip(columns, rows[start : start + CARDS_PER_ROW], strict=False):
            code = row["member_code"]
            with column, st.container(border=True, key=f"engagement_card_{code}"):
                st.markdown(card_heading_markdown(row, lang))
                st.metric(
                    t("engagement.card.score"),
                    number(round(row["score"]), lang),
                    help=t("engagement.card.score_help"),
                )
                st.markdown(scorecard_markdown(row, t))
                st.plotly_chart(
                    kept(score_sparkline, trends.get((code,), trend.clear()), t),
                    key=f"engagement_trend_{code}",
                    config=PLOT_CONFIG,
                )

    st.subheader(t("engagement.comparison.title"))
    st.caption(t("engagement.comparison.chart_caption"))
    st.plotly_chart(
        kept(components_heatmap, scored, t),
        key="engagement_comparison",
        config={"displaylogo": False},
    )
    st.markdown(f"**{t('engagement.comparison.table')}**")
    table = comparison_table(scored, t)
    st.dataframe(table, key="engagement_table", hide_index=True)
    csv_download(ctx, table, "rrm-engagement", key="engagement_csv")


def latency() -> None:
    """How long handling took, per reporting member and quarter (medians and spread)."""
    st.subheader(t("engagement.latency.title"))
    st.caption(t("engagement.latency.method"))
    st.caption(t("engagement.latency.filters_note"))
    with st.spinner(t("common.loading")):
        # The member filter chooses reporting members here, not targeted ones.
        stages = warning.latency_stages(ctx.source, ctx.principal, filters.with_changes(members=()))
    if stages.is_empty():
        empty_state(ctx, "engagement.latency.empty")
        return
    shown = shown_latency(stages, filters.members)
    if shown.is_empty():
        empty_state(ctx, "engagement.latency.no_member")
        return
    members = options.member_options(ctx.source, ctx.principal)
    names = dict(zip(members["code"], members[f"label_{lang}"], strict=True))
    names[COORDINATION_UNIT] = t("engagement.latency.coordination_unit")
    st.plotly_chart(
        kept(latency_chart, shown, names, t),
        key="engagement_latency",
        config={"displaylogo": False},
    )
    st.markdown(f"**{t('engagement.latency.table')}**")
    table = latency_table(shown, names, t)
    st.dataframe(table, key="engagement_latency_table", hide_index=True)
    csv_download(ctx, table, "rrm-latency", key="engagement_latency_csv")


scorecards()
latency()
