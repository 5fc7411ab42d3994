"""Tests for the national and European Parliament elections table data/reference/elections.csv."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

ELECTIONS_CSV = Path(__file__).resolve().parents[2] / "data" / "reference" / "elections.csv"

HEADER = [
    "election_id",
    "country",
    "level",
    "election_type",
    "body_en",
    "body_fr",
    "date_start",
    "date_end",
    "round",
    "status",
    "protecting_body_en",
    "protecting_body_fr",
    "source",
]
AS_OF = date(2026, 11, 22)
COUNTRIES = {"CA", "FR", "DE", "IT", "JP", "GB", "US", "EU", "AU", "NZ", "NL", "SE"}
LEVELS = {"national", "supranational"}
ELECTION_TYPES = {
    "presidential",
    "legislative-lower",
    "legislative-upper",
    "legislative-general",
    "european-parliament",
    "referendum",
}
STATUSES = {"held", "confirmed", "date-not-confirmed", "postponed"}
FUTURE_STATUSES = {"confirmed", "date-not-confirmed"}


def read_raw() -> bytes:
    return ELECTIONS_CSV.read_bytes()


def read_rows() -> list[list[str]]:
    with ELECTIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def read_table() -> list[dict[str, str]]:
    with ELECTIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def start(row: dict[str, str]) -> date:
    return date.fromisoformat(row["date_start"])


def test_header_is_exactly_the_documented_columns() -> None:
    assert read_rows()[0] == HEADER


def test_file_is_utf8_with_unix_line_endings_and_every_row_complete() -> None:
    raw = read_raw()
    raw.decode("utf-8")
    assert b"\r" not in raw
    assert raw.endswith(b"\n")
    rows = read_rows()
    assert len(rows) > 1
    assert all(len(row) == len(HEADER) for row in rows)


def test_rows_are_sorted_by_start_date_then_id() -> None:
    table = read_table()
    keys = [(row["date_start"], row["election_id"]) for row in table]
    assert keys == sorted(keys)


def test_ids_are_unique_and_built_from_country_type_and_start_date() -> None:
    table = read_table()
    ids = [row["election_id"] for row in table]
    assert len(ids) == len(set(ids))
    for row in table:
        expected = f"{row['country'].lower()}.{row['election_type']}.{row['date_start']}"
        assert row["election_id"] == expected


def test_dates_are_iso_and_end_is_not_before_start() -> None:
    for row in read_table():
        begin = date.fromisoformat(row["date_start"])
        end = date.fromisoformat(row["date_end"])
        assert begin.isoformat() == row["date_start"]
        assert end.isoformat() == row["date_end"]
        assert end >= begin, row["election_id"]
        assert begin >= date(2018, 1, 1), row["election_id"]


@pytest.mark.parametrize(
    ("column", "allowed"),
    [
        ("country", COUNTRIES),
        ("level", LEVELS),
        ("election_type", ELECTION_TYPES),
        ("status", STATUSES),
        ("round", {"1", "2"}),
    ],
)
def test_controlled_vocabulary_columns_hold_only_allowed_values(
    column: str, allowed: set[str]
) -> None:
    values = {row[column] for row in read_table()}
    assert values <= allowed, values - allowed


def test_european_parliament_rows_are_supranational_and_others_national() -> None:
    for row in read_table():
        expected = "supranational" if row["election_type"] == "european-parliament" else "national"
        assert row["level"] == expected, row["election_id"]


def test_every_row_names_its_body_in_both_languages_and_a_source() -> None:
    for row in read_table():
        assert row["body_en"] and row["body_fr"], row["election_id"]
        assert row["source"], row["election_id"]
        has_en = bool(row["protecting_body_en"])
        assert has_en == bool(row["protecting_body_fr"]), row["election_id"]


def test_every_member_and_observer_has_a_held_election_and_a_future_one() -> None:
    table = read_table()
    held = {row["country"] for row in table if row["status"] == "held"}
    future = {row["country"] for row in table if start(row) > AS_OF}
    assert held == COUNTRIES
    assert future == COUNTRIES


def test_only_french_elections_have_a_second_round() -> None:
    for row in read_table():
        if row["round"] == "2":
            assert row["country"] == "FR", row["election_id"]
            assert row["election_type"] in {"presidential", "legislative-lower"}


def test_french_presidential_elections_come_in_two_rounds_fourteen_days_apart() -> None:
    by_year: dict[int, dict[str, date]] = defaultdict(dict)
    for row in read_table():
        if row["country"] == "FR" and row["election_type"] == "presidential":
            rounds = by_year[start(row).year]
            assert row["round"] not in rounds, row["election_id"]
            rounds[row["round"]] = start(row)
    assert by_year
    for year, rounds in by_year.items():
        assert set(rounds) == {"1", "2"}, year
        assert (rounds["2"] - rounds["1"]).days == 14, year


def test_held_only_before_as_of_date_and_future_statuses_only_after() -> None:
    for row in read_table():
        if row["status"] == "held":
            assert start(row) < AS_OF, row["election_id"]
        if row["status"] in FUTURE_STATUSES:
            assert start(row) > AS_OF, row["election_id"]
        if start(row) > AS_OF:
            assert row["status"] in FUTURE_STATUSES | {"postponed"}, row["election_id"]


def test_fixed_date_facts_from_official_electoral_bodies() -> None:
    ids = {row["election_id"] for row in read_table()}
    for known in [
        "ca.legislative-lower.2025-04-28",
        "fr.presidential.2022-04-10",
        "fr.presidential.2022-04-24",
        "fr.legislative-lower.2024-06-30",
        "fr.legislative-lower.2024-07-07",
        "de.legislative-lower.2025-02-23",
        "eu.european-parliament.2024-06-06",
        "gb.legislative-lower.2024-07-04",
        "gb.european-parliament.2019-05-23",
        "it.referendum.2020-09-20",
        "nl.legislative-lower.2025-10-29",
        "se.legislative-lower.2026-09-13",
        "us.legislative-general.2026-11-03",
        "us.presidential.2028-11-07",
    ]:
        assert known in ids, known
