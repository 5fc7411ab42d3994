"""The incidents a viewer may see, one row each in the CSV import template's columns: the
record set every export (CSV, STIX 2.1, Navigator) is built from."""

from __future__ import annotations

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.filters import Filters
from rrm_dash.ingest.csv_template import COLUMNS
from rrm_dash.queries.runner import Source, run

#: The template's columns (rrm_dash/ingest/csv_template.py), in the template's order.
TEMPLATE_COLUMNS = tuple(column.name for column in COLUMNS)
#: Columns of the records beyond the template (STIX and bookkeeping).
EXTRA_COLUMNS = ("stix_id", "created_at", "updated_at", "amplifiers")


def incident_records(source: Source, principal: Principal, filters: Filters | None) -> pl.DataFrame:
    """Every incident `principal` may see (narrowed by `filters` when given), sorted by
    incident_id: the template's columns in its order, then stix_id, created_at, updated_at and
    amplifiers (the actor ids linked as amplifiers, which the template has no column for).

    Scalars keep their warehouse types (dates, naive UTC timestamps, integers, booleans, TLP as
    stored); releasable_to and the template's list columns (targeted_countries,
    origin_countries, techniques, actors = perpetrators, platforms, narratives, source_urls)
    are sorted lists of the links the viewer may see, empty when none. originator_member is
    null where the Chatham House Rule hides the originator from the viewer.
    """
    return run(source, principal, "export/incident_records", filters)
