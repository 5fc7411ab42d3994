"""Briefing: the period on one page for leadership, and the same briefing as a PDF to download."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from rrm_dash.access import TLP_LEVELS, TLP_RANK
from rrm_dash.briefing import text
from rrm_dash.briefing.content import build_briefing
from rrm_dash.briefing.pdf import render_briefing
from rrm_dash.charts.briefing import headings_chart, weekly_incidents_chart
from rrm_dash.charts.kept import kept
from rrm_dash.charts.overview import PeriodLabels
from rrm_dash.ui.components import (
    empty_state,
    key_figure,
    page_header,
    record_download,
    tlp_badge_markdown,
)
from rrm_dash.ui.context import page_context
from rrm_dash.ui.navigation import allowed

CEILING_KEY = "briefing_ceiling"
DEFAULT_CEILING = "GREEN"

ctx = page_context("briefing")
t, lang = ctx.t, ctx.lang
page_header(ctx, "briefing.title", "briefing.caption")

levels = [level for level in TLP_LEVELS if TLP_RANK[level] <= TLP_RANK[ctx.principal.ceiling]]
if st.session_state.get(CEILING_KEY) not in levels:
    st.session_state[CEILING_KEY] = DEFAULT_CEILING if DEFAULT_CEILING in levels else levels[-1]
ceiling = st.selectbox(
    t("briefing.ceiling"),
    options=levels,
    format_func=text.marking_label,
    help=t("briefing.ceiling_help"),
    key=CEILING_KEY,
)
principal = ctx.principal.with_ceiling(ceiling)

with st.spinner(t("briefing.building")):
    briefing = build_briefing(
        ctx.source, principal, ctx.filters, lang=lang, now=datetime.now(UTC), today=ctx.today
    )

file_name = f"rrm-briefing-{lang}-{briefing.period[1].isoformat()}.pdf"
incidents = next((f.value for f in briefing.figures if f.key == "incidents"), 0)


def make_pdf() -> bytes:
    """The PDF of exactly this briefing, audited when it is taken."""
    record_download(principal, "briefing_pdf", file_name, incidents)
    return render_briefing(briefing, t).data


st.markdown(tlp_badge_markdown(briefing.marking) + " " + text.marking_note(briefing, t))
st.markdown(text.period_line(briefing, t))
st.caption(text.generated_line(briefing, t))
narrowed = text.narrowed_line(briefing.filters, t, briefing.names)
if narrowed:
    st.caption(narrowed)
st.download_button(
    t("briefing.download"),
    data=make_pdf,
    file_name=file_name,
    mime="application/pdf",
    key="briefing_pdf",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
)

titles = text.headings(t)
st.subheader(titles.figures)
for column, figure in zip(st.columns(len(briefing.figures)), briefing.figures, strict=True):
    with column:
        key_figure(ctx, f"briefing.figure.{figure.key}", figure.value, None, figure.previous)
        st.caption(text.figure_change(figure, t))
if not briefing.has_incidents:
    empty_state(ctx, "briefing.no_incidents")

st.subheader(titles.developments)
if not briefing.developments:
    st.markdown(t("briefing.no_developments"))
links = allowed(principal.role, "incidents")
for number, development in enumerate(briefing.developments, start=1):
    level = t(f"briefing.level.{development.level}")
    line = f"{number}. **{level}** — {development.text}"
    if links and development.link_params:
        url = text.development_link(development, briefing.filters, ctx.today, lang)
        line += f" [{t('briefing.see_incidents')}]({url})"
    st.markdown(line)

# The PDF's two charts, drawn by the browser (the PDF draws its images when it is asked for)
axis = t("chart.incidents")
left, right = st.columns(2)
with left:
    st.subheader(titles.weekly)
    st.plotly_chart(
        kept(
            weekly_incidents_chart,
            briefing.weeks,
            briefing.election_markers,
            lang,
            axis,
            t("briefing.chart.election"),
        ),
        key="briefing_weekly",
        config={"displaylogo": False},
    )
with right:
    st.subheader(titles.headings)
    periods = PeriodLabels(current=t("period.current"), previous=t("period.previous"), axis=axis)
    st.plotly_chart(
        kept(headings_chart, briefing.headings, periods),
        key="briefing_headings",
        config={"displaylogo": False},
    )

st.subheader(titles.elections)
if briefing.elections:
    st.dataframe(text.elections_frame(briefing, t), key="briefing_elections", hide_index=True)
else:
    st.markdown(t("briefing.no_elections"))

st.subheader(titles.responses)
st.markdown(text.responses_line(briefing, t))
