"""incident_facet, the derived table pages filter and count on, always agrees with the facts of
its snapshot: after a demo build, after an import that changes only an incident's links, after
a publish that changes nothing, and for an incident removed by a change."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.run import ImportFile, import_files
from rrm_dash.warehouse import derive
from rrm_dash.warehouse.snapshot import live_snapshot
from tests.unit.test_ingest_command import (
    copy_warehouse,
    example_rows,
    publish_demo_template,
    table,
    write_csv,
)

IMPORTER = Principal("facet-importer", Role.ANALYST)

#: The facet's lists and flags as the link tables (and, for the technique roots, the DISARM
#: reference) say they should be, one row per incident.
EXPECTED = """
select
    incident.* exclude (summary),
    coalesce((select list(distinct country_code order by country_code) from incident_country
              where incident_id = incident.incident_id and role = 'targeted'), [])
        as targeted_members,
    coalesce((select list(disarm_id order by disarm_id) from incident_technique
              where incident_id = incident.incident_id), []) as technique_ids,
    coalesce((select list(distinct coalesce(technique.parent_id, technique.disarm_id)
                          order by coalesce(technique.parent_id, technique.disarm_id))
              from incident_technique as link join disarm_technique as technique using (disarm_id)
              where link.incident_id = incident.incident_id), []) as technique_roots,
    coalesce((select list(actor_id order by actor_id) from incident_actor
              where incident_id = incident.incident_id), []) as actor_ids,
    coalesce((select list(narrative_id order by narrative_id) from incident_narrative
              where incident_id = incident.incident_id), []) as narrative_ids,
    coalesce((select list(platform order by platform) from incident_platform
              where incident_id = incident.incident_id), []) as platforms,
    coalesce((select bool_or(gender = 'women') from incident_target
              where incident_id = incident.incident_id), false) as targets_women,
    coalesce((select bool_or(vulnerable_group <> 'none') from incident_target
              where incident_id = incident.incident_id), false) as targets_vulnerable
from incident
"""


#: Facet rows whose marking number does not name a marking equal to their own.
MISLABELLED = """
select count(*) from incident_facet as facet
left join incident_marking as marking using (marking_key)
where marking.marking_key is null
   or marking.tlp <> facet.tlp
   or marking.originator_member <> facet.originator_member
   or marking.releasable_to is distinct from facet.releasable_to
"""


def disagreements(published: Path) -> int:
    """Rows of the facet that the facts would not give, plus rows the facts give that it lacks."""
    con = duckdb.connect(str(live_snapshot(published)), read_only=True)
    try:
        described = con.sql(f"select * from ({EXPECTED}) limit 0").description or []
        facet = f"select {', '.join(column[0] for column in described)} from incident_facet"
        missing = con.sql(f"{EXPECTED} except all {facet}").fetchall()
        extra = con.sql(f"{facet} except all {EXPECTED}").fetchall()
        mislabelled = con.sql(MISLABELLED).fetchall()[0][0]
        return len(missing) + len(extra) + mislabelled
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish_demo_template(tmp_path_factory.mktemp("facet-demo"))


@pytest.fixture
def warehouse(demo_template: Path, tmp_path: Path) -> Path:
    return copy_warehouse(demo_template, tmp_path / "warehouse")


def test_every_demo_incident_has_one_facet_row_with_its_links_as_sorted_lists(
    demo_template: Path,
) -> None:
    assert table(demo_template, "select count(*) as n from incident_facet")["n"][0] == 300
    assert disagreements(demo_template) == 0


def test_the_facet_is_stored_in_detection_order_so_a_period_skips_row_groups(
    demo_template: Path,
) -> None:
    stored = table(demo_template, "select detected_at from incident_facet")["detected_at"]
    assert stored.is_sorted()


def test_an_import_that_changes_only_an_incidents_links_reaches_its_facet(
    warehouse: Path, tmp_path: Path
) -> None:
    header, rows = example_rows()
    first = import_files(
        warehouse,
        [ImportFile("first.csv", write_csv(tmp_path / "first.csv", rows, header).read_bytes())],
        principal=IMPORTER,
    )
    assert first.reports[0].outcome.added["incident"] == len(rows)
    changed = [dict(row) for row in rows]
    changed[0]["techniques"] = "T0049.001; T0022"
    changed[0]["targeted_countries"] = "JP; FR"
    second = import_files(
        warehouse,
        [
            ImportFile(
                "second.csv", write_csv(tmp_path / "second.csv", changed, header).read_bytes()
            )
        ],
        principal=IMPORTER,
    )
    assert second.reports[0].outcome.updated["incident"] == 1
    facet = table(
        warehouse,
        "select technique_ids, targeted_members from incident_facet "
        f"where incident_id = '{rows[0]['incident_id']}'",
    )
    assert facet.row(0) == (["T0022", "T0049.001"], ["FR", "JP"])
    assert disagreements(warehouse) == 0


def test_a_publish_that_changes_nothing_keeps_the_facet_whole(warehouse: Path) -> None:
    before = table(warehouse, "select * from incident_facet order by incident_id")
    publish(warehouse, lambda con: None)
    assert table(warehouse, "select * from incident_facet order by incident_id").equals(before)


def test_a_removed_incident_leaves_the_facet_and_a_restamped_one_is_rebuilt(
    warehouse: Path,
) -> None:
    gone, restamped = table(warehouse, "select incident_id from incident order by 1 limit 2")[
        "incident_id"
    ].to_list()

    def change(con: duckdb.DuckDBPyConnection) -> None:
        for link in ("country", "target", "technique", "actor", "platform", "narrative", "source"):
            con.execute(f"delete from incident_{link} where incident_id = $id", {"id": gone})
        con.execute("delete from response_incident where incident_id = $id", {"id": gone})
        con.execute("delete from incident where incident_id = $id", {"id": gone})
        con.execute("delete from incident_technique where incident_id = $id", {"id": restamped})
        con.execute(
            "update incident set updated_at = updated_at + $later where incident_id = $id",
            {"id": restamped, "later": timedelta(seconds=1)},
        )

    publish(warehouse, change)
    facet = table(warehouse, "select incident_id, technique_ids from incident_facet")
    assert gone not in facet["incident_id"].to_list()
    assert facet.filter(facet["incident_id"] == restamped)["technique_ids"].to_list() == [[]]
    assert disagreements(warehouse) == 0


def test_a_first_build_in_many_chunks_gives_the_same_rows_in_detection_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(derive, "CHUNK_INCIDENTS", 37)
    published = publish_demo_template(tmp_path)
    assert disagreements(published) == 0
    assert table(published, "select detected_at from incident_facet")["detected_at"].is_sorted()
    searchable = table(
        published, "select count(*) as n, count(distinct incident_id) as d from incident_search"
    )
    assert searchable.row(0) == (300, 300)


def test_a_new_marking_gets_the_next_number_and_earlier_numbers_stay(warehouse: Path) -> None:
    before = table(warehouse, "select * from incident_marking order by marking_key")
    assert before["marking_key"].to_list() == list(range(before.height))
    publish(
        warehouse,
        lambda con: con.execute(
            "update incident set tlp = 'RED', originator_member = 'JP',"
            " releasable_to = ['NZ', 'SE', 'NL'], updated_at = updated_at + interval 1 second"
            " where incident_id = (select min(incident_id) from incident)"
        ),
    )
    after = table(warehouse, "select * from incident_marking order by marking_key")
    assert after.head(before.height).equals(before)
    assert after.height == before.height + 1
    assert after.row(before.height)[1:] == ("RED", "JP", ["NZ", "SE", "NL"])
    assert disagreements(warehouse) == 0
