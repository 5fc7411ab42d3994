"""Benchmark sizes are written the way people say them (100k, 1m, 10m) and name their cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from rrm_dash.bench.sizes import parse_size, parse_sizes, size_label
from rrm_dash.bench.warehouses import warehouse_path


@pytest.mark.parametrize(
    ("text", "rows"),
    [("100k", 100_000), ("1m", 1_000_000), ("10M", 10_000_000), ("2.5m", 2_500_000),
     ("5000", 5000), ("1_000", 1000), (" 250K ", 250_000), ("1,000,000", 1_000_000)],
)  # fmt: skip
def test_a_size_is_read_with_its_suffix_or_as_a_plain_number(text: str, rows: int) -> None:
    assert parse_size(text) == rows


@pytest.mark.parametrize("text", ["", "abc", "0", "1g", "-5", "0.5", "1.0005k", "k"])
def test_anything_else_is_refused_with_what_was_expected(text: str) -> None:
    with pytest.raises(ValueError, match=r"100k, 1m, 10m|whole number"):
        parse_size(text)


def test_a_list_keeps_its_order_and_each_size_once() -> None:
    assert parse_sizes("1m,100k, 1000000,10m") == [1_000_000, 100_000, 10_000_000]
    with pytest.raises(ValueError):
        parse_sizes(" , ")


@pytest.mark.parametrize(
    ("rows", "label"),
    [
        (100_000, "100k"),
        (1_000_000, "1m"),
        (10_000_000, "10m"),
        (2_500_000, "2500k"),
        (1234, "1234"),
    ],
)
def test_each_size_has_a_short_name_that_reads_back_as_the_same_size(rows: int, label: str) -> None:
    assert size_label(rows) == label
    assert parse_size(label) == rows


def test_each_size_has_its_own_cached_warehouse(tmp_path: Path) -> None:
    assert warehouse_path(1_000_000, tmp_path) == tmp_path / "1m" / "rrm.duckdb"
    assert warehouse_path(100_000, tmp_path) != warehouse_path(1_000_000, tmp_path)
