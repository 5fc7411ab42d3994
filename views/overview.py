"""Overview: the two-minute read — the period against the one before, top actors, elections, responses."""

from __future__ import annotations

import streamlit as st

from rrm_dash.analytics.alerts import alert_text, warning_picture
from rrm_dash.charts.kept import kept
from rrm_dash.charts.overview import (
    PeriodLabels,
    incidents_by_heading_chart,
    incidents_by_member_chart,
)
from rrm_dash.filters import Filters, to_query_params
from rrm_dash.i18n.formatting import date_span, number
from rrm_dash.queries import overview
from rrm_dash.queries.filters import code_names
from rrm_dash.tables.elections import upcoming_elections_table
from rrm_dash.tables.overview import open_responses_table, top_actors_table
from rrm_dash.ui.components import empty_state, key_figure, page_header
from rrm_dash.ui.context import page_context
from rrm_dash.ui.navigation import allowed

TOP_ACTORS = 5
TOP_ALERTS = 3

ctx = page_context("overview")
t, filters = ctx.t, ctx.filters
page_header(ctx, "overview.title", "overview.caption")
previous = filters.previous_period()
if filters.date_from and filters.date_to:
    period = date_span(filters.date_from, filters.date_to, ctx.lang)
    if previous and previous.date_from and previous.date_to:
        before = date_span(previous.date_from, previous.date_to, ctx.lang)
        st.caption(t("overview.period_compared", period=period, previous=before))
    else:
        st.caption(t("overview.period", period=period))

with st.spinner(t("common.loading")):
    figures = overview.key_figures(ctx.source, ctx.principal, filters)
    before_figures = overview.key_figures(ctx.source, ctx.principal, previous) if previous else None
    by_heading = overview.incidents_by_heading(ctx.source, ctx.principal, filters)
    by_member = overview.incidents_by_targeted_member(ctx.source, ctx.principal, filters)
    actors = overview.top_actors(ctx.source, ctx.principal, filters, TOP_ACTORS)
    elections = overview.upcoming_elections(
        ctx.source, ctx.principal, ctx.today, overview.ELECTION_HORIZON_DAYS
    )
    responses = overview.open_responses(ctx.source, ctx.principal, ctx.today)

columns = st.columns(5)
for column, (label_key, field) in zip(
    columns,
    (
        ("overview.kpi.incidents", "incidents"),
        ("overview.kpi.members_targeted", "members_targeted"),
        ("overview.kpi.actors_seen", "actors_seen"),
        ("overview.kpi.gender_or_vulnerable", "gender_or_vulnerable"),
    ),
    strict=False,
):
    with column:
        value = getattr(figures, field)
        earlier = getattr(before_figures, field) if before_figures else None
        key_figure(ctx, label_key, value, f"{label_key}_help", earlier)
with columns[4]:
    key_figure(
        ctx, "overview.kpi.open_responses", responses.height, "overview.kpi.open_responses_help"
    )

if figures.incidents == 0:
    empty_state(ctx, "overview.no_incidents")

st.subheader(t("overview.top_alerts"))
with st.spinner(t("common.loading")):
    as_of = min(filters.date_to or ctx.today, ctx.today)
    alerts = warning_picture(ctx.source, ctx.principal, filters, as_of=as_of).top_alerts(TOP_ALERTS)
if alerts:
    names = code_names(ctx.source, ctx.principal, ctx.lang)
    badges = {"high": "red", "elevated": "orange"}
    st.markdown(
        "\n".join(
            f"- :{badges[alert.level]}-badge[{t(f'warning.level.{alert.level}')}] "
            + alert_text(alert, t, names)
            for alert in alerts
        )
    )
else:
    empty_state(ctx, "overview.no_alerts")
if allowed(ctx.principal.role, "early-warning"):
    st.page_link(
        "views/early-warning.py",
        label=t("overview.early_warning_link"),
        icon=":material/notifications_active:",
        query_params=to_query_params(filters, Filters.default(ctx.today)) | {"lang": ctx.lang},
    )

labels = PeriodLabels(
    current=t("period.current"), previous=t("period.previous"), axis=t("chart.incidents")
)
left, right = st.columns(2)
with left:
    st.subheader(t("overview.by_heading"))
    st.plotly_chart(
        kept(incidents_by_heading_chart, by_heading, ctx.lang, labels),
        key="overview_by_heading",
        config={"displaylogo": False},
    )
    st.subheader(t("overview.top_actors"))
    if actors.is_empty():
        empty_state(ctx, "overview.no_actors")
    else:
        st.dataframe(top_actors_table(actors, t), key="overview_actors", hide_index=True)
with right:
    st.subheader(t("overview.by_member"))
    st.plotly_chart(
        kept(incidents_by_member_chart, by_member, ctx.lang, labels),
        key="overview_by_member",
        config={"displaylogo": False},
    )

st.subheader(t("overview.elections", days=overview.ELECTION_HORIZON_DAYS))
if elections.is_empty():
    empty_state(ctx, "overview.no_elections", days=overview.ELECTION_HORIZON_DAYS)
    later = overview.upcoming_elections(
        ctx.source, ctx.principal, ctx.today, overview.NEXT_ELECTION_DAYS
    )
    if not later.is_empty():
        vote = later.row(0, named=True)
        st.markdown(
            t(
                "overview.next_election",
                country=vote[f"country_{ctx.lang}"],
                body=vote[f"body_{ctx.lang}"],
                date=date_span(vote["date_start"], vote["date_end"], ctx.lang),
            )
        )
else:
    st.dataframe(upcoming_elections_table(elections, t), key="overview_elections", hide_index=True)

st.subheader(t("overview.open_responses"))
if responses.is_empty():
    empty_state(ctx, "overview.no_open_responses")
else:
    st.dataframe(open_responses_table(responses, t), key="overview_responses", hide_index=True)

if filters.date_from and filters.date_to:
    engagement = overview.engagement_summary(
        ctx.source, ctx.principal, filters.date_from, filters.date_to
    )
    hours = engagement["median_ack_hours"]
    st.subheader(t("overview.engagement"))
    st.markdown(
        t(
            "overview.engagement_summary",
            engaged=number(int(engagement["members_engaged"] or 0), ctx.lang),
            total=number(int(engagement["members_total"] or 0), ctx.lang),
            events=number(int(engagement["events"] or 0), ctx.lang),
            hours=number(round(float(hours), 1), ctx.lang) if hours is not None else "—",
        )
    )
