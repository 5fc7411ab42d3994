"""Queries behind the RRM Wire, the library of reports shared in the network."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source, run

#: Reports listed per page.
PAGE_SIZE = 50


def title_pattern(search: str | None) -> str | None:
    """An ILIKE pattern (escape character '\\') matching titles that contain `search` as typed:
    its %, _ and \\ match themselves. None when there is nothing to search for."""
    text = (search or "").strip()
    if not text:
        return None
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def report_count(
    source: Source,
    principal: Principal,
    filters: Filters,
    report_types: Sequence[str] = (),
    search: str | None = None,
) -> int:
    """How many reports match the period, the types and the title search."""
    frame = run(
        source,
        principal,
        "wire/report_count",
        filters,
        report_types=list(report_types),
        title_pattern=title_pattern(search),
    )
    return int(frame["reports"][0])


def report_page(
    source: Source,
    principal: Principal,
    filters: Filters,
    report_types: Sequence[str] = (),
    search: str | None = None,
    page: int = 1,
    size: int = PAGE_SIZE,
) -> pl.DataFrame:
    """report_id, title, report_type, type_en, type_fr, originator_member, originator_en,
    originator_fr, published_at, tlp — one page (from 1), newest first. The originator is
    null under the Chatham House Rule unless the viewer is the originator."""
    return run(
        source,
        principal,
        "wire/report_page",
        filters,
        report_types=list(report_types),
        title_pattern=title_pattern(search),
        limit=size,
        offset=(max(page, 1) - 1) * size,
    )
