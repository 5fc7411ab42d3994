"""Queries behind the DISARM heatmap: incidents per technique over the filtered set."""

from __future__ import annotations

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source, run

#: At most this many incidents are listed for a selected technique.
INCIDENT_LIMIT = 100


def technique_counts(
    source: Source, principal: Principal, filters: Filters, *, sub_techniques: bool = False
) -> pl.DataFrame:
    """tactic_id, tactic_name, tactic_rank, disarm_id, name, parent_id, incidents, position.

    One row per technique of every tactic (zeros included), tactics in display rank, each
    tactic's techniques by count then id (`position` 1, 2, ...). Sub-techniques are rolled up
    into their parent unless `sub_techniques`.
    """
    return run(source, principal, "disarm/technique_counts", filters, sub_techniques=sub_techniques)


def technique_incidents(
    source: Source,
    principal: Principal,
    filters: Filters,
    disarm_id: str,
    *,
    with_sub_techniques: bool = True,
    limit: int = INCIDENT_LIMIT,
) -> pl.DataFrame:
    """incident_id, title, detected_at, tlp, targeted_en, targeted_fr — newest first."""
    family = run(
        source,
        principal,
        "disarm/technique_family",
        disarm_id=disarm_id,
        with_sub_techniques=with_sub_techniques,
    )
    ids = family["disarm_id"].to_list()
    return run(source, principal, "disarm/technique_incidents", filters, ids=ids, limit=limit)


def filtered_totals(source: Source, principal: Principal, filters: Filters) -> pl.DataFrame:
    """One row: incidents (the filtered set) and tagged_incidents (those with a technique)."""
    return run(source, principal, "disarm/filtered_totals", filters)
