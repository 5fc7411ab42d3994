"""Download buttons for the exports: the filtered incidents as the CSV import template and as a
STIX 2.1 bundle, and the DISARM Navigator layer.

Each file is built only when the button is clicked (a deferred download), from what the viewer
sees (the page context's viewer, filter bar and snapshot), and each download is audited with the
number of items it holds (incidents; techniques for a layer).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import streamlit as st

from rrm_dash.exchange.formats import build_export
from rrm_dash.ui.components import record_download
from rrm_dash.ui.context import PageContext

#: Format → (audit object type, file name pattern, MIME type).
FILES = {
    "csv": ("incidents_csv", "rrm-incidents-{day}.csv", "text/csv"),
    "stix": ("incidents_stix", "rrm-incidents-{day}.stix.json", "application/json"),
    "navigator": ("disarm_navigator", "rrm-disarm-layer-{day}.json", "application/json"),
}


def file_name(ctx: PageContext, fmt: str) -> str:
    return FILES[fmt][1].format(day=ctx.today.isoformat())


def export_maker(ctx: PageContext, fmt: str) -> Callable[[], bytes]:
    """What a click runs: build the file for this page's viewer and filters, audit the download,
    return the bytes (Streamlit calls it on another thread; it draws nothing)."""
    principal, source, filters = ctx.principal, ctx.source, ctx.filters
    what, name, layer = FILES[fmt][0], file_name(ctx, fmt), ctx.t("exchange.layer_name")

    def make() -> bytes:
        exported = build_export(fmt, source, principal, filters, now=datetime.now(UTC), name=layer)
        summary = exported.summary  # a STIX bundle is audited by its incidents, not objects
        record_download(principal, what, name, summary.counts.get("incident", summary.items))
        return exported.data

    return make


def _button(ctx: PageContext, fmt: str, label: str, help_text: str) -> None:
    st.download_button(
        label,
        data=export_maker(ctx, fmt),
        file_name=file_name(ctx, fmt),
        mime=FILES[fmt][2],
        key=f"exchange_{fmt}",
        help=help_text,
        icon=":material/download:",
        on_click="ignore",
    )


def incident_downloads(ctx: PageContext) -> None:
    """The filtered incidents as the CSV import template and as a STIX 2.1 bundle."""
    t = ctx.t
    st.caption(t("exchange.caption"))
    csv_column, stix_column = st.columns(2)
    with csv_column:
        _button(ctx, "csv", t("exchange.download_csv"), t("exchange.download_csv_help"))
    with stix_column:
        _button(ctx, "stix", t("exchange.download_stix"), t("exchange.download_stix_help"))


def navigator_download(ctx: PageContext) -> None:
    """The DISARM Navigator layer of the filtered incidents."""
    t = ctx.t
    _button(
        ctx, "navigator", t("exchange.download_navigator"), t("exchange.download_navigator_help")
    )
