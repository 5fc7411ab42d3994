"""The CSV export writes the incidents a viewer may see in the import template, and reads back
through the CSV importer as the same incidents."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from rrm_dash.access import Principal, Role, demo_principal, with_role_ceiling
from rrm_dash.exchange.csv_out import export_csv
from rrm_dash.exchange.records import TEMPLATE_COLUMNS, incident_records
from rrm_dash.filters import Filters
from rrm_dash.ingest.csv_incidents import IncidentRecord, ParseResult, parse_incident_csv
from rrm_dash.ingest.csv_template import COLUMNS
from rrm_dash.ingest.facts import WarehouseFacts
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.reference import load_reference
from rrm_dash.queries import incidents
from rrm_dash.queries.runner import Source
from tests.canary import VIEWERS, build_canary_warehouse, leaks, visible_canaries
from tests.conftest import TODAY, insert_incident

ANALYST = demo_principal()


def parse(data: bytes, snapshot: Path, name: str = "export.csv") -> ParseResult:
    """Parse `data` against the vocabularies, reference ids and stored ids of `snapshot`, as an
    import into it would."""
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        facts = WarehouseFacts.of(con)
    finally:
        con.close()
    return parse_incident_csv(
        data,
        name,
        {vocabulary: set(codes) for vocabulary, codes in facts.vocabularies.items()},
        set(facts.technique_ids),
        set(facts.member_codes),
        threat_heading=facts.threat_heading,
        retired_technique_ids=facts.retired_technique_ids,
        country_codes=facts.country_codes,
        disarm_version=facts.disarm_version,
        stored_ids={
            "actors": facts.actor_ids,
            "narratives": facts.narrative_ids,
            "election_id": facts.election_ids,
        },
    )


def as_template_row(record: IncidentRecord) -> dict[str, Any]:
    """A parsed record back in the template's columns (lists in the order of the cell)."""
    links = record.links

    def items(table: str, key: str, **only: object) -> list[object]:
        rows = links[table]
        return [r[key] for r in rows if all(r[k] == v for k, v in only.items())]

    row = dict(record.incident)
    row.update(
        targeted_countries=items("incident_country", "country_code", role="targeted"),
        origin_countries=items("incident_country", "country_code", role="origin"),
        techniques=items("incident_technique", "disarm_id"),
        actors=items("incident_actor", "actor_id"),
        platforms=items("incident_platform", "platform"),
        narratives=items("incident_narrative", "narrative_id"),
        source_urls=items("incident_source", "url"),
    )
    return {name: row[name] for name in TEMPLATE_COLUMNS}


def template_rows(records: pl.DataFrame) -> dict[str, dict[str, Any]]:
    return {row["incident_id"]: row for row in records.select(TEMPLATE_COLUMNS).rows(named=True)}


@pytest.fixture(scope="module")
def demo_export(demo_source: Source) -> tuple[bytes, pl.DataFrame]:
    return export_csv(demo_source, ANALYST, None), incident_records(demo_source, ANALYST, None)


def test_the_header_is_the_import_template_in_its_order(
    demo_export: tuple[bytes, pl.DataFrame],
) -> None:
    data, _ = demo_export
    assert data.startswith(b"\xef\xbb\xbf")  # spreadsheets then read the accents right
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == [column.name for column in COLUMNS]


def test_without_filters_every_incident_in_scope_is_exported_once_sorted_by_id(
    demo_source: Source, demo_export: tuple[bytes, pl.DataFrame]
) -> None:
    _, records = demo_export
    ids = records["incident_id"].to_list()
    assert ids == sorted(set(ids))
    assert len(ids) == incidents.incident_count(demo_source, ANALYST, Filters())
    older = Filters.default(TODAY)
    assert len(ids) > incidents.incident_count(demo_source, ANALYST, older), (
        "the export is not limited to the app's default period"
    )


def test_filters_narrow_the_export_like_the_filter_bar(demo_source: Source) -> None:
    chosen = Filters.default(TODAY).with_changes(headings=("MIE",), tlp=("GREEN", "AMBER"))
    records = incident_records(demo_source, ANALYST, chosen)
    assert records.height == incidents.incident_count(demo_source, ANALYST, chosen) > 0
    assert set(records["heading"]) == {"MIE"}
    assert set(records["tlp"]) <= {"GREEN", "AMBER"}


