"""Queries behind the Map view: targeted countries and incident locations in grid cells."""

from __future__ import annotations

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.filters import Filters
from rrm_dash.queries.runner import Source, run

#: Grid cells tried for incident locations, finest first (degrees of latitude and longitude).
GRID_CELLS = (0.5, 1.0, 2.0, 5.0)
#: At most this many cells are drawn: bounds the page's payload whatever the number of incidents.
MAX_BINS = 1500


def targeted_countries(source: Source, principal: Principal, filters: Filters) -> pl.DataFrame:
    """country_code, name_en, name_fr, latitude, longitude, filterable, incidents — busiest first."""
    return run(source, principal, "map/targeted_countries", filters)


def incident_bins(
    source: Source,
    principal: Principal,
    filters: Filters,
    cells: tuple[float, ...] = GRID_CELLS,
    max_bins: int = MAX_BINS,
) -> pl.DataFrame:
    """cell, latitude, longitude (cell centre), incidents, top_place — busiest cells first."""
    return run(
        source, principal, "map/incident_bins", filters, cells=list(cells), max_bins=max_bins
    )
