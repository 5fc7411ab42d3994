"""Queries behind the coordinated-response tracker."""

from __future__ import annotations

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source, run

#: Responses listed per page of the tracker.
PAGE_SIZE = 50


def status_counts(source: Source, principal: Principal, filters: Filters) -> pl.DataFrame:
    """status, label_en, label_fr, responses — every lifecycle status, in the vocabulary's order.

    Responses are selected by the filter bar's period (on proposed_at) and targeted members
    (leading or joining); the other filters are about incidents and do not apply.
    """
    return run(source, principal, "responses/status_counts", filters)


def response_page(
    source: Source, principal: Principal, filters: Filters, page: int = 1, size: int = PAGE_SIZE
) -> pl.DataFrame:
    """One page (from 1) of the selected responses, newest proposal first, with labels,
    lead and member names per position, dates, linked_incidents, effectiveness and outcome."""
    return run(
        source,
        principal,
        "responses/response_page",
        filters,
        limit=size,
        offset=(max(page, 1) - 1) * size,
    )


def member_positions(source: Source, principal: Principal, response_id: str) -> pl.DataFrame:
    """member_code, name_en, name_fr, member_status, position, position_en, position_fr,
    decided_at — every member and observer, lead first; empty for a response not visible."""
    return run(source, principal, "responses/member_positions", response_id=response_id)


def linked_incidents(source: Source, principal: Principal, response_id: str) -> pl.DataFrame:
    """incident_id, title, detected_at, heading, heading_en, heading_fr, tlp — only the
    incidents the viewer may see, newest first."""
    return run(source, principal, "responses/linked_incidents", response_id=response_id)
