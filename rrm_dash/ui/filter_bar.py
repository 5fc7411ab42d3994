"""The filter bar in the sidebar of every view, kept in session state and in the URL."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from rrm_dash.filters import (
    DEFAULT_DAYS,
    URL_PARAMS,
    Filters,
    from_query_params,
    to_query_params,
)
from rrm_dash.queries import filters as options
from rrm_dash.ui.context import LANG_KEY, PageContext
from rrm_dash.ui.filter_state import (
    DATES_KEY,
    ELECTION_KEY,
    READY_KEY,
    current_filters,
    load_into_widgets,
)

EARLIEST = date(2018, 1, 1)


def _labels(frame: pl.DataFrame, lang: str) -> dict[str, str]:
    return dict(zip(frame["code"].to_list(), frame[f"label_{lang}"].to_list(), strict=True))


def _multiselect(key: str, label: str, labels: dict[str, str], placeholder: str) -> None:
    # A code from a shared link that this viewer has no option for is dropped, not shown.
    st.session_state[key] = [code for code in st.session_state.get(key, []) if code in labels]
    st.multiselect(
        label,
        options=list(labels),
        format_func=lambda c: labels.get(c, c),
        key=key,
        placeholder=placeholder,
    )


def filter_bar(ctx: PageContext) -> Filters:
    """Draw the filter bar in the sidebar and return what it selects; mirror it in the URL."""
    t, lang = ctx.t, ctx.lang
    defaults = Filters.default(ctx.today)
    if not st.session_state.get(READY_KEY):
        load_into_widgets(from_query_params(dict(st.query_params), defaults, EARLIEST))
    source, principal = ctx.source, ctx.principal
    with st.sidebar:
        st.header(t("filters.title"))
        st.date_input(
            t("filters.dates"),
            key=DATES_KEY,
            min_value=EARLIEST,
            max_value=ctx.today,
            format="YYYY-MM-DD",
            help=t("filters.dates_help", days=DEFAULT_DAYS),
        )
        _multiselect(
            "filter_member",
            t("filters.members"),
            _labels(options.member_options(source, principal), lang),
            t("filters.all"),
        )
        _multiselect(
            "filter_heading",
            t("filters.headings"),
            _labels(options.vocabulary_options(source, principal, "heading"), lang),
            t("filters.all"),
        )
        _multiselect(
            "filter_threat",
            t("filters.threat_types"),
            _labels(options.vocabulary_options(source, principal, "threat_type"), lang),
            t("filters.all"),
        )
        _multiselect(
            "filter_actor",
            t("filters.actors"),
            _labels(options.actor_options(source, principal), lang),
            t("filters.all"),
        )
        _multiselect(
            "filter_platform",
            t("filters.platforms"),
            _labels(options.vocabulary_options(source, principal, "platform"), lang),
            t("filters.all"),
        )
        _multiselect(
            "filter_tactic",
            t("filters.tactics"),
            _labels(options.tactic_options(source, principal), lang),
            t("filters.all"),
        )
        _multiselect(
            "filter_technique",
            t("filters.techniques"),
            _labels(options.technique_options(source, principal), lang),
            t("filters.all"),
        )
        _multiselect(
            "filter_tlp",
            t("filters.tlp"),
            _labels(options.vocabulary_options(source, principal, "tlp"), lang),
            t("filters.all"),
        )
        elections = _labels(options.election_options(source, principal), lang)
        if st.session_state.get(ELECTION_KEY) not in elections:
            st.session_state[ELECTION_KEY] = None
        st.selectbox(
            t("filters.election"),
            options=[None, *elections],
            format_func=lambda code: t("filters.any_election") if code is None else elections[code],
            key=ELECTION_KEY,
            placeholder=t("filters.any_election"),
        )
        st.button(
            t("filters.reset"),
            key="filter_reset",
            on_click=load_into_widgets,
            args=(defaults,),
            icon=":material/restart_alt:",
        )
    filters = current_filters(ctx.today)
    # Rewrite the filter bar's own parameters and the language; keep those a view owns.
    kept = {
        name: value
        for name, value in st.query_params.to_dict().items()
        if name not in URL_PARAMS and name != LANG_KEY
    }
    st.query_params.from_dict({**kept, LANG_KEY: lang, **to_query_params(filters, defaults)})
    return filters
