"""Audit log: who signed in, saw, downloaded or imported what. Administrators only."""

from __future__ import annotations

import math
import sqlite3
from datetime import date, timedelta

import polars as pl
import streamlit as st

from rrm_dash.access import Role
from rrm_dash.audit import ACTIONS, audit_path, download_event, record
from rrm_dash.i18n.formatting import number
from rrm_dash.queries import audit as audit_log
from rrm_dash.queries.filters import vocabulary_options
from rrm_dash.ui.components import empty_state, page_header
from rrm_dash.ui.context import page_context

PAGE_KEY = "audit_page"
DEFAULT_DAYS = 30


def _first_page() -> None:
    st.session_state[PAGE_KEY] = 1


def _days(value: object) -> tuple[date | None, date | None]:
    """The date input's range; while only its first day is picked, that day alone."""
    if isinstance(value, date):
        return value, value
    picked = [day for day in value if isinstance(day, date)] if isinstance(value, tuple) else []
    if not picked:
        return None, None
    return picked[0], picked[-1]


ctx = page_context("audit")
t = ctx.t
page_header(ctx, "audit.title", "audit.caption")
if not audit_log.may_read_log(ctx.principal):
    st.error(t("audit.refused"), icon=":material/block:")
    st.stop()

vocabulary = vocabulary_options(ctx.source, ctx.principal, "access_action")
action_labels = dict(
    zip(vocabulary["code"].to_list(), vocabulary[f"label_{ctx.lang}"].to_list(), strict=True)
)
role_labels = {role: t(f"audit.role.{role}") for role in [*(r.value for r in Role), "unknown"]}

period_column, user_column, action_column = st.columns([2, 2, 3])
with period_column:
    period = st.date_input(
        t("audit.period"),
        value=(ctx.today - timedelta(days=DEFAULT_DAYS - 1), ctx.today),
        key="audit_period",
        on_change=_first_page,
    )
with user_column:
    username = st.text_input(
        t("audit.user"), key="audit_user", help=t("audit.user_help"), on_change=_first_page
    )
with action_column:
    chosen_actions = st.multiselect(
        t("audit.actions"),
        options=list(ACTIONS),
        format_func=lambda code: action_labels.get(code, code),
        key="audit_actions",
        placeholder=t("audit.all_actions"),
        on_change=_first_page,
    )
first, last = _days(period)
log_filter = audit_log.LogFilter.for_days(first, last, username, tuple(chosen_actions))

try:
    with st.spinner(t("common.loading")):
        total = audit_log.log_count(ctx.principal, log_filter)
except (sqlite3.Error, OSError) as error:
    st.error(t("audit.unavailable", path=str(audit_path()), error=str(error)))
    st.stop()
if total == 0:
    empty_state(ctx, "audit.empty")
    st.stop()

pages = max(math.ceil(total / audit_log.PAGE_SIZE), 1)
if st.session_state.get(PAGE_KEY, 1) > pages:
    _first_page()
page = 1
if pages > 1:
    page = int(st.number_input(t("audit.page"), min_value=1, max_value=pages, key=PAGE_KEY))
with st.spinner(t("common.loading")):
    entries = audit_log.log_page(ctx.principal, log_filter, page=page)
st.caption(
    t(
        "audit.page_note",
        page=number(page, ctx.lang),
        pages=number(pages, ctx.lang),
        total=number(total, ctx.lang),
    )
)
table = entries.select(
    pl.col("logged_at").dt.replace_time_zone(None).alias(t("audit.column.at")),
    pl.col("username").alias(t("audit.column.user")),
    pl.col("role").replace(role_labels).alias(t("audit.column.role")),
    pl.col("member_code").alias(t("audit.column.member")),
    pl.col("action").replace(action_labels).alias(t("audit.column.action")),
    pl.col("object_type").alias(t("audit.column.object_type")),
    pl.col("object_id").alias(t("audit.column.object_id")),
    pl.col("detail").alias(t("audit.column.detail")),
)
st.dataframe(table, key="audit_table", hide_index=True)

# The file is built only when the button is pressed (a callable runs on its own thread), and
# taking the audit log away is itself recorded.
viewer = ctx.principal
file_name = f"rrm-audit-log-{ctx.today.isoformat()}.csv"


def _log_csv() -> str:
    frame = audit_log.log_export(viewer, log_filter)
    record(download_event(viewer, "audit_log", file_name, rows=frame.height))
    return audit_log.log_csv(frame)


limit = number(audit_log.EXPORT_LIMIT, ctx.lang)
st.download_button(
    t("audit.download"),
    data=_log_csv,
    file_name=file_name,
    mime="text/csv",
    key="audit_csv",
    icon=":material/download:",
    help=t("audit.download_help", limit=limit),
    on_click="ignore",
)
if total > audit_log.EXPORT_LIMIT:
    st.caption(t("audit.capped", limit=limit, total=number(total, ctx.lang)))
