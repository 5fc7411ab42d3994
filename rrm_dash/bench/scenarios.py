"""What the page benchmark measures: which pages, under which two filters (carried in the URL,
as a copied link carries them), which searches, and which pages the naive baseline stands in for.

Kept free of Streamlit and pandas so that the command line stays quick to start.
"""

from __future__ import annotations

from datetime import date, timedelta

from rrm_dash.bench.warehouses import BENCH_TODAY
from rrm_dash.filters import Filters, to_query_params

#: Views measured, in menu order (rrm_dash/ui/navigation.py); a test keeps this list whole.
PAGES = (
    "overview", "early-warning", "briefing", "incidents", "map", "timeline", "elections",
    "disarm", "engagement", "responses", "wire",
)  # fmt: skip
#: Views not measured, and why.
SKIPPED = {
    "import": "an upload form that reads no incidents (the import benchmark measures imports)",
    "audit": "reads the audit log, not incidents, and only administrators open it",
}
#: The app's views the naive baseline has an equivalent of (rrm_dash/bench/naive_app.py).
NAIVE_VIEWS = ("overview", "incidents", "map", "timeline", "disarm")
FILTERS = ("typical", "narrow")
NARROW_MEMBER, NARROW_HEADING, NARROW_DAYS = "FR", "MIE", 30
#: Words found in demo incident titles, one per search run (each a new search, never cached).
SEARCH_WORDS = ("diaspora", "journalists", "polling", "funds", "hijacked")


def bench_filters(name: str) -> Filters:
    """`typical`: the default filter bar (the last 12 months of the benchmark data);
    `narrow`: one targeted member, one heading and the last 30 days."""
    if name == "typical":
        return Filters.default(BENCH_TODAY)
    if name == "narrow":
        start = BENCH_TODAY - timedelta(days=NARROW_DAYS - 1)
        return Filters(
            date_from=start,
            date_to=BENCH_TODAY,
            members=(NARROW_MEMBER,),
            headings=(NARROW_HEADING,),
        )
    raise ValueError(f"filters are {FILTERS}, not {name!r}")


def filter_query(name: str, today: date | None = None) -> dict[str, str]:
    """The URL parameters of filter `name`, as a copied link carries them (none when it is the
    default filter bar of `today`)."""
    return to_query_params(bench_filters(name), Filters.default(today or date.today()))
