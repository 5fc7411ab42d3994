"""Timeline: incidents per week or month under the filters, with elections and watch windows;
then the share of incidents targeting women and vulnerable groups, by heading and month."""

from __future__ import annotations

import polars as pl
import streamlit as st

from rrm_dash.analytics.gender import gender_summary
from rrm_dash.charts.gender import gender_trend_chart
from rrm_dash.charts.kept import kept
from rrm_dash.charts.timeline import TimelineLabels, bin_name, incidents_timeline_chart
from rrm_dash.i18n.formatting import day, number, percent
from rrm_dash.queries import filters as options
from rrm_dash.queries import timeline, warning
from rrm_dash.tables.gender import GROUPS, gender_table, points_text, shown_headings
from rrm_dash.ui.components import csv_download, empty_state, key_figure, page_header
from rrm_dash.ui.context import page_context

ctx = page_context("timeline")
t, lang = ctx.t, ctx.lang
page_header(ctx, "timeline.title", "timeline.caption")

left, right = st.columns(2)
with left:
    granularity = st.radio(
        t("timeline.control.granularity"),
        options=timeline.GRANULARITIES,
        format_func=lambda code: t(f"timeline.granularity.{code}"),
        horizontal=True,
        key="timeline_granularity",
    )
with right:
    stack = st.radio(
        t("timeline.control.stack"),
        options=timeline.STACKS,
        format_func=lambda code: t(f"timeline.stack.{code}"),
        horizontal=True,
        key="timeline_stack",
    )

period = timeline.timeline_period(ctx.filters, ctx.today)
with st.spinner(t("common.loading")):
    bins = timeline.incidents_per_bin(
        ctx.source, ctx.principal, ctx.filters, granularity, stack, period
    )
    elections = timeline.elections_in_period(ctx.source, ctx.principal, ctx.filters, period)

per_bin = bins.group_by("bin_start").agg(pl.col("incidents").sum()).sort("bin_start")
total = int(per_bin["incidents"].sum())
columns = st.columns(3)
with columns[0]:
    key_figure(ctx, "timeline.kpi.incidents", total)
with columns[1]:
    busiest = per_bin.sort("incidents", descending=True, maintain_order=True).head(1)
    if total:
        st.metric(
            t(f"timeline.kpi.busiest_{granularity}"),
            bin_name(busiest["bin_start"][0], granularity, lang),
            help=t("timeline.kpi.busiest_help", count=int(busiest["incidents"][0])),
            border=True,
        )
with columns[2]:
    key_figure(ctx, "timeline.kpi.elections", elections.height, "timeline.kpi.elections_help")

if total == 0:
    empty_state(ctx, "timeline.empty.incidents")

labels = TimelineLabels(
    x_axis=t(f"timeline.axis.{granularity}"),
    y_axis=t("timeline.axis.incidents"),
    bin_hover=t(f"timeline.hover.{granularity}"),
    election=t("timeline.legend.election"),
    watch_window=t("timeline.legend.watch_window"),
    watch_hover=t("timeline.hover.watch", dates="{dates}"),
    range_buttons=(
        (t("timeline.range.three_months"), 3),
        (t("timeline.range.six_months"), 6),
        (t("timeline.range.one_year"), 12),
        (t("timeline.range.all"), 0),
    ),
)
st.plotly_chart(
    kept(incidents_timeline_chart, bins, elections, granularity, period, lang, labels),
    key="timeline_chart",
    config={"displaylogo": False},
)

csv_download(
    ctx,
    bins.select(
        pl.col("bin_start").alias(t(f"timeline.axis.{granularity}")),
        pl.col(f"label_{lang}").alias(t(f"timeline.stack.{stack}")),
        pl.col("incidents").alias(t("timeline.axis.incidents")),
    ),
    t("timeline.download.file"),
    key="timeline_download",
)


def women_and_vulnerable_groups() -> None:
    """Share of the period's incidents targeting women and vulnerable groups, its change against
    the previous period, its trend by month per heading, and the figures per heading."""
    st.subheader(t("timeline.gender.title"))
    st.caption(t("timeline.gender.method"))
    # The chart's period, also when the filter bar leaves an end open.
    start, end = period
    current = ctx.filters.with_changes(date_from=start, date_to=end)
    before = current.previous_period()
    assert before is not None and before.date_from and before.date_to  # a closed period
    with st.spinner(t("common.loading")):
        counts = shown_headings(
            warning.gender_inputs(ctx.source, ctx.principal, current), current.headings
        )
        previous = shown_headings(
            warning.gender_inputs(ctx.source, ctx.principal, before), current.headings
        )
    summary = gender_summary(counts, previous)
    if not summary["incidents"]:
        empty_state(ctx, "timeline.gender.empty")
        return
    dates = {"start": day(before.date_from, lang), "end": day(before.date_to, lang)}
    for column, group in zip(st.columns(len(GROUPS)), GROUPS, strict=True):
        share, earlier = summary[f"{group}_share"], summary[f"previous_{group}_share"]
        change = summary[f"{group}_change"]
        counted = {
            "count": number(int(summary[group] or 0), lang),
            "total": number(int(summary["incidents"] or 0), lang),
            **dates,
        }
        help_text = (
            t("timeline.gender.metric_help_no_previous", **counted)
            if earlier is None
            else t("timeline.gender.metric_help", previous=percent(earlier, lang), **counted)
        )
        with column:
            st.metric(
                t(f"timeline.gender.{group}"),
                percent(share or 0.0, lang),
                delta=None if change is None else points_text(change, t),
                delta_color="inverse" if change else "off",  # a rise in threats shows red
                help=help_text,
                border=True,
            )
    headings = options.vocabulary_options(ctx.source, ctx.principal, "heading")
    names = dict(zip(headings["code"], headings[f"label_{lang}"], strict=True))
    st.plotly_chart(
        kept(gender_trend_chart, counts, names, t),
        key="timeline_gender",
        config={"displaylogo": False},
    )
    st.markdown(f"**{t('timeline.gender.table')}**")
    table = gender_table(counts, previous, names, t)
    st.dataframe(table, key="timeline_gender_table", hide_index=True)
    st.caption(t("timeline.gender.change_caption", **dates))
    csv_download(ctx, table, "rrm-gender", key="timeline_gender_download")


women_and_vulnerable_groups()
