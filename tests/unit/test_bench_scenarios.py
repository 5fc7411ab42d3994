"""The page benchmark covers every view that reads incidents, and its two filters reach the app
through the URL exactly as defined, whatever day the benchmark runs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rrm_dash.bench.scenarios import (
    NAIVE_VIEWS,
    PAGES,
    SKIPPED,
    bench_filters,
    filter_query,
)
from rrm_dash.bench.warehouses import BENCH_TODAY
from rrm_dash.filters import Filters, from_query_params
from rrm_dash.ui.navigation import VIEWS


def test_every_view_is_measured_or_skipped_with_a_reason() -> None:
    measured_or_skipped = [view.url_path for view in VIEWS if view.url_path not in SKIPPED]
    assert list(PAGES) == measured_or_skipped
    assert set(SKIPPED) <= {view.url_path for view in VIEWS}
    assert set(NAIVE_VIEWS) <= set(PAGES)


@pytest.mark.parametrize("today", [BENCH_TODAY, BENCH_TODAY + timedelta(days=400)])
def test_the_benchmark_filters_travel_in_a_link_as_they_are(today: date) -> None:
    for name in ("typical", "narrow"):
        linked = from_query_params(filter_query(name, today), Filters.default(today))
        assert linked == bench_filters(name)


def test_the_typical_filter_is_the_default_bar_and_needs_no_parameters_on_its_day() -> None:
    assert bench_filters("typical") == Filters.default(BENCH_TODAY)
    assert filter_query("typical", BENCH_TODAY) == {}


def test_the_narrow_filter_is_one_member_one_heading_and_30_days() -> None:
    narrow = bench_filters("narrow")
    assert narrow.period_days() == 30 and narrow.date_to == BENCH_TODAY
    assert len(narrow.members) == len(narrow.headings) == 1
    with pytest.raises(ValueError, match="typical"):
        bench_filters("wide")