def test_the_demo_export_reads_back_as_the_same_incidents(
    demo_warehouse: Path, demo_export: tuple[bytes, pl.DataFrame]
) -> None:
    data, records = demo_export
    result = parse(data, demo_warehouse.resolve())
    withheld = set(records.filter(pl.col("originator_member").is_null())["incident_id"])
    # Every row parses, except those whose originator the Chatham House Rule hides from the
    # exporting viewer: their originator_member cell is empty (see the next test).
    rows_with_problems = {p.row for p in result.problems}
    assert 0 < len(withheld) < records.height / 10
    assert len(result.records) == records.height - len(withheld)
    assert len(rows_with_problems) == len(withheld)
    parsed = {str(r.incident["incident_id"]): as_template_row(r) for r in result.records}
    exported = template_rows(records)
    assert set(parsed) == set(exported) - withheld
    for incident_id, row in parsed.items():
        assert row == exported[incident_id], incident_id
    # the export is not trivially equal: lists, timestamps, booleans and nulls are all there
    some = [row for row in parsed.values() if row["techniques"] and row["assessed_at"]]
    assert some and any(row["chatham_house"] for row in parsed.values())
    assert any(row["tnr_vector"] is None for row in parsed.values())


def test_a_withheld_originator_is_an_empty_cell_that_the_importer_asks_for(
    demo_warehouse: Path, demo_export: tuple[bytes, pl.DataFrame]
) -> None:
    data, records = demo_export
    withheld = records.filter(pl.col("originator_member").is_null())
    assert withheld.height > 0 and withheld["chatham_house"].all()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    hidden_rows = [row for row in rows if row["incident_id"] in set(withheld["incident_id"])]
    assert {row["originator_member"] for row in hidden_rows} == {""}
    problems = parse(data, demo_warehouse.resolve()).problems
    assert {(p.column, p.value) for p in problems} == {("originator_member", "")}
    assert len(problems) == withheld.height


@pytest.fixture
def one_incident(tmp_path: Path) -> Source:
    """An empty warehouse with one incident whose every kind of cell is filled."""
    published = tmp_path / "rrm.duckdb"

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        load_reference(con, TODAY)
        insert_incident(
            con,
            "EX-1",
            tlp="AMBER+STRICT",
            originator="FR",
            releasable_to=["CA", "CU"],
            title='Fake "notice", posted twice\nthen deleted',
            detected=date(2025, 3, 4),
        )
        con.execute(
            "update incident set first_activity = date '2025-03-02', assessed_at = "
            "timestamp '2025-03-06 14:00:00.250', breakout_scale = 3, reach_estimate = 45000"
        )
        con.execute(
            "insert into actor (actor_id, name, actor_kind, tlp, originator_member, created_at,"
            " updated_at) values ('act-1', 'Actor one', 'unknown', 'GREEN', 'FR', now(), now())"
        )
        for sql in (
            "insert into incident_country values ('EX-1', 'FR', 'targeted'),"
            " ('EX-1', 'CA', 'targeted'), ('EX-1', 'XA', 'origin')",
            "insert into incident_technique values ('EX-1', 'T0049', '1.6'),"
            " ('EX-1', 'T0085.001', '1.6')",
            "insert into incident_actor values ('EX-1', 'act-1', 'perpetrator')",
            "insert into incident_platform values ('EX-1', 'x', null), ('EX-1', 'telegram', null)",
            "insert into incident_source (incident_id, url, source_category) values"
            " ('EX-1', 'https://example.org/a', 'media_report')",
        ):
            con.execute(sql)

    publish(published, fill, start_empty=True)
    return Source.live(published)


