"""The benchmark report: percentiles, ratios, which targets a page misses, and the table
rewritten between the markers of docs/benchmarks.md without touching the prose around it."""

from __future__ import annotations

from typing import Any

import pytest

from rrm_dash.bench import report


def test_percentiles_interpolate_between_ranks() -> None:
    assert report.percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert report.percentile([float(v) for v in range(1, 11)], 90) == pytest.approx(9.1)
    assert report.percentile([7.0], 90) == 7.0
    assert report.percentile([], 50) is None


def test_a_ratio_needs_two_positive_numbers() -> None:
    assert report.ratio(900.0, 60.0) == 15.0
    assert report.ratio(None, 60.0) is None
    assert report.ratio(900.0, 0.0) is None


def _lean(**changes: Any) -> dict[str, Any]:
    lean: dict[str, Any] = {
        "cold_s": 1.2, "new_session_s": 0.4, "warm_p50_ms": 60.0, "warm_p90_ms": 90.0, "filter_change_p50_ms": 200.0,
        "bytes_per_run": 40 * 1024, "largest_element_bytes": 20 * 1024, "peak_rss_mb": 300.0,
    }  # fmt: skip
    return lean | changes


def test_time_targets_apply_from_a_million_incidents_and_payload_targets_at_any_size() -> None:
    slow = _lean(warm_p50_ms=200.0, filter_change_p50_ms=400.0)
    assert report.target_misses(100_000, slow) == []
    assert report.target_misses(1_000_000, slow) == ["warm p50", "filter change"]
    assert report.target_misses(10_000_000, slow) == ["warm p50"]  # 500 ms allowed at 10M
    slow_to_open = _lean(cold_s=5.0, new_session_s=4.0)
    assert report.target_misses(1_000_000, slow_to_open) == ["cold", "new session"]
    heavy = _lean(bytes_per_run=600 * 1024)
    assert report.target_misses(100_000, heavy) == ["KB sent"]


def test_search_is_held_to_100_ms_at_1m_and_300_ms_at_10m() -> None:
    searched = _lean(search_p50_ms=200.0)
    assert report.target_misses(1_000_000, searched) == ["search"]
    assert report.target_misses(10_000_000, searched) == []


def test_the_page_table_has_one_row_per_measurement_with_the_baseline_ratios() -> None:
    pages = [
        {"size": "1m", "rows": 1_000_000, "page": "overview", "filter": "typical",
         "lean": _lean(), "naive": {"warm_p50_ms": 900.0, "peak_rss_mb": 1500.0}},
        {"size": "1m", "rows": 1_000_000, "page": "wire", "filter": "narrow",
         "lean": _lean(warm_p50_ms=300.0), "naive": None},
    ]  # fmt: skip
    lines = report.page_table(pages)
    assert len(lines) == 2 + len(pages)
    overview = [cell.strip() for cell in lines[2].strip("|").split("|")]
    assert overview[:6] == ["1m", "overview", "typical", "1.20", "0.40", "60"]
    assert overview[-4:] == ["900", "15.0", "5.0", "none"]
    wire = [cell.strip() for cell in lines[3].strip("|").split("|")]
    assert wire[-4:] == [report.MISSING, report.MISSING, report.MISSING, "warm p50"]


def test_the_slowest_queries_after_a_filter_change_are_listed_per_size_slowest_first() -> None:
    pages = [
        {"size": "1m", "page": "map", "filter": "typical",
         "lean": {"queries_warm_ms": {"map/incident_bins": 80.0, "filters/member_options": 1.0},
                  "queries_filter_change_ms": {"map/incident_bins": 120.0}}},
        {"size": "1m", "page": "incidents", "filter": "narrow",
         "lean": {"queries_warm_ms": {"incidents/incident_page": 0.2},
                  "queries_filter_change_ms": {"incidents/incident_page": 95.0,
                                               "filters/member_options": 1.0}}},
    ]  # fmt: skip
    rows = report.slowest_queries(pages, limit=2)[2:]
    assert len(rows) == 2
    assert "map/incident_bins" in rows[0] and "incidents/incident_page" in rows[1]
    assert [cell.strip() for cell in rows[0].strip("|").split("|")][3:] == ["120.0", "80.0"]


