"""Import: upload CSV incident files, STIX 2.1 bundles or the DISARM bundle; check, then confirm.

Administrators and analysts only. Nothing is written until the user confirms a clean check;
the import then publishes one new snapshot or nothing (rrm_dash/ingest/run.py).
"""

from __future__ import annotations

import hashlib

import polars as pl
import streamlit as st

from rrm_dash import PROJECT_DIR
from rrm_dash.access import COORDINATION_UNIT, Role
from rrm_dash.config import warehouse_path
from rrm_dash.ingest.formats import FORMATS
from rrm_dash.ingest.run import ImportFile, ImportResult, import_files
from rrm_dash.queries.filters import member_options
from rrm_dash.queries.imports import import_history
from rrm_dash.queries.runner import Source
from rrm_dash.ui.components import empty_state, page_header
from rrm_dash.ui.context import page_context
from rrm_dash.ui.import_report import show_result
from rrm_dash.warehouse.snapshot import WarehouseError

EXAMPLE = PROJECT_DIR / "data" / "examples" / "incidents-example.csv"
CHECKED = "import_checked"
DONE = "import_done"
AUTO = "auto"

ctx = page_context("import")
t = ctx.t
page_header(ctx, "imports.title", "imports.caption")
st.download_button(
    t("imports.example"),
    data=EXAMPLE.read_bytes(),
    file_name=EXAMPLE.name,
    mime="text/csv",
    icon=":material/description:",
    key="import_example",
)

limit_mb = int(st.get_option("server.maxUploadSize"))
uploads = st.file_uploader(
    t("imports.files"),
    type=["csv", "json"],
    accept_multiple_files=True,
    help=t("imports.files_help", limit=limit_mb),
    key="import_uploads",
)
format_column, originator_column, skip_column = st.columns([2, 2, 3], vertical_alignment="bottom")
with format_column:
    chosen_format = st.selectbox(
        t("imports.format_label"),
        options=[AUTO, *FORMATS],
        format_func=lambda code: t(f"imports.format.{code}"),
        key="import_format",
    )
with originator_column:
    member_frame = member_options(ctx.source, ctx.principal)
    names = dict(zip(member_frame["code"], member_frame[f"label_{ctx.lang}"], strict=True))
    names[COORDINATION_UNIT] = t("imports.coordination_unit")
    originator = st.selectbox(
        t("imports.originator"),
        [COORDINATION_UNIT, *member_frame["code"]],
        format_func=lambda code: f"{code} — {names[code]}",
        key="import_originator",
        help=t("imports.originator_help"),
    )
with skip_column:
    skip_invalid = st.checkbox(
        t("imports.skip_invalid"), key="import_skip", help=t("imports.skip_invalid_help")
    )

files = [ImportFile(upload.name, upload.getvalue()) for upload in uploads or []]
options = (chosen_format, originator, skip_invalid)
signature = hashlib.sha256(
    repr([(f.name, hashlib.sha256(f.data).hexdigest()) for f in files] + [options]).encode()
).hexdigest()


def _import(dry_run: bool) -> ImportResult | None:
    bar = st.progress(0.0, text=t("imports.working"))
    try:
        result = import_files(
            warehouse_path(),
            files,
            principal=ctx.principal,
            source_format=None if chosen_format == AUTO else chosen_format,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            originator=originator,
            progress=lambda step, fraction: bar.progress(
                min(fraction, 1.0), text=step.render(ctx.lang)
            ),
        )
    except WarehouseError as error:
        st.error(str(error), icon=":material/error:")
        return None
    finally:
        bar.empty()
    return result


finished = st.session_state.pop(DONE, None)
if finished is not None:
    show_result(ctx, finished)
elif not files:
    empty_state(ctx, "imports.empty")
else:
    if st.button(t("imports.check"), type="primary", icon=":material/rule:", key="import_check"):
        checked = _import(dry_run=True)
        st.session_state[CHECKED] = (signature, checked) if checked else None
    stored = st.session_state.get(CHECKED)
    if stored and stored[0] == signature:
        check: ImportResult = stored[1]
        show_result(ctx, check)
        if not check.rejected:
            st.caption(t("imports.confirm_note"))
            if st.button(t("imports.confirm"), icon=":material/upload:", key="import_confirm"):
                st.session_state[CHECKED] = None
                done = _import(dry_run=False)
                if done is not None:
                    st.session_state[DONE] = done
                    st.rerun()

if ctx.principal.role is Role.ADMIN:
    st.subheader(t("imports.history"), divider="gray")
    history = import_history(Source.live(warehouse_path()), ctx.principal)
    if history.is_empty():
        empty_state(ctx, "imports.history_empty")
    else:
        shown = history.drop("detail").with_columns(
            pl.col("file_sha256").str.slice(0, 12),
            pl.col("source_format").replace({f: t(f"imports.format.{f}") for f in FORMATS}),
        )
        st.dataframe(
            shown.rename({name: t(f"imports.column.{name}") for name in shown.columns}),
            hide_index=True,
            key="import_history",
        )
