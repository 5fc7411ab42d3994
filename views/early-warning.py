"""Early warning: surges, elections at risk and cross-member signals, refreshed while open."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import polars as pl
import streamlit as st

from rrm_dash.analytics.alerts import RECENT_WEEKS, warning_picture
from rrm_dash.analytics.election_risk import HORIZON_DAYS
from rrm_dash.analytics.signals import window_start
from rrm_dash.config import load_settings
from rrm_dash.filters import Filters
from rrm_dash.i18n.formatting import day, moment, number
from rrm_dash.queries import filters as options
from rrm_dash.queries.filters import code_names
from rrm_dash.queries.runner import Source
from rrm_dash.queries.warning import data_as_of
from rrm_dash.tables.warning import (
    election_method_text,
    election_table,
    incidents_link,
    signal_table,
    surge_rule_text,
    surge_table,
)
from rrm_dash.ui.components import empty_state, page_header
from rrm_dash.ui.context import current_principal, page_context
from rrm_dash.warehouse.snapshot import WarehouseMissing

ctx = page_context("early-warning")
t, lang = ctx.t, ctx.lang
page_header(ctx, "warning.title", "warning.caption")
settings = load_settings()
defaults = Filters.default(ctx.today)


#: Signals listed on the page; a large warehouse has thousands of technique combinations.
SIGNALS_SHOWN = 100


def link(narrowing: Mapping[str, str]) -> str:
    """The Incidents view with the viewer's filters, narrowed to one row's incidents."""
    return incidents_link(ctx.filters, defaults, narrowing, lang)


def table(frame: pl.DataFrame, key: str) -> None:
    """A warning table: its link column opens the incidents, its trend column draws a line."""
    st.dataframe(
        frame,
        key=key,
        hide_index=True,
        column_config={
            t("warning.column.link"): st.column_config.LinkColumn(
                display_text=t("warning.link"), help=t("warning.link_help")
            ),
            t("warning.column.trend"): st.column_config.LineChartColumn(y_min=0),
        },
    )


@st.fragment(run_every=settings.warning_refresh_s)
def early_warning() -> None:
    """Everything below the header: re-read from the live snapshot at every refresh."""
    # A refresh reruns only this function: check the session still belongs to the same viewer
    # (expiry, sign-out elsewhere, a removed user or a changed role rerun the whole page,
    # whose context then refuses or signs out).
    viewer, shown = current_principal(), ctx.principal
    if viewer is None or (viewer.username, viewer.role, viewer.member_code) != (
        shown.username,
        shown.role,
        shown.member_code,
    ):
        st.rerun(scope="app")
    try:
        source = Source.live(settings.warehouse)
    except WarehouseMissing:
        st.error(t("warehouse.missing", path=str(settings.warehouse)), icon=":material/error:")
        return
    today = date.today()
    # The filter bar's end date is the day counted up to; its default (today) follows the clock.
    end = ctx.filters.date_to
    as_of = today if end is None or end >= ctx.today else end

    latest = data_as_of(source, ctx.principal)
    refreshed = datetime.now().strftime("%H:%M")
    seconds = settings.warning_refresh_s
    st.caption(
        t("warning.refresh_minutes", count=number(seconds // 60, lang), time=refreshed)
        if seconds % 60 == 0
        else t("warning.refresh_seconds", count=number(seconds, lang), time=refreshed)
    )
    if latest is None:
        empty_state(ctx, "warning.no_data")
        return
    st.caption(t("warning.as_of", moment=moment(latest, lang), day=day(as_of, lang)))

    with st.spinner(t("common.loading")):
        picture = warning_picture(source, ctx.principal, ctx.filters, as_of=as_of)
        names = code_names(source, ctx.principal, lang)
        techniques = options.technique_options(source, ctx.principal)
    week = day(picture.week, lang)

    st.subheader(t("warning.surge.title"))
    weeks = number(RECENT_WEEKS, lang)
    st.caption(t("warning.surge.caption", week=week, weeks=weeks))
    for scope, title_key, empty_key in (
        ("country", "warning.surge.by_country", "warning.surge.empty_country"),
        ("heading", "warning.surge.by_heading", "warning.surge.empty_heading"),
    ):
        st.markdown(f"**{t(title_key)}**")
        surges = picture.surges.filter(pl.col("scope") == scope)
        if surges.is_empty():
            empty_state(ctx, empty_key, week=week, weeks=weeks)
        else:
            table(surge_table(surges, picture.weekly, t, names, link), f"warning_surges_{scope}")
    with st.expander(t("warning.method")):
        st.markdown(surge_rule_text(picture.rule, t))

    st.subheader(t("warning.election.title"))
    st.caption(t("warning.election.caption", days=number(HORIZON_DAYS, lang)))
    if picture.risks.is_empty():
        empty_state(ctx, "warning.election.empty", days=number(HORIZON_DAYS, lang))
    else:
        table(election_table(picture.risks, t, link), "warning_elections")
    with st.expander(t("warning.method")):
        labels = dict(zip(techniques["code"], techniques[f"label_{lang}"], strict=True))
        st.markdown(election_method_text(t, labels))

    st.subheader(t("warning.signal.title"))
    first = window_start(as_of, picture.window_days)
    st.caption(
        t(
            "warning.signal.caption",
            days=number(picture.window_days, lang),
            first=day(first, lang),
            last=day(as_of, lang),
        )
    )
    if ctx.filters.members:
        st.caption(t("warning.signal.caption_members"))
    if picture.signals.is_empty():
        empty_state(ctx, "warning.signal.empty", days=number(picture.window_days, lang))
    else:
        signals = picture.signals
        if signals.height > SIGNALS_SHOWN:  # sorted by members, then incidents: the top rows
            total = number(signals.height, lang)
            st.caption(
                t("warning.signal.shown_top", shown=number(SIGNALS_SHOWN, lang), total=total)
            )
            signals = signals.head(SIGNALS_SHOWN)
        table(signal_table(signals, t, names, link), "warning_signals")
    with st.expander(t("warning.method")):
        st.markdown(
            t(
                "warning.signal.rule",
                days=number(picture.window_days, lang),
                day=day(as_of, lang),
            )
        )


early_warning()