def test_server_memory_is_shown_in_megabytes() -> None:
    runs = [
        {"size": "1m", "sessions": 5, "think_s": 0.0,
         "result": {"runs_per_s": 7.5, "p50_ms": 120.0, "p95_ms": 300.0, "errors": 0.0,
                    "bytes_per_run": 2048.0, "rss_before_bytes": 300 * 2**20,
                    "rss_after_bytes": 340 * 2**20, "rss_per_session_bytes": 8 * 2**20}},
    ]  # fmt: skip
    cells = [cell.strip() for cell in report.concurrency_table(runs)[2].strip("|").split("|")]
    assert cells == ["1m", "5", "0", "7.5", "120", "300", "0", "2.0", "300", "340", "8.0"]


def test_the_table_is_rewritten_between_the_markers_and_the_prose_is_kept() -> None:
    document = (
        f"# Benchmarks\n\nHow to run.\n\n{report.START}\nold table\n{report.END}\n\n## Analysis\n"
    )
    rewritten = report.rewrite_between_markers(document, "new table")
    assert "old table" not in rewritten
    assert f"{report.START}\nnew table\n{report.END}" in rewritten
    assert rewritten.startswith("# Benchmarks\n\nHow to run.")
    assert rewritten.endswith("## Analysis\n")
    assert report.rewrite_between_markers(rewritten, "new table") == rewritten


def test_a_document_without_markers_gets_the_table_appended() -> None:
    rewritten = report.rewrite_between_markers("# Benchmarks\n", "table")
    assert rewritten == f"# Benchmarks\n\n{report.START}\ntable\n{report.END}\n"


def test_the_report_describes_the_machine_and_says_what_was_not_measured() -> None:
    machine = report.machine()
    assert {"cpu", "ram", "python", "duckdb", "streamlit", "date"} <= set(machine)
    text = report.render({"machine": machine, "pages": [], "notes": ["audit not measured"]})
    assert machine["cpu"] in text
    assert "_Not measured in this run._" in text
    assert "- audit not measured" in text


def test_the_import_table_has_one_column_per_figure_reported() -> None:
    lines = report.import_table([{"rows": 1000, "result": {"rows": 1000.0, "rows_per_s": 5e4}}])
    assert lines[0] == "| Rows | rows_per_s |"
    assert lines[2] == "| 1,000 | 50,000.0 |"


def test_figures_read_as_people_write_them() -> None:
    assert report.figure(1_234_567.8) == "1,234,568"
    assert report.figure(-0.01, 1) == "0.0"  # never "-0.0"
    assert report.figure(float("nan")) == report.figure(None) == report.MISSING
    assert report.kilobytes(2048) == "2.0"


def test_the_report_lists_sizes_smallest_first_and_pages_in_menu_order() -> None:
    def entry(size: str, rows: int, page: str, filter_name: str) -> dict[str, Any]:
        return {"size": size, "rows": rows, "page": page, "filter": filter_name, "lean": _lean()}

    pages = [
        entry("10m", 10_000_000, "overview", "typical"),
        entry("1m", 1_000_000, "map", "narrow"),
        entry("1m", 1_000_000, "map", "typical"),
        entry("1m", 1_000_000, "overview", "typical"),
    ]
    text = report.render({"pages": pages})
    rows = [line.split("|")[1:4] for line in text.splitlines() if line.startswith("| 1")]
    assert [[cell.strip() for cell in row] for row in rows] == [
        ["1m", "overview", "typical"],
        ["1m", "map", "typical"],
        ["1m", "map", "narrow"],
        ["10m", "overview", "typical"],
    ]


def test_the_soak_shows_memory_at_its_start_end_and_peak_and_its_growth_in_megabytes() -> None:
    soaks = [
        {"size": "1m", "sessions": 20, "duration_s": 600.0,
         "result": {"sessions_opened": 180.0, "runs": 900.0, "errors": 0.0, "p50_ms": 210.0,
                    "p95_ms": 640.0, "rss_first_bytes": 400 * 2**20, "rss_last_bytes": 404 * 2**20,
                    "rss_max_bytes": 420 * 2**20, "rss_growth_bytes": 1.5 * 2**20}},
    ]  # fmt: skip
    cells = [cell.strip() for cell in report.soak_table(soaks)[2].strip("|").split("|")]
    assert cells == [
        "1m",
        "10.0",
        "20",
        "180",
        "900",
        "0",
        "210",
        "640",
        "400",
        "404",
        "420",
        "1.5",
    ]
    assert "### Soak" in report.render({"soak": soaks})
