"""Queries behind the Incidents explorer: a searched, sorted page of incidents and one incident's detail."""

from __future__ import annotations

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source, run

#: The orders a user may choose (sql/queries/incidents/incident_page.sql maps each to SQL).
SORT_KEYS = ("detected", "title", "heading", "tlp", "reach")
PAGE_SIZE = 50
EXPORT_CAP = 10_000
#: Longest search text passed to SQL (a title or summary phrase, not a document).
SEARCH_MAX_LENGTH = 200


def clean_search(text: str | None) -> str:
    """The user's search text as the queries take it: trimmed and of bounded length."""
    return (text or "").strip()[:SEARCH_MAX_LENGTH]


def _sort_key(sort: str) -> str:
    if sort not in SORT_KEYS:
        raise ValueError(f"sort must be one of {SORT_KEYS}, not {sort!r}")
    return sort


def _searched_page(
    source: Source,
    principal: Principal,
    filters: Filters,
    search: str,
    sort: str,
    descending: bool,
    page: int,
    page_size: int,
) -> pl.DataFrame:
    # The page's incidents and the number of matches (column `total`) come from one query,
    # then what a person reads of those incidents from a second; the result cache keeps both,
    # so a new search shown in the default order costs two small queries, not a count as well.
    search = clean_search(search)
    limit, offset = page_size, (max(page, 1) - 1) * page_size
    if not search and _sort_key(sort) == "detected" and descending:
        keys = run(source, principal, "incidents/latest_page", filters, limit=limit, offset=offset)
    else:
        keys = run(
            source,
            principal,
            "incidents/incident_page",
            filters,
            search=search,
            sort=_sort_key(sort),
            descending=descending,
            limit=limit,
            offset=offset,
        )
    rows = run(
        source,
        principal,
        "incidents/page_rows",
        filters,
        ids=keys["incident_id"].to_list(),
        first=keys["detected_at"].min(),
        last=keys["detected_at"].max(),
    )
    total = int(keys["total"][0]) if keys.height else 0
    return rows.with_columns(pl.lit(total, dtype=pl.Int64).alias("total"))


def incident_page(
    source: Source,
    principal: Principal,
    filters: Filters,
    *,
    search: str = "",
    sort: str = "detected",
    descending: bool = True,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> pl.DataFrame:
    """One page (1-based) of the filtered incidents matching `search`, in the chosen order:
    incident_id, detected_at, title, heading(_en/_fr), threat_type(_en/_fr), targeted_en/_fr,
    tlp, status(_en/_fr), reach_estimate."""
    frame = _searched_page(source, principal, filters, search, sort, descending, page, page_size)
    return frame.drop("total")


def incident_count(
    source: Source,
    principal: Principal,
    filters: Filters,
    *,
    search: str = "",
    sort: str = "detected",
    descending: bool = True,
) -> int:
    """How many filtered incidents match `search`. Read from the first page in the given order
    (pass the order the page is shown in, and showing its first page costs no second query)."""
    first = _searched_page(source, principal, filters, search, sort, descending, 1, PAGE_SIZE)
    return int(first["total"][0]) if first.height else 0


def incident_export(
    source: Source,
    principal: Principal,
    filters: Filters,
    *,
    search: str = "",
    sort: str = "detected",
    descending: bool = True,
) -> pl.DataFrame:
    """The whole filtered, searched result in the chosen order, at most EXPORT_CAP rows."""
    frame = _searched_page(source, principal, filters, search, sort, descending, 1, EXPORT_CAP)
    return frame.drop("total")


def _about(source: Source, principal: Principal, name: str, incident_id: str) -> pl.DataFrame:
    # Detail queries ignore the filter bar: a shared link opens the incident whatever the filters.
    return run(source, principal, f"incidents/{name}", incident_id=incident_id)


def incident_detail(source: Source, principal: Principal, incident_id: str) -> pl.DataFrame:
    """Every field of one incident, labelled; no row when it does not exist or is hidden."""
    return _about(source, principal, "incident_detail", incident_id)


def incident_countries(source: Source, principal: Principal, incident_id: str) -> pl.DataFrame:
    """country_code, name_en/_fr, role, role_en/_fr."""
    return _about(source, principal, "incident_countries", incident_id)


def incident_targets(source: Source, principal: Principal, incident_id: str) -> pl.DataFrame:
    """category_en/_fr, gender_en/_fr, vulnerable_group_en/_fr."""
    return _about(source, principal, "incident_targets", incident_id)


def incident_techniques(source: Source, principal: Principal, incident_id: str) -> pl.DataFrame:
    """disarm_id, technique_name, tactic_id, tactic_name, disarm_version (the tag's), retired,
    retired_in (the loaded DISARM version's text when the technique is retired, else null)."""
    return _about(source, principal, "incident_techniques", incident_id)


def incident_actors(source: Source, principal: Principal, incident_id: str) -> pl.DataFrame:
    """actor_id, name, role, kind_en/_fr, sponsor_en/_fr (visible actors only)."""
    return _about(source, principal, "incident_actors", incident_id)


def incident_platforms(source: Source, principal: Principal, incident_id: str) -> pl.DataFrame:
    """platform_en/_fr, handle, exposure_en/_fr (channel columns null when unknown or hidden)."""
    return _about(source, principal, "incident_platforms", incident_id)


def incident_narratives(source: Source, principal: Principal, incident_id: str) -> pl.DataFrame:
    """narrative_id, name, summary, first_seen (visible narratives only)."""
    return _about(source, principal, "incident_narratives", incident_id)


def incident_sources(source: Source, principal: Principal, incident_id: str) -> pl.DataFrame:
    """url, archive_url, category_en/_fr, is_claim, published_on."""
    return _about(source, principal, "incident_sources", incident_id)


def related_incidents(source: Source, principal: Principal, incident_id: str) -> pl.DataFrame:
    """Up to 10 visible incidents sharing a visible actor or narrative, newest first:
    incident_id, detected_at, title, heading_en/_fr, tlp, shared."""
    return _about(source, principal, "related_incidents", incident_id)
