"""The bench command's options, and its results file: runs on the same machine add up, a rerun
of the same measurement replaces the old one, and another machine's results are never mixed in."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from rrm_dash.bench import cli
from rrm_dash.bench.results import Results
from rrm_dash.bench.scenarios import PAGES


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.add_bench_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["bench", *argv])


def test_by_default_every_page_is_measured_at_100k_and_1m_with_both_filters() -> None:
    args = _parse()
    assert args.sizes == [100_000, 1_000_000]
    assert args.pages == list(PAGES) and args.filters == ["typical", "narrow"]
    assert (args.runs, args.import_rows, args.sessions) == (10, 1_000_000, [1, 5, 10, 20])


def test_sizes_and_pages_are_chosen_by_name() -> None:
    args = _parse("--sizes", "10m,100k", "--pages", "map,incidents", "--import-rows", "250k")
    assert args.sizes == [10_000_000, 100_000]
    assert args.pages == ["map", "incidents"] and args.import_rows == 250_000


@pytest.mark.parametrize("argv", [("--pages", "audit"), ("--sizes", "lots"), ("--filters", "x")])
def test_an_unknown_page_size_or_filter_is_refused(argv: tuple[str, str]) -> None:
    with pytest.raises(SystemExit):
        _parse(*argv)


def _entry(page: str, warm: float) -> dict[str, object]:
    return {"size": "1m", "page": page, "filter": "typical", "lean": {"warm_p50_ms": warm}}


def test_a_run_replaces_its_own_measurements_and_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    first = Results(path, {}, fresh=False)
    first.add("pages", [_entry("overview", 100.0), _entry("map", 90.0)])
    second = Results(path, {}, fresh=False)
    second.add("pages", [_entry("map", 60.0)])
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert [(e["page"], e["lean"]["warm_p50_ms"]) for e in saved["pages"]] == [
        ("overview", 100.0),
        ("map", 60.0),
    ]
    Results(path, {}, fresh=True).save()
    assert json.loads(path.read_text(encoding="utf-8"))["pages"] == []


def test_a_page_measured_again_without_its_baseline_keeps_the_earlier_baseline(
    tmp_path: Path,
) -> None:
    path = tmp_path / "results.json"
    Results(path, {}, fresh=False).add(
        "pages", [{**_entry("map", 90.0), "naive": {"warm_p50_ms": 5000.0}}]
    )
    Results(path, {}, fresh=False).add("pages", [{**_entry("map", 60.0), "naive": None}])
    (saved,) = json.loads(path.read_text(encoding="utf-8"))["pages"]
    assert saved["lean"]["warm_p50_ms"] == 60.0
    assert saved["naive"] == {"warm_p50_ms": 5000.0}


def test_results_from_another_machine_are_not_merged(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    elsewhere = {"machine": {"cpu": "Other CPU × 64", "ram": "512 GB"}, "pages": [_entry("map", 5)]}
    path.write_text(json.dumps(elsewhere), encoding="utf-8")
    Results(path, {}, fresh=False).save()
    assert json.loads(path.read_text(encoding="utf-8"))["pages"] == []


def test_the_table_can_be_rewritten_from_saved_results(tmp_path: Path) -> None:
    path, doc = tmp_path / "results.json", tmp_path / "benchmarks.md"
    Results(path, {}, fresh=True).add("pages", [_entry("overview", 42.0)])
    doc.write_text("# Benchmarks\n\nProse stays.\n", encoding="utf-8")
    assert cli.command_bench(_parse("--report-only", "--json", str(path), "--doc", str(doc))) == 0
    text = doc.read_text(encoding="utf-8")
    assert (
        text.startswith("# Benchmarks\n\nProse stays.\n") and "| 1m | overview | typical |" in text
    )
    missing = _parse("--report-only", "--json", str(tmp_path / "absent.json"), "--doc", str(doc))
    assert cli.command_bench(missing) == 1
