"""Query results kept in memory: a repeated question is answered without DuckDB, and a kept
result is only ever given back for the same snapshot, viewer scope, filters and parameters."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from rrm_dash.access import Principal
from rrm_dash.config import DEFAULT_QUERY_CACHE_MB, query_cache_megabytes
from rrm_dash.filters import Filters
from rrm_dash.ingest.demo import publish_demo
from rrm_dash.ingest.load import publish
from rrm_dash.queries import runner
from rrm_dash.queries.result_cache import ResultCache, frozen
from rrm_dash.queries.runner import Source
from tests.canary import DEMO_INCIDENTS, VIEWERS, add_canaries, build_canary_warehouse
from tests.conftest import TODAY

#: One page of one incident: its `total` column counts every matching incident in scope.
QUERY = "incidents/incident_page"
FIRST = {"sort": "detected", "descending": True, "limit": 1, "offset": 0}


def _total(frame: pl.DataFrame) -> int:
    return int(frame["total"][0]) if frame.height else 0


def count(source: Source, principal: Principal, filters: Filters, search: str = "") -> int:
    return _total(runner.run(source, principal, QUERY, filters, search=search, **FIRST))


def uncached_count(source: Source, principal: Principal, filters: Filters) -> int:
    with runner.scoped_cursor(source, principal, filters) as cursor:
        return _total(cursor.sql(runner.query_text(QUERY), params={"search": "", **FIRST}).pl())


@pytest.fixture(scope="module")
def canary_source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    return Source.live(build_canary_warehouse(tmp_path_factory.mktemp("cache") / "w.duckdb", TODAY))


def test_a_repeated_query_is_answered_from_memory(canary_source: Source) -> None:
    filters = Filters.default(TODAY)
    viewer = VIEWERS["analyst"]
    first = runner.run(canary_source, viewer, QUERY, filters, search="", **FIRST)
    assert runner.run(canary_source, viewer, QUERY, filters, search="", **FIRST) is first


def test_each_viewer_gets_the_count_of_its_own_scope_whoever_asked_first(
    canary_source: Source,
) -> None:
    # Every viewer asks the same question after the others: a result kept for one scope is
    # never handed to another (the canaries make every scope's count different).
    filters = Filters.default(TODAY)
    for order in (list(VIEWERS), list(reversed(VIEWERS))):
        runner.results.clear()
        for name in order:
            assert count(canary_source, VIEWERS[name], filters) == uncached_count(
                canary_source, VIEWERS[name], filters
            ), name
    counts = {count(canary_source, viewer, filters) for viewer in VIEWERS.values()}
    assert len(counts) > 3


def test_a_lower_ceiling_of_the_same_user_is_answered_for_that_ceiling(
    canary_source: Source,
) -> None:
    filters = Filters.default(TODAY)
    analyst = VIEWERS["analyst"]
    everything = count(canary_source, analyst, filters)
    green = count(canary_source, analyst.with_ceiling("GREEN"), filters)
    assert green == uncached_count(canary_source, analyst.with_ceiling("GREEN"), filters)
    assert green < everything


def test_other_filters_or_parameters_are_a_different_question(canary_source: Source) -> None:
    analyst = VIEWERS["analyst"]
    filters = Filters.default(TODAY)
    narrowed = filters.with_changes(headings=("fimi",))
    assert count(canary_source, analyst, narrowed) == uncached_count(
        canary_source, analyst, narrowed
    )
    assert count(canary_source, analyst, narrowed) < count(canary_source, analyst, filters)
    assert count(canary_source, analyst, filters, search="zz-no-such-word") == 0


def test_a_newly_published_snapshot_is_read_not_the_results_of_the_old_one(
    tmp_path: Path,
) -> None:
    published = tmp_path / "w.duckdb"
    publish_demo(published, incidents=DEMO_INCIDENTS, today=TODAY)
    analyst = VIEWERS["analyst"]
    filters = Filters.default(TODAY)
    before = count(Source.live(published), analyst, filters)
    publish(published, lambda con: add_canaries(con, TODAY))
    after = count(Source.live(published), analyst, filters)
    assert after == uncached_count(Source.live(published), analyst, filters)
    assert after > before


def frame(rows: int) -> pl.DataFrame:
    return pl.DataFrame({"value": list(range(rows))}, schema={"value": pl.Int64})


def test_the_least_recently_used_results_make_room_within_the_budget() -> None:
    size = frame(1000).estimated_size()
    cache = ResultCache(budget_bytes=size * 16)
    for key in range(16):
        cache.get_or_compute(key, lambda: frame(1000))
    cache.get_or_compute(0, lambda: frame(1))  # 0 is now the most recently used
    cache.get_or_compute("new", lambda: frame(1000))
    assert cache.used_bytes <= cache.budget_bytes
    kept = cache.get_or_compute(0, lambda: frame(1))
    assert kept.height == 1000  # still the stored frame
    assert cache.get_or_compute(1, lambda: frame(2)).height == 2  # 1 was dropped


def test_a_large_result_is_returned_but_never_kept() -> None:
    cache = ResultCache(budget_bytes=frame(1000).estimated_size() * 4)
    big = cache.get_or_compute("big", lambda: frame(1000))
    assert big.height == 1000 and len(cache) == 0


def test_a_budget_of_zero_keeps_nothing() -> None:
    cache = ResultCache(budget_bytes=0)
    assert cache.get_or_compute("k", lambda: frame(3)).height == 3
    assert len(cache) == 0


def test_keys_are_the_same_for_equal_values_and_refuse_unknown_types() -> None:
    assert frozen({"b": [1, 2], "a": None}) == frozen({"a": None, "b": (1, 2)})
    assert frozen({"a": [1, 2]}) != frozen({"a": [2, 1]})
    with pytest.raises(TypeError, match="query cache key"):
        frozen({"a": object()})


@pytest.mark.parametrize(
    ("raw", "megabytes"),
    [
        (None, DEFAULT_QUERY_CACHE_MB),
        ("", DEFAULT_QUERY_CACHE_MB),
        ("x", DEFAULT_QUERY_CACHE_MB),
        ("0", 0),
        ("-5", 0),
        ("256", 256),
    ],
)
def test_the_cache_size_setting_reads_whole_megabytes(
    raw: str | None, megabytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RRM_QUERY_CACHE_MB", raising=False)
    assert query_cache_megabytes(raw) == megabytes
