"""Large CSV imports are read and written in bulk, with the answers of a row-by-row reading.

The column checks must give exactly the records and problems of the template's reference
reading (the csv module, then each row checked alone, as the import did before it read
columns); messy generated files compare the two. The writer classifies and writes whole
tables at once: added, updated (columns or links) and unchanged rows, and dry runs.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.bench.imports import measure_import, write_incident_csv
from rrm_dash.ingest import csv_columns, load
from rrm_dash.ingest.batch import Entity, EntityTable
from rrm_dash.ingest.csv_batch import read_csv_batch
from rrm_dash.ingest.csv_incidents import ParseResult, parse_incident_csv
from rrm_dash.ingest.csv_read import WHITESPACE, read_cells
from rrm_dash.ingest.csv_rows import RowParser
from rrm_dash.ingest.csv_template import COLUMNS, RowProblem, header_problems
from rrm_dash.ingest.facts import WarehouseFacts
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.messages import msg
from rrm_dash.ingest.run import ImportFile, import_files
from rrm_dash.ingest.write import write_entities
from rrm_dash.warehouse import snapshot
from rrm_dash.warehouse.snapshot import live_snapshot
from tests.unit.test_csv_import import EXAMPLE, example_rows, reference, to_csv

__all__ = ["reference"]  # the module fixture of test_csv_import: vocabularies and ids

STORED_ACTORS = frozenset({"ACT-004", "ACT-005", "ACT-008"})
STORED_NARRATIVES = frozenset({"NAR-001", "NAR-003"})
ELECTIONS = frozenset({"ca.legislative-lower.2025-04-28"})
RETIRED = "T0010"
ANALYST = Principal("bulk-analyst", Role.ANALYST)

# -- the reference reading -----------------------------------------------------------------------


def arguments(ref: dict[str, Any], withheld: str | None) -> dict[str, Any]:
    """What parse_incident_csv is given (T0010 retired, a few stored ids)."""
    return {
        "vocabularies": ref["vocabularies"],
        "technique_ids": ref["technique_ids"] - {RETIRED},
        "member_codes": ref["member_codes"],
        "threat_heading": ref["threat_heading"],
        "retired_technique_ids": {RETIRED},
        "country_codes": ref["country_codes"],
        "disarm_version": ref["disarm_version"],
        "stored_ids": {
            "actors": STORED_ACTORS,
            "narratives": STORED_NARRATIVES,
            "election_id": ELECTIONS,
        },
        "withheld_originator": withheld,
    }


def read_row_by_row(data: bytes, name: str, args: dict[str, Any]) -> ParseResult:
    """The reference reading: the csv module, each row checked alone, a repeated id reported
    on its later row."""
    parser = RowParser(
        name,
        args["vocabularies"],
        args["technique_ids"],
        args["member_codes"],
        args["threat_heading"],
        args["retired_technique_ids"],
        args["country_codes"],
        args["disarm_version"],
        args["stored_ids"],
        args["withheld_originator"],
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header = [cell.strip() for cell in rows[0]]
    result = ParseResult(problems=header_problems(header, name))
    if result.problems:
        return result
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            expected = msg("expected.cell_count", cells=len(header), found=len(cells))
            result.problems.append(RowProblem(name, number, None, None, expected))
            continue
        record, problems = parser.record(
            number, {h: c.strip() for h, c in zip(header, cells, strict=True)}
        )
        iid = str(record.incident["incident_id"] or "")
        if iid and iid in seen:
            expected = msg("expected.unique_incident_id", row=seen[iid])
            problems.append(RowProblem(name, number, "incident_id", iid, expected))
        seen.setdefault(iid, number)
        result.problems.extend(problems)
        if not problems:
            result.records.append(record)
    return result


def as_compared(result: ParseResult) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    problems = [
        (p.row, p.column, p.value, p.message, p.suggestion, str(p)) for p in result.problems
    ]
    records = [(r.row, r.incident, r.links) for r in result.records]
    return records, problems


# -- messy files ---------------------------------------------------------------------------------

#: Spellings each column may take in a messy file: sound ones, odd but valid ones, wrong ones.
SPELLINGS: dict[str, list[str]] = {
    "first_activity": ["2025-03-02", " 2025-03-01 ", "2025-3-2", "02/03/2025", "2025-02-30", ""],
    "last_activity": ["2025-03-09", "2025-02-01", "0000-01-01", ""],
    "assessed_at": [
        "2025-03-06T14:00:00",
        "2025-03-06 14:00:00",
        "2025-03-06",
        "2025-03-01T00:00:00",
    ],
    "notified_at": ["2025-03-06T16:15:00Z", "2025-03-06T16:15:00+02:00", "2025-03-06T16:15", ""],
    "published_at": [
        "2025-03-07T10:00:00.5",
        "2025-03-04T24:00:00",
        "soon",
        "0001-01-01T00:30:00+01:00",
    ],
    "heading": ["MIE", "mie", " DIP ", "HRF", "XYZ"],
    "threat_type": ["disinformation", "covert_funding", "Transnational_Repression", "disinfo"],
    "tnr_vector": ["", "", "spyware", "Digital_Threats", "laser"],
    "attribution_status": ["suspected", "", "SUSPECTED", "guess"],
    "analytic_confidence": ["moderate", "moderat", "High", ""],
    "source_reliability": ["B", "b", "Z", ""],
    "info_credibility": ["2", "7", ""],
    "breakout_scale": ["2", "6", "7", "01", " 3 ", ""],
    "reach_estimate": ["45000", "+5", "5_000", "007", "-1", "99999999999999999999999", "1e3", ""],
    "content_origin": ["human", "AI", "robot", ""],
    "election_id": ["", "ca.legislative-lower.2025-04-28", "ca.legislative-lower.2025-04-29"],
    "election_phase": ["", "campaign", "Voting", "after"],
    "gender_dimension": ["none", "", "targets_women", "women"],
    "status": ["shared", "Shred", "", "closed"],
    "tlp": [
        "GREEN",
        "tlp:amber",
        "TLP: AMBER+STRICT",
        "white",
        "amber-strict",
        "PURPLE",
        "tlp:red",
        "",
    ],
    "pap": ["GREEN", "", "red", "BLUE"],
    "originator_member": ["CA", "fr", " DE ", "XX", ""],
    "releasable_to": ["FR; DE", "fr;FR", "", ";;", " CA ; ", "XX", "CU"],
    "chatham_house": ["false", "yes", "TRUE", "0", "maybe", ""],
    "targeted_countries": ["CA", "ca; FR", "", "ZZ", "EU", "FR;;fr"],
    "origin_countries": ["", "RU", "xx"],
    "techniques": ["T0085.003; T0049.001", "t0002", "T9999", "TA06", "T0002;T0002", RETIRED, ""],
    "actors": ["ACT-004", "", "ACT-999", "act-004", "ACT-005; ACT-004"],
    "platforms": ["x; telegram", "TikTok", "", "myspace", "X;x"],
    "narratives": ["NAR-001", "", "NAR-9"],
    "source_urls": [
        "https://example.org/a",
        "HTTP://EXAMPLE.ORG/B",
        "ftp://x",
        "https://a; https://a",
        "",
    ],
    "title": ["A title", "  ", "Another, with a comma"],
}
#: A file's usual spelling of detected_at (most rows), the way exports differ.
DETECTED = {
    "iso": "2025-03-04T09:30:00",
    "space": "2025-03-04 09:30:00",
    "zulu": "2025-03-04T09:30:00Z",
    "minutes": "2025-03-04T09:30",
    "offset": "2025-03-04T09:30:00+01:00",
}
ODD_DETECTED = ["2025-03-04T09:30:00", "2025-03-04", "yesterday", " 2025-03-04T09:30:00 ", ""]


def messy_file(seed: int, rows: int, detected: str, ragged: bool) -> bytes:
    """`rows` incidents made from the example's, with odd or wrong cells in about a third of
    them; `ragged` adds blank rows and rows of the wrong length (read by the csv module)."""
    rng = random.Random(seed)
    header, examples = example_rows()
    lines: list[list[str]] = []
    for number in range(rows):
        row = dict(examples[number % len(examples)])
        row["incident_id"] = (
            f"M-{number:05d}" if rng.random() > 0.02 else f"M-{rng.randrange(number + 1):05d}"
        )
        row["detected_at"] = DETECTED[detected] if rng.random() > 0.1 else rng.choice(ODD_DETECTED)
        if rng.random() < 0.35:
            for column in rng.sample(sorted(SPELLINGS), k=rng.randint(1, 3)):
                row[column] = rng.choice(SPELLINGS[column])
        if rng.random() < 0.01:
            row["incident_id"] = " " if rng.random() < 0.5 else ""
        lines.append([row[name] for name in header])
    if ragged:
        for _ in range(4):
            at = rng.randrange(len(lines))
            lines.insert(at, rng.choice([[], ["  "], [""] * len(header), ["x", "y"]]))
        lines[rng.randrange(len(lines))].append("extra")
        lines.append([])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=rng.choice(["\n", "\r\n"]))
    writer.writerow(header)
    writer.writerows(lines)
    return out.getvalue().encode("utf-8")


@pytest.fixture(params=["per_cell", "per_item"])
def list_reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """List columns read cell by cell (few distinct cells) or item by item (many)."""
    if request.param == "per_item":
        monkeypatch.setattr(csv_columns, "_DISTINCT_CELLS", 0)
        monkeypatch.setattr(csv_columns, "_ROWS_PER_DISTINCT_CELL", 10**9)
    return str(request.param)


@pytest.mark.parametrize(
    ("seed", "detected", "ragged"),
    [
        (1, "iso", False),
        (2, "space", False),
        (3, "zulu", True),
        (4, "minutes", False),
        (5, "offset", True),
    ],
)
def test_a_messy_file_gives_the_records_and_problems_of_the_row_by_row_reading(
    reference: dict[str, Any], list_reading: str, seed: int, detected: str, ragged: bool
) -> None:
    data = messy_file(seed, 400, detected, ragged)
    args = arguments(reference, withheld="CU" if seed % 2 else None)

    expected = read_row_by_row(data, "messy.csv", args)
    found = parse_incident_csv(data, "messy.csv", **args)

    assert len(expected.problems) > 50 and len(expected.records) > 150  # the file is messy
    assert as_compared(found) == as_compared(expected)


def test_a_clean_file_flags_no_row_and_keeps_every_value(reference: dict[str, Any]) -> None:
    header, rows = example_rows()
    for number, row in enumerate(rows):
        row["actors"] = row["narratives"] = ""
        row["incident_id"] = f"C-{number}"
    data = to_csv(header, rows)
    args = arguments(reference, withheld=None)

    cells = read_cells(data, "c.csv").frame
    assert cells is not None

    checked = csv_columns.check_columns(cells, RowParser("c.csv", *_parser_args(args)))

    expected = read_row_by_row(data, "c.csv", args).records
    assert checked.flagged == []
    assert checked.incidents.height == len(expected) == 5
    for name, frame in checked.links.items():
        assert frame.height == sum(len(record.links[name]) for record in expected), name


def test_a_sound_row_flagged_by_the_column_checks_is_still_imported(
    reference: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = messy_file(7, 200, "iso", ragged=False)
    args = arguments(reference, withheld=None)
    expected = as_compared(parse_incident_csv(data, "m.csv", **args))

    monkeypatch.setattr(csv_columns._Rules, "broken_across_columns", lambda _self: pl.lit(True))
    every_row_flagged = parse_incident_csv(data, "m.csv", **args)

    assert as_compared(every_row_flagged) == expected


def _parser_args(args: dict[str, Any]) -> list[Any]:
    return [
        args["vocabularies"],
        args["technique_ids"],
        args["member_codes"],
        args["threat_heading"],
        args["retired_technique_ids"],
        args["country_codes"],
        args["disarm_version"],
        args["stored_ids"],
        args["withheld_originator"],
    ]


# -- the shape of a file: row numbers, blank rows, rows of the wrong length ------------------------


def parse_lines(reference: dict[str, Any], lines: list[str], end: str = "\n") -> ParseResult:
    data = end.join(lines).encode("utf-8")
    return parse_incident_csv(data, "shape.csv", **arguments(reference, withheld=None))


def example_lines() -> list[str]:
    return EXAMPLE.read_text(encoding="utf-8").splitlines()


def test_blank_rows_are_skipped_and_later_rows_keep_their_number(reference: dict[str, Any]) -> None:
    lines = example_lines()
    lines[3] = lines[3].replace(",moderate,", ",moderat,")  # row 4 of the file
    lines.insert(2, "")  # a blank row 3: the bad row is now row 5
    lines.insert(4, ",,,")
    lines.append("")

    result = parse_lines(reference, lines)

    assert [p.row for p in result.problems] == [6]
    assert [r.row for r in result.records] == [2, 4, 7, 8]


@pytest.mark.parametrize("cells", ["EX-9,title", "EX-9," + ",".join(["x"] * 40)])
def test_a_row_of_the_wrong_length_is_a_problem_on_its_row(
    reference: dict[str, Any], cells: str
) -> None:
    lines = example_lines()
    lines.insert(3, cells)

    result = parse_lines(reference, lines)

    (problem,) = result.problems
    assert problem.row == 4 and problem.column is None
    assert "36 cells" in problem.expected
    assert [r.row for r in result.records] == [2, 3, 5, 6, 7]


def test_a_short_last_row_without_its_empty_cells_is_still_caught(
    reference: dict[str, Any],
) -> None:
    lines = example_lines()
    lines[-1] = lines[-1].rsplit(",", 1)[0]  # the last (empty) cell left out

    result = parse_lines(reference, lines)

    assert [(p.row, p.expected) for p in result.problems] == [
        (6, "36 cells like the header, found 35")
    ]


def test_carriage_returns_alone_end_rows_as_in_the_csv_module(reference: dict[str, Any]) -> None:
    result = parse_lines(reference, example_lines(), end="\r")
    assert result.problems == [] and [r.row for r in result.records] == [2, 3, 4, 5, 6]


def test_a_byte_that_is_not_utf8_in_a_quoted_cell_is_found(reference: dict[str, Any]) -> None:
    data = EXAMPLE.read_bytes()
    position = data.index(b"Undeclared")
    bad = data[:position] + b'"\xff",' + data[position:]

    (problem,) = parse_incident_csv(bad, "q.csv", **arguments(reference, None)).problems

    assert problem.row == 3 and f"byte position {position + 1}" in problem.expected


def test_cells_are_trimmed_of_exactly_what_python_strip_removes() -> None:
    everything = "".join(chr(code) for code in range(sys.maxunicode + 1))
    assert "".join(c for c in everything if c.isspace()) == WHITESPACE


def test_a_cell_longer_than_the_csv_module_accepts_is_a_file_problem(
    reference: dict[str, Any],
) -> None:
    lines = example_lines()
    lines[2] = lines[2].replace("(Synthetic example)", "x" * 200_000, 1)

    (problem,) = parse_lines(reference, lines).problems

    assert problem.row == 1 and "field larger than field limit" in problem.expected


# -- the batch as columns --------------------------------------------------------------------------


def test_a_csv_batch_holds_its_incidents_as_a_read_only_table_of_entities(
    reference: dict[str, Any],
) -> None:
    facts = WarehouseFacts(
        vocabularies={k: frozenset(v) for k, v in reference["vocabularies"].items()},
        threat_heading=reference["threat_heading"],
        technique_ids=frozenset(reference["technique_ids"]),
        retired_technique_ids=frozenset(),
        member_codes=frozenset(reference["member_codes"]),
        country_codes=frozenset(reference["country_codes"]),
        disarm_version="1.6",
        actor_ids=STORED_ACTORS,
        narrative_ids=STORED_NARRATIVES,
        election_ids=ELECTIONS,
        incident_ids=frozenset(),
        stix_ids={},
    )
    batch = read_csv_batch(EXAMPLE.read_bytes(), EXAMPLE.name, facts)
    parsed = parse_incident_csv(EXAMPLE.read_bytes(), EXAMPLE.name, **arguments(reference, None))

    entities = batch.entities
    assert isinstance(entities, EntityTable) and len(entities) == 5
    assert [e.key for e in entities] == [r.incident["incident_id"] for r in parsed.records]
    assert [(e.row, e.links) for e in entities] == [(r.incident, r.links) for r in parsed.records]
    assert str(entities[0].origin) == "row 2" and entities == list(entities)
    with pytest.raises(TypeError, match="read-only"):
        entities.append(entities[0])


# -- writing in bulk -------------------------------------------------------------------------------


def bulk_rows(count: int) -> tuple[list[str], list[dict[str, str]]]:
    """`count` valid rows for a warehouse without actors or narratives."""
    header, examples = example_rows()
    rows = []
    for number in range(count):
        row = dict(examples[number % len(examples)])
        row.update(incident_id=f"W-{number:05d}", actors="", narratives="", tlp="GREEN")
        rows.append(row)
    return header, rows


def run_import(
    published: Path, header: list[str], rows: list[dict[str, str]], **options: Any
) -> dict[str, int]:
    result = import_files(
        published, [ImportFile("bulk.csv", to_csv(header, rows))], principal=ANALYST, **options
    )
    assert not result.rejected, [str(p) for p in result.reports[0].batch.problems[:5]]
    return result.reports[0].counts()


def stored(published: Path, sql: str) -> pl.DataFrame:
    con = duckdb.connect(str(live_snapshot(published)), read_only=True)
    try:
        frame: pl.DataFrame = con.sql(sql).pl()
        return frame
    finally:
        con.close()


def test_a_re_import_counts_unchanged_updated_and_added_rows_and_replaces_changed_links(
    empty_warehouse: Path,
) -> None:
    header, rows = bulk_rows(1_200)
    assert run_import(empty_warehouse, header, rows)["added"] == 1_200
    before = stored(empty_warehouse, "select incident_id, created_at, updated_at from incident")

    rows[10]["title"] = "A corrected title"
    rows[20]["techniques"] = "T0002"
    rows[30]["platforms"] = ""
    header_rows = rows + bulk_rows(1_203)[1][1_200:]
    counts = run_import(empty_warehouse, header, header_rows)

    assert (counts["added"], counts["updated"], counts["unchanged"]) == (3, 3, 1_197)
    after = stored(empty_warehouse, "select incident_id, created_at, updated_at from incident")
    changed = after.join(before, on="incident_id", suffix="_before").filter(
        pl.col("updated_at") != pl.col("updated_at_before")
    )
    assert sorted(changed["incident_id"]) == ["W-00010", "W-00020", "W-00030"]
    assert (changed["created_at"] == changed["created_at_before"]).all()
    techniques = stored(
        empty_warehouse, "select disarm_id from incident_technique where incident_id = 'W-00020'"
    )
    assert techniques["disarm_id"].to_list() == ["T0002"]
    platforms = stored(
        empty_warehouse, "select count(*) as n from incident_platform where incident_id = 'W-00030'"
    )
    assert platforms["n"][0] == 0


def test_a_dry_run_classifies_in_bulk_and_writes_nothing(empty_warehouse: Path) -> None:
    header, rows = bulk_rows(600)
    run_import(empty_warehouse, header, rows[:400])
    target = live_snapshot(empty_warehouse)
    rows[5]["status"] = "closed"

    counts = run_import(empty_warehouse, header, rows, dry_run=True)

    assert (counts["added"], counts["updated"], counts["unchanged"]) == (200, 1, 399)
    assert live_snapshot(empty_warehouse) == target


def test_plain_entities_are_grouped_by_shape_and_skips_keep_their_order(
    empty_warehouse: Path,
) -> None:
    now = datetime(2025, 6, 1, 12, 0)

    def entity(key: str, origin: str, **extra: Any) -> Entity:
        row: dict[str, object] = {
            "actor_id": key,
            "name": f"Actor {key}",
            "actor_kind": "state",
            "tlp": "GREEN",
            "originator_member": "CA",
        }
        return Entity("actor", key, row, origin=origin, **extra)

    def write(entities: list[Entity]) -> Any:
        return publish(empty_warehouse, lambda con: write_entities(con, entities, now=now))

    write([entity("A-1", "first"), entity("A-2", "second")])
    later = datetime(2025, 5, 1)
    outcome = write(
        [
            entity("A-9", "not stored", partial=True),
            entity("A-1", "same"),
            Entity(
                "actor",
                "A-2",
                {"actor_id": "A-2", "name": "Renamed"},
                modified=later,
                origin="older",
            ),
            entity("A-3", "new"),
            entity("A-8", "also not stored", partial=True),
        ]
    )

    assert outcome.added == {"actor": 1} and outcome.unchanged == {"actor": 1}
    assert [(item, reason.key.rsplit(".", 1)[-1]) for item, reason in outcome.skipped] == [
        ("not stored", "not_stored"),
        ("older", "older"),
        ("also not stored", "not_stored"),
    ]


# -- the benchmark's file --------------------------------------------------------------------------


def test_the_benchmark_file_is_valid_and_fills_every_column(
    demo_warehouse: Path, tmp_path: Path
) -> None:
    path = write_incident_csv(demo_warehouse, 300, tmp_path / "bench.csv")
    con = duckdb.connect(str(live_snapshot(demo_warehouse)), read_only=True)
    try:
        facts = WarehouseFacts.of(con)
    finally:
        con.close()

    batch = read_csv_batch(path.read_bytes(), path.name, facts)

    assert batch.problems == [] and len(batch.entities) == 300
    table = batch.entities
    assert isinstance(table, EntityTable)
    assert all(frame.height for frame in table.links.values())
    cells = pl.read_csv(path, infer_schema=False)
    assert [c.name for c in COLUMNS if cells[c.name].is_null().all()] == []


def test_the_benchmark_times_the_publish_steps_apart_and_puts_them_back(tmp_path: Path) -> None:
    def steps() -> tuple[object, object]:
        return vars(snapshot)["refresh_derived"], vars(load)["validate_snapshot"]

    before = steps()

    figures = measure_import(40, tmp_path, derive=False)

    assert steps() == before
    assert figures["rows"] == 40 and figures["derive_seconds"] == 0
    assert figures["rows_per_s_without_derive"] == figures["rows_per_s"]
    assert 0 < figures["integrity_seconds"] < figures["seconds"]