def test_cells_are_written_the_way_the_importer_reads_them(one_incident: Source) -> None:
    data = export_csv(one_incident, Principal("fr", Role.FOCAL_POINT, "FR"), None)
    (row,) = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert row["title"] == 'Fake "notice", posted twice\nthen deleted'
    assert row["first_activity"] == "2025-03-02" and row["last_activity"] == ""
    assert row["detected_at"] == "2025-03-04T00:00:00Z"
    assert row["assessed_at"] == "2025-03-06T14:00:00.250Z"
    assert row["tlp"] == "AMBER+STRICT" and row["originator_member"] == "FR"
    assert row["releasable_to"] == "CA; CU" and row["chatham_house"] == "false"
    assert row["breakout_scale"] == "3" and row["reach_estimate"] == "45000"
    assert row["targeted_countries"] == "CA; FR" and row["origin_countries"] == "XA"
    assert row["techniques"] == "T0049; T0085.001" and row["actors"] == "act-1"
    assert row["platforms"] == "telegram; x" and row["narratives"] == ""
    assert row["source_urls"] == "https://example.org/a"


def test_an_incident_the_viewer_may_not_see_is_not_exported(one_incident: Source) -> None:
    assert b"EX-1" not in export_csv(one_incident, Principal("de", Role.FOCAL_POINT, "DE"), None)
    assert b"EX-1" in export_csv(one_incident, Principal("ca", Role.FOCAL_POINT, "CA"), None)
    capped = Principal("ca", Role.FOCAL_POINT, "CA", ceiling="AMBER")
    assert b"EX-1" not in export_csv(one_incident, capped, None)


@pytest.fixture(scope="module")
def canary_source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    return Source.live(
        build_canary_warehouse(tmp_path_factory.mktemp("canary") / "rrm.duckdb", TODAY)
    )


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_no_viewer_exports_a_canary_it_may_not_see(canary_source: Source, viewer: str) -> None:
    principal = with_role_ceiling(VIEWERS[viewer])  # as the app and the command line cap it
    text = export_csv(canary_source, principal, None).decode("utf-8")
    assert not leaks(viewer, text), leaks(viewer, text)
    visible = visible_canaries(viewer)
    assert visible
    for canary in visible:  # ... and so that this can fail: what they may see is there
        assert canary.incident_id in text and canary.actor_id in text and canary.source in text


def test_a_ceiling_keeps_higher_canaries_out_of_the_analysts_export(canary_source: Source) -> None:
    text = export_csv(canary_source, VIEWERS["analyst"].with_ceiling("GREEN"), None).decode()
    tlps = {row["tlp"] for row in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))}
    assert tlps <= {"CLEAR", "GREEN"} and tlps


def _reference_and_demo_actors(snapshot: Path) -> Any:
    """An empty warehouse's change: reference data, plus what the CSV names by id or code but
    does not carry: the demo's actors, narratives and fictional countries (XA-XZ)."""

    def change(con: duckdb.DuckDBPyConnection) -> None:
        load_reference(con, TODAY)
        con.execute(f"attach '{snapshot}' as demo (read_only)")
        con.execute("insert into actor select * from demo.actor")
        con.execute("insert into narrative select * from demo.narrative")
        con.execute(
            "insert into country select * from demo.country"
            " where country_code not in (select country_code from country)"
        )
        con.execute("detach demo")

    return change


def test_the_demo_export_imports_into_a_warehouse_holding_only_its_actors_and_narratives(
    demo_warehouse: Path, demo_export: tuple[bytes, pl.DataFrame], tmp_path: Path
) -> None:
    from rrm_dash.ingest import run

    data, records = demo_export
    copy = tmp_path / "demo-copy.duckdb"
    shutil.copy(demo_warehouse.resolve(), copy)  # a copy: the session's readers hold the original
    target = tmp_path / "warehouse" / "rrm.duckdb"
    publish(target, _reference_and_demo_actors(copy), start_empty=True)
    result = run.import_files(target, [run.ImportFile("demo-export.csv", data)], principal=ANALYST)
    (report,) = result.reports
    assert result.written
    assert report.counts()["added"] == records.height
    # Rows whose originator the Chatham House Rule hid from the exporting analyst are recorded
    # with the importer's originator (the Coordination Unit), as docs/import-formats.md says.
    imported = template_rows(incident_records(Source.live(target), ANALYST, None))
    exported = template_rows(records.with_columns(pl.col("originator_member").fill_null("CU")))
    assert imported == exported
