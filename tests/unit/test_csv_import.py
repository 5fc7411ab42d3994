"""The CSV incident import parser: the example file is clean, and each kind of error is reported."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

import duckdb
import pytest

from rrm_dash import PROJECT_DIR
from rrm_dash.ingest.csv_incidents import ParseResult, RowProblem, parse_incident_csv
from rrm_dash.ingest.reference import load_reference
from rrm_dash.warehouse.migrate import apply_migrations

EXAMPLE = PROJECT_DIR / "data" / "examples" / "incidents-example.csv"


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    con = duckdb.connect()
    apply_migrations(con)
    load_reference(con, date.today())
    vocabularies: dict[str, set[str]] = {}
    for name, code in con.execute("select vocabulary, code from vocabulary").fetchall():
        vocabularies.setdefault(name, set()).add(code)
    rows = con.execute("select disarm_id, retired from disarm_technique").fetchall()
    return {
        "vocabularies": vocabularies,
        "technique_ids": {i for i, retired in rows if not retired},
        "retired_technique_ids": {i for i, retired in rows if retired},
        "member_codes": {m for (m,) in con.execute("select member_code from member").fetchall()},
        "threat_heading": dict(
            con.execute(
                "select code, parent from vocabulary where vocabulary = 'threat_type'"
            ).fetchall()
        ),
        "country_codes": {c for (c,) in con.execute("select country_code from country").fetchall()},
        "disarm_version": "1.6",
    }


def parse(data: bytes, ref: dict[str, Any], name: str = "upload.csv") -> ParseResult:
    return parse_incident_csv(
        data,
        name,
        ref["vocabularies"],
        ref["technique_ids"],
        ref["member_codes"],
        threat_heading=ref["threat_heading"],
        retired_technique_ids=ref["retired_technique_ids"],
        country_codes=ref["country_codes"],
        disarm_version=ref["disarm_version"],
    )


def example_rows() -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(EXAMPLE.read_text(encoding="utf-8")))
    return list(reader.fieldnames or []), list(reader)


def to_csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def with_cell(column: str, value: str, row: int = 0) -> bytes:
    """The example file with one cell of data row `row` (0 = file row 2) changed."""
    header, rows = example_rows()
    rows[row][column] = value
    return to_csv(header, rows)


def only_problem(result: ParseResult) -> RowProblem:
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    return result.problems[0]


def test_example_file_parses_cleanly(reference: dict[str, Any]) -> None:
    result = parse(EXAMPLE.read_bytes(), reference, EXAMPLE.name)
    assert result.problems == []
    assert len(result.records) == 5
    first = result.records[0]
    assert first.row == 2
    assert first.incident["detected_at"] == datetime(2025, 3, 4, 9, 30)
    assert first.incident["releasable_to"] == ["FR", "DE"]
    assert first.links["incident_technique"][0] == {
        "incident_id": "EX-2025-001",
        "disarm_id": "T0085.003",
        "disarm_version": "1.6",
    }
    second = result.records[1].incident
    assert second["tlp"] == "AMBER" and second["chatham_house"] is True
    assert result.records[4].incident["pap"] == "GREEN"  # default for an empty cell


def test_bom_is_accepted(reference: dict[str, Any]) -> None:
    result = parse(b"\xef\xbb\xbf" + EXAMPLE.read_bytes(), reference)
    assert result.problems == [] and len(result.records) == 5


def test_missing_required_column(reference: dict[str, Any]) -> None:
    header, rows = example_rows()
    header.remove("tlp")
    problem = only_problem(parse(to_csv(header, rows), reference))
    assert (problem.row, problem.column) == (1, "tlp")
    assert "required" in problem.expected


def test_unknown_column_suggests_a_template_column(reference: dict[str, Any]) -> None:
    data = EXAMPLE.read_bytes().replace(b"threat_type,", b"threat_typ,", 1)
    problems = parse(data, reference).problems
    unknown = next(p for p in problems if p.column == "threat_typ")
    assert (unknown.row, unknown.value, unknown.suggestion) == (1, "threat_typ", "threat_type")
    assert any(p.column == "threat_type" and "required" in p.expected for p in problems)


def test_duplicate_column(reference: dict[str, Any]) -> None:
    data = EXAMPLE.read_bytes().replace(b",summary,", b",title,", 1)
    problem = only_problem(parse(data, reference))
    assert (problem.row, problem.column) == (1, "title") and "duplicate" in problem.expected


def test_bad_date(reference: dict[str, Any]) -> None:
    problem = only_problem(parse(with_cell("first_activity", "02/03/2025", row=1), reference))
    assert (problem.row, problem.column, problem.value) == (3, "first_activity", "02/03/2025")
    assert "YYYY-MM-DD" in problem.expected


def test_date_order(reference: dict[str, Any]) -> None:
    problem = only_problem(parse(with_cell("assessed_at", "2025-03-01T00:00:00"), reference))
    assert problem.column == "assessed_at" and "detected_at" in problem.expected


def test_bad_vocabulary_value_has_did_you_mean(reference: dict[str, Any]) -> None:
    problem = only_problem(parse(with_cell("analytic_confidence", "moderat"), reference))
    assert (problem.row, problem.column, problem.value) == (2, "analytic_confidence", "moderat")
    assert problem.suggestion == "moderate" and "high" in problem.expected


def test_vocabulary_match_is_case_insensitive(reference: dict[str, Any]) -> None:
    result = parse(with_cell("heading", "mie"), reference)
    assert result.problems == [] and result.records[0].incident["heading"] == "MIE"


def test_threat_type_of_another_heading(reference: dict[str, Any]) -> None:
    problem = only_problem(parse(with_cell("threat_type", "covert_funding"), reference))
    assert (problem.column, problem.value) == ("threat_type", "covert_funding")
    assert "heading MIE" in problem.expected and "disinformation" in problem.expected


def test_tnr_vector_only_for_hrf(reference: dict[str, Any]) -> None:
    problem = only_problem(parse(with_cell("tnr_vector", "spyware"), reference))
    assert problem.column == "tnr_vector" and "HRF" in problem.expected


@pytest.mark.parametrize(
    ("value", "words"),
    [("T9999", "reference"), ("TA06", "T0000"), ("T85.003", "T0000")],
)
def test_unknown_or_malformed_disarm_id(reference: dict[str, Any], value: str, words: str) -> None:
    problem = only_problem(parse(with_cell("techniques", f"T0002; {value}"), reference))
    assert (problem.column, problem.value) == ("techniques", value)
    assert words in problem.expected


def test_retired_disarm_id(reference: dict[str, Any]) -> None:
    ref = dict(reference, technique_ids=reference["technique_ids"] - {"T0010"})
    ref["retired_technique_ids"] = {"T0010"}
    problem = only_problem(parse(with_cell("techniques", "T0010"), ref))
    assert problem.value == "T0010" and "retired" in problem.expected


def test_unknown_marking_is_not_imported_as_red(reference: dict[str, Any]) -> None:
    problem = only_problem(parse(with_cell("tlp", "TLP:PURPLE"), reference))
    assert (problem.column, problem.value) == ("tlp", "TLP:PURPLE")
    assert "CLEAR, GREEN, AMBER, AMBER+STRICT, RED" in problem.expected
    red = parse(with_cell("tlp", "tlp:red"), reference)
    assert red.problems == [] and red.records[0].incident["tlp"] == "RED"


def test_unknown_member_code(reference: dict[str, Any]) -> None:
    problem = only_problem(parse(with_cell("releasable_to", "FR; XX"), reference))
    assert (problem.column, problem.value) == ("releasable_to", "XX")


def test_duplicate_incident_id_is_reported_on_the_second_row(reference: dict[str, Any]) -> None:
    problem = only_problem(parse(with_cell("incident_id", "EX-2025-001", row=2), reference))
    assert (problem.row, problem.column, problem.value) == (4, "incident_id", "EX-2025-001")
    assert "row 2" in problem.expected


def test_not_utf8_names_file_and_byte_position(reference: dict[str, Any]) -> None:
    data = EXAMPLE.read_bytes()
    position = data.index(b"Fabricated")
    bad = data[:position] + "Fé".encode("latin-1") + data[position + 2 :]
    result = parse(bad, reference, "latin.csv")
    problem = only_problem(result)
    assert problem.file == "latin.csv" and problem.row == 2
    assert f"byte position {position + 1}" in problem.expected
    assert result.records == []


def test_list_cells_are_split_and_trimmed(reference: dict[str, Any]) -> None:
    result = parse(with_cell("platforms", " x ;TikTok;; telegram ; x"), reference)
    assert result.problems == []
    platforms = [r["platform"] for r in result.records[0].links["incident_platform"]]
    assert platforms == ["x", "tiktok", "telegram"]


def test_one_bad_row_keeps_good_rows_and_the_problem(reference: dict[str, Any]) -> None:
    result = parse(with_cell("detected_at", "yesterday", row=3), reference)
    problem = only_problem(result)
    assert (problem.row, problem.column, problem.value) == (5, "detected_at", "yesterday")
    assert "ISO 8601" in problem.expected
    assert [r.row for r in result.records] == [2, 3, 4, 6]
    assert result.rejected_rows == [5]
    assert "row 5, column detected_at" in str(problem)
