"""Small pieces every page shares: the demo label, the language switch, page headers, key figures."""

from __future__ import annotations

from typing import Literal

import polars as pl
import streamlit as st

from rrm_dash.access import Principal
from rrm_dash.audit import record
from rrm_dash.audit.events import download_event
from rrm_dash.i18n import LANGUAGES
from rrm_dash.i18n.formatting import number
from rrm_dash.queries.dataset import is_synthetic_demo
from rrm_dash.ui.context import LANG_KEY, PageContext


def language_switch(ctx: PageContext) -> None:
    """English / Français, kept in the URL as ?lang=."""
    st.radio(
        ctx.t("language.label"),
        options=LANGUAGES,
        format_func=lambda code: ctx.t(f"language.{code}"),
        horizontal=True,
        key=LANG_KEY,
    )


def demo_label(ctx: PageContext) -> None:
    """The visible 'synthetic demo data' label, on every view of a demo warehouse."""
    if is_synthetic_demo(ctx.source, ctx.principal):
        st.warning(ctx.t("demo.label"), icon=":material/science:")


def page_header(ctx: PageContext, title_key: str, caption_key: str) -> None:
    st.title(ctx.t(title_key))
    st.caption(ctx.t(caption_key))


def key_figure(
    ctx: PageContext,
    label_key: str,
    value: int,
    help_key: str | None = None,
    previous: int | None = None,
) -> None:
    """A key figure; with `previous`, its change against the previous period (a rise in
    threats shows red)."""
    delta = None
    colour: Literal["inverse", "off"] = "inverse"
    if previous is not None:
        change = value - previous
        delta = ("+" if change > 0 else "") + number(change, ctx.lang)
        colour = "inverse" if change else "off"
    st.metric(
        ctx.t(label_key),
        number(value, ctx.lang),
        delta=delta,
        delta_color=colour,
        help=ctx.t(help_key) if help_key else None,
        border=True,
    )


#: Streamlit badge colours closest to each TLP 2.0 colour.
_TLP_BADGE = {
    "CLEAR": "gray",
    "GREEN": "green",
    "AMBER": "orange",
    "AMBER+STRICT": "orange",
    "RED": "red",
}


def tlp_badge_markdown(marking: str) -> str:
    """A TLP marking as a coloured Markdown badge, e.g. :red-badge[TLP:RED]."""
    colour = _TLP_BADGE.get(marking, "red")
    return f":{colour}-badge[TLP\\:{marking}]"


def empty_state(ctx: PageContext, message_key: str, **params: object) -> None:
    """Nothing to show: say so, and say what to change."""
    st.info(ctx.t(message_key, **params), icon=":material/filter_alt_off:")


def csv_download(ctx: PageContext, frame: pl.DataFrame, file_stem: str, key: str) -> None:
    """Download exactly the rows and columns shown, as UTF-8 CSV with a BOM (opens in Excel);
    each download is written to the audit log."""
    file_name = f"{file_stem}-{ctx.today.isoformat()}.csv"
    st.download_button(
        ctx.t("common.download_csv"),
        data="\ufeff" + frame.write_csv(),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
        on_click=record_download,
        args=(ctx.principal, file_stem, file_name, frame.height),
    )


def record_download(principal: Principal, what: str, file_name: str, rows: int) -> None:
    record(download_event(principal, what, file_name, rows))
