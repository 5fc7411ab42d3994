"""Handling latency read a quarter at a time equals the same query over the whole period."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date, timedelta

import polars as pl
import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.filters import Filters
from rrm_dash.queries import warning
from rrm_dash.queries.quarters import quarter_end, quarter_spans
from rrm_dash.queries.runner import Source, results, run
from tests.conftest import TODAY

VIEWERS = {
    "analyst": Principal("analyst", Role.ANALYST),
    "fr_focal": Principal("fr-focal", Role.FOCAL_POINT, "FR"),
}
PERIODS = {
    "default": (TODAY - timedelta(days=364), TODAY),
    "within_a_quarter": (date(TODAY.year, 1, 3), date(TODAY.year, 2, 20)),
    "whole_quarters": (date(TODAY.year - 1, 4, 1), date(TODAY.year - 1, 12, 31)),
    "across_a_year_end": (date(TODAY.year - 1, 11, 15), date(TODAY.year, 4, 2)),
}


def test_a_period_is_cut_at_each_quarters_first_day() -> None:
    assert quarter_spans(date(2025, 11, 15), date(2026, 4, 2)) == [
        (date(2025, 11, 15), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 4, 2)),
    ]
    assert quarter_spans(date(2026, 5, 5), date(2026, 5, 5)) == [(date(2026, 5, 5),) * 2]
    assert quarter_spans(date(2026, 5, 6), date(2026, 5, 5)) == []
    assert [quarter_end(date(2026, month, 10)) for month in (2, 5, 8, 11)] == [
        date(2026, 3, 31),
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 12, 31),
    ]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("period", PERIODS)
def test_latency_equals_one_read_of_the_period(
    demo_source: Source, viewer: str, period: str
) -> None:
    principal = VIEWERS[viewer]
    first, last = PERIODS[period]
    filters = Filters(date_from=first, date_to=last)
    whole = run(demo_source, principal, "warning/latency_stages", filters)
    assert warning.latency_stages(demo_source, principal, filters).equals(whole)
    if period == "default":
        assert whole["quarter"].n_unique() == 5


def test_sliding_the_period_a_week_reads_only_its_partial_quarters(
    demo_source: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    principal = VIEWERS["analyst"]
    first, last = date(TODAY.year - 1, 2, 15), date(TODAY.year - 1, 11, 20)
    warning.latency_stages(demo_source, principal, Filters(date_from=first, date_to=last))
    computed: list[tuple[object, object]] = []
    keep = results.get_or_compute

    def spying(key: Hashable, compute: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        def counted() -> pl.DataFrame:
            assert isinstance(key, tuple)
            filters = dict(key[3])
            computed.append((filters["date_from"], filters["date_to"]))
            return compute()

        return keep(key, counted)

    monkeypatch.setattr(results, "get_or_compute", spying)
    week = timedelta(days=7)
    slid = Filters(date_from=first - week, date_to=last - week)
    warning.latency_stages(demo_source, principal, slid)
    spans = quarter_spans(first - week, last - week)
    assert len(spans) == 4 and spans[1:-1] == quarter_spans(first, last)[1:-1]
    assert computed == [spans[0], spans[-1]]  # the two whole quarters come from the cache
