"""Draw an import's report: per file what was (or would be) added, updated, skipped, rejected."""

from __future__ import annotations

import polars as pl
import streamlit as st

from rrm_dash.i18n import DEFAULT_LANGUAGE
from rrm_dash.i18n.formatting import number
from rrm_dash.ingest.messages import msg, render
from rrm_dash.ingest.run import ImportReport, ImportResult
from rrm_dash.ui.context import PageContext

COUNTS = ("added", "updated", "unchanged", "skipped", "rejected", "kept_out")


def problems_frame(report: ImportReport, lang: str = DEFAULT_LANGUAGE) -> pl.DataFrame:
    """One row per problem: where (row or object), which column or property, the value, and
    what was expected (with a suggestion when one is close), in `lang`."""
    rows = [
        {
            "where": render(problem.place, lang),
            "field": getattr(problem, "column", None) or getattr(problem, "path", None),
            "value": problem.value,
            "expected": problem.message.render(lang),
            "suggestion": problem.suggestion,
        }
        for problem in report.batch.problems
    ]
    schema = dict.fromkeys(("where", "field", "value", "expected", "suggestion"), pl.String)
    return pl.DataFrame(rows, schema=schema)


def show_result(ctx: PageContext, result: ImportResult) -> None:
    t = ctx.t
    for report in result.reports:
        _show_report(ctx, report)
    if result.rejected:
        st.error(t("imports.rejected"), icon=":material/block:")
    elif result.written:
        st.success(t("imports.published"), icon=":material/check_circle:")


def _show_report(ctx: PageContext, report: ImportReport) -> None:
    t, batch, counts = ctx.t, report.batch, report.counts()
    st.subheader(batch.file_name, divider="gray")
    st.caption(
        t(
            "imports.file_caption",
            format=t(f"imports.format.{batch.source_format}"),
            sha=batch.sha256,
        )
    )
    for column, name in zip(st.columns(len(COUNTS)), COUNTS, strict=True):
        column.metric(t(f"imports.count.{name}"), number(counts[name], ctx.lang))
    if batch.kept_out:
        kept = ", ".join(
            f"{kind} ({number(n, ctx.lang)})" for kind, n in sorted(batch.kept_out.items())
        )
        st.caption(t("imports.kept_out", kinds=kept))
    for note in batch.notes:
        st.info(note.render(ctx.lang), icon=":material/info:")
    skipped = [
        msg("skip.item", item=item, reason=reason).render(ctx.lang)
        for item, reason in report.outcome.skipped
    ]
    skipped += [
        msg("skip.item", item=place, reason=t("imports.invalid")).render(ctx.lang)
        for place in report.skipped_invalid_places
    ]
    if skipped:
        with st.expander(t("imports.skipped", count=number(len(skipped), ctx.lang))):
            st.text("\n".join(skipped))
    if batch.problems:
        frame = problems_frame(report, ctx.lang)
        labels = {name: t(f"imports.problem.{name}") for name in frame.columns}
        st.dataframe(frame.rename(labels), hide_index=True, key=f"problems_{batch.sha256}")
