"""The synthetic demo is deterministic, plausible, plainly fictional, and obeys the schema."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from rrm_dash.access import FULL_MEMBERS, OBSERVERS, TLP_LEVELS
from rrm_dash.demo import DEMO_TABLES, DemoSummary, build_demo
from rrm_dash.demo.frames import chunk_stream, stream
from rrm_dash.demo.incident_set import CHUNK_SIZE
from rrm_dash.demo.techniques import technique_codes
from rrm_dash.demo.writer import TableWriter
from rrm_dash.ingest.reference import load_reference
from rrm_dash.warehouse.integrity import integrity_problems
from rrm_dash.warehouse.snapshot import next_snapshot

TODAY = date(2026, 11, 22)
INCIDENTS = 400
SEED = 7
#: A big demo is drawn and written a chunk of incidents at a time; the rules must hold either
#: way. 400 incidents in chunks of 133 make chunks of 133, 133, 133 and a last one of 1.
CHUNKED = 133
#: Names of real operations, networks and services a fictional actor must never carry.
REAL_NAMES = (
    "doppelganger", "spamouflage", "secondary infektion", "ghostwriter", "internet research agency",
    "ira", "gru", "mss", "apt", "storm-", "typhoon", "fancy bear", "cozy bear", "sandworm",
    "dragonbridge", "portal kombat", "pravda", "copycop", "matryoshka", "endless mayfly",
)  # fmt: skip
#: Tables whose contents the demo decides (reference tables are loaded, not generated).
HASHED_TABLES = (*DEMO_TABLES, "member", "meta")


def _build(folder: Path, seed: int, chunk_size: int = CHUNK_SIZE) -> tuple[Path, DemoSummary]:
    published = folder / "rrm.duckdb"
    with next_snapshot(published, start_empty=True) as con:
        load_reference(con, TODAY)
        summary = build_demo(
            con, seed=seed, incidents=INCIDENTS, today=TODAY, chunk_size=chunk_size
        )
    return published, summary


def _table_hashes(path: Path) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        hashes = {
            table: con.sql(
                f"select md5(coalesce(string_agg(row_text, chr(10) order by row_text), ''))"
                f" from (select t::varchar as row_text from {table} t)"
            ).fetchall()[0][0]
            for table in HASHED_TABLES
        }
        hashes["country"] = con.sql(
            "select md5(string_agg(t::varchar, chr(10) order by t::varchar))"
            " from country t where is_fictional"
        ).fetchall()[0][0]
        return hashes
    finally:
        con.close()


@pytest.fixture(scope="module", params=[CHUNK_SIZE, CHUNKED], ids=["one-chunk", "chunked"])
def chunk_size(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, chunk_size: int) -> tuple[Path, DemoSummary]:
    return _build(tmp_path_factory.mktemp("demo"), SEED, chunk_size)


@pytest.fixture(scope="module")
def con(demo: tuple[Path, DemoSummary]) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(demo[0]), read_only=True)
    yield connection
    connection.close()


def _values(con: duckdb.DuckDBPyConnection, sql: str) -> list[object]:
    return [row[0] for row in con.sql(sql).fetchall()]


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, **params: object) -> object:
    return con.sql(sql, params=params or None).fetchall()[0][0]


def test_same_seed_builds_identical_tables(
    demo: tuple[Path, DemoSummary], chunk_size: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    again, _ = _build(tmp_path_factory.mktemp("again"), SEED, chunk_size)
    assert _table_hashes(again) == _table_hashes(demo[0])


def test_different_seed_builds_different_incidents(
    demo: tuple[Path, DemoSummary], chunk_size: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    other, _ = _build(tmp_path_factory.mktemp("other"), SEED + 1, chunk_size)
    first, second = _table_hashes(demo[0]), _table_hashes(other)
    assert first["incident"] != second["incident"]
    assert first["incident_technique"] != second["incident_technique"]


def test_a_demo_of_one_chunk_does_not_depend_on_the_chunk_size(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    exact, _ = _build(tmp_path_factory.mktemp("exact"), SEED, INCIDENTS)
    default, _ = _build(tmp_path_factory.mktemp("default"), SEED, CHUNK_SIZE)
    assert _table_hashes(exact) == _table_hashes(default)


def test_the_first_chunk_draws_from_the_part_stream_and_later_chunks_from_their_own() -> None:
    def draws(rng: np.random.Generator) -> list[float]:
        return [float(x) for x in rng.random(5)]

    assert draws(chunk_stream(SEED, "texts", 0)) == draws(stream(SEED, "texts"))
    chunks = [draws(chunk_stream(SEED, "texts", chunk)) for chunk in range(3)]
    assert len({tuple(c) for c in chunks}) == 3
    assert draws(chunk_stream(SEED, "texts", 1)) == chunks[1]
    assert draws(chunk_stream(SEED, "texts", 1)) != draws(chunk_stream(SEED, "techniques", 1))


def test_incident_ids_run_from_one_in_first_activity_order(
    con: duckdb.DuckDBPyConnection,
) -> None:
    ids = _values(con, "select incident_id from incident order by rowid")
    assert ids == [f"INC-{i:07d}" for i in range(1, INCIDENTS + 1)]
    out_of_order = _scalar(
        con,
        "select count(*) from (select first_activity, lag(first_activity) over"
        " (order by incident_id) as previous from incident) where first_activity < previous",
    )
    assert out_of_order == 0


def test_link_rows_are_stored_in_incident_order(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("incident_technique", "incident_country", "incident_source"):
        out_of_order = _scalar(
            con,
            f"select count(*) from (select incident_id, lag(incident_id) over (order by rowid)"
            f" as previous from {table}) where incident_id < previous",
        )
        assert out_of_order == 0, table


def test_engagement_events_are_numbered_in_time_order(con: duckdb.DuckDBPyConnection) -> None:
    contributed = _scalar(
        con,
        "select count(*) from engagement_event where event_type = 'incident_contributed'",
    )
    notified = _scalar(
        con,
        "select count(*) from incident where notified_at is not null and originator_member <> 'CU'",
    )
    assert contributed == notified
    ids = _values(con, "select event_id from engagement_event order by occurred_at, event_type,"
                       " member_code, object_id")  # fmt: skip
    assert ids == [f"EVT-{i:08d}" for i in range(1, len(ids) + 1)]


def test_summary_counts_the_rows_of_every_table(
    demo: tuple[Path, DemoSummary], con: duckdb.DuckDBPyConnection
) -> None:
    counts = demo[1].as_dict()
    assert counts["incident"] == INCIDENTS
    for table in DEMO_TABLES:
        assert counts[table] == _scalar(con, f"select count(*) from {table}"), table
        assert counts[table] > 0, table


def test_demo_passes_the_warehouse_integrity_rules(con: duckdb.DuckDBPyConnection) -> None:
    assert integrity_problems(con) == []


def test_meta_marks_the_warehouse_as_a_synthetic_demo(con: duckdb.DuckDBPyConnection) -> None:
    meta = dict(con.sql("select key, value from meta").fetchall())
    assert meta["dataset_kind"] == "synthetic-demo"
    assert meta["generator"] == "rrm_dash.demo"
    assert meta["seed"] == str(SEED)
    assert meta["incidents"] == str(INCIDENTS)
    assert meta["built_for"] == TODAY.isoformat()


def test_incidents_carry_every_tlp_level(con: duckdb.DuckDBPyConnection) -> None:
    assert set(_values(con, "select distinct tlp from incident")) == set(TLP_LEVELS)


def test_every_heading_and_every_response_status_occurs(con: duckdb.DuckDBPyConnection) -> None:
    assert set(_values(con, "select distinct heading from incident")) == {"DIP", "MIE", "HRF"}
    statuses = set(_values(con, "select distinct status from response"))
    assert statuses == {
        "proposed", "under_consultation", "agreed", "executed", "declined", "withdrawn",
    }  # fmt: skip


def test_headings_are_mostly_media_then_institutions_then_rights(
    con: duckdb.DuckDBPyConnection,
) -> None:
    share = dict(con.sql("select heading, count(*) / $n from incident group by all",
                         params={"n": INCIDENTS}).fetchall())  # fmt: skip
    assert share["MIE"] > share["DIP"] > share["HRF"] > 0.05


def test_hrf_incidents_and_only_they_have_a_tnr_vector(con: duckdb.DuckDBPyConnection) -> None:
    wrong = _scalar(
        con,
        "select count(*) from incident where (heading = 'HRF') <> (tnr_vector is not null)",
    )
    assert wrong == 0


def test_threat_types_belong_to_the_incident_heading(con: duckdb.DuckDBPyConnection) -> None:
    wrong = _scalar(
        con,
        "select count(*) from incident i join vocabulary v"
        " on v.vocabulary = 'threat_type' and v.code = i.threat_type where v.parent <> i.heading",
    )
    assert wrong == 0


def test_election_windows_carry_election_ids_and_a_higher_daily_rate(
    con: duckdb.DuckDBPyConnection,
) -> None:
    tagged = _scalar(con, "select count(*) from incident where election_id is not null")
    assert isinstance(tagged, int) and tagged > 0
    rates = con.sql(
        """
        with days as (
            select c.country, d::date as day
            from (select distinct country from election) c,
                 range(date '2018-06-01', $today, interval 1 day) r(d)
        ), flagged as (
            select country, day, exists (
                select 1 from election e
                where e.country = days.country and e.status <> 'postponed'
                  and days.day between e.watch_window_start and e.watch_window_end
            ) as inside
            from days
        ), hits as (
            select c.country_code as country, i.first_activity as day, count(*) as n
            from incident i join incident_country c using (incident_id)
            where c.role = 'targeted' group by all
        )
        select f.inside, coalesce(sum(h.n), 0) / count(*) as per_day
        from flagged f left join hits h using (country, day)
        group by f.inside
        """,
        params={"today": TODAY},
    ).fetchall()
    per_day = dict(rates)
    assert per_day[True] > 1.3 * per_day[False]


def test_election_incidents_target_the_country_holding_the_vote(
    con: duckdb.DuckDBPyConnection,
) -> None:
    wrong = _scalar(
        con,
        "select count(*) from incident i join election e using (election_id)"
        " where not exists (select 1 from incident_country c where c.incident_id = i.incident_id"
        " and c.role = 'targeted' and c.country_code = e.country)"
        " or i.first_activity not between e.watch_window_start and e.watch_window_end"
        " or i.election_phase is null",
    )
    assert wrong == 0


def test_every_member_and_observer_is_targeted(con: duckdb.DuckDBPyConnection) -> None:
    targeted = set(_values(con, "select distinct country_code from incident_country"
                                " where role = 'targeted'"))  # fmt: skip
    assert targeted == FULL_MEMBERS | OBSERVERS


def test_origin_countries_are_only_fictional_states(con: duckdb.DuckDBPyConnection) -> None:
    origins = con.sql(
        "select distinct c.country_code, k.is_fictional, k.name_en from incident_country c"
        " left join country k using (country_code) where c.role = 'origin'"
    ).fetchall()
    assert origins
    assert all(fictional and "(fictional)" in name for _, fictional, name in origins)
    sponsors = set(_values(con, "select distinct sponsor_state from actor"
                                " where sponsor_state is not null"))  # fmt: skip
    assert sponsors <= {"XA", "XB", "XC", "XD", "XE"}


def test_technique_ids_exist_in_the_disarm_reference(con: duckdb.DuckDBPyConnection) -> None:
    known = set(_values(con, "select disarm_id from disarm_technique"))
    assert set(technique_codes()) <= known
    used = set(_values(con, "select distinct disarm_id from incident_technique"))
    assert used <= known
    per_incident = _values(con, "select count(*) from incident_technique group by incident_id")
    assert len(per_incident) == INCIDENTS
    assert all(1 <= int(str(count)) <= 5 for count in per_incident)


def test_sources_use_only_example_domains(con: duckdb.DuckDBPyConnection) -> None:
    outside = _scalar(
        con,
        "select count(*) from incident_source"
        " where not regexp_full_match(url, 'https://example\\.(org|com)/.*')"
        " or not coalesce(regexp_full_match(archive_url, 'https://example\\.(org|com)/.*'), true)"
        " or is_claim <> (source_category = 'claim_by_actor')",
    )
    assert outside == 0


def test_actor_names_avoid_real_operation_names(con: duckdb.DuckDBPyConnection) -> None:
    names = [str(name).lower() for name in _values(con, "select name from actor")]
    assert 25 <= len(names) <= 40
    words = {word for name in names for word in name.replace("-", " ").split()}
    for real in REAL_NAMES:
        if " " in real or real.endswith("-"):
            assert not any(real in name for name in names), real
        else:
            assert real not in words, real


def test_summaries_say_the_records_are_synthetic(con: duckdb.DuckDBPyConnection) -> None:
    unmarked = _scalar(
        con,
        "select count(*) from incident where not ends_with(summary, '(Synthetic demo record.)')",
    )
    assert unmarked == 0


def test_incident_timelines_run_forward(con: duckdb.DuckDBPyConnection) -> None:
    wrong = _scalar(
        con,
        """
        select count(*) from incident
        where last_activity < first_activity
           or detected_at < first_activity
           or assessed_at < detected_at or notified_at < detected_at or published_at < detected_at
           or updated_at < created_at
           or greatest(detected_at, assessed_at, notified_at, published_at) >= $today
        """,
        today=TODAY,
    )
    assert wrong == 0


def test_recent_incidents_are_still_open_and_old_ones_mostly_closed(
    con: duckdb.DuckDBPyConnection,
) -> None:
    closed_share = dict(
        con.sql(
            "select year(detected_at) < 2024, avg((status = 'closed')::int) from incident group by 1"
        ).fetchall()
    )
    assert closed_share[True] > 0.6 > closed_share[False]
    open_recent = _scalar(
        con,
        "select count(*) from incident where status in ('new', 'under_assessment')"
        " and assessed_at is null and detected_at > $since",
        since=TODAY - timedelta(days=30),
    )
    assert isinstance(open_recent, int) and open_recent > 0


def test_response_dates_follow_their_status(con: duckdb.DuckDBPyConnection) -> None:
    wrong = _scalar(
        con,
        """
        select count(*) from response
        where (agreed_at is not null) <> (status in ('agreed', 'executed'))
           or (executed_at is not null) <> (status = 'executed')
           or (closed_at is not null) <> (status in ('declined', 'withdrawn'))
           or (effectiveness <> 'not_assessed' and status <> 'executed')
           or agreed_at < proposed_at or executed_at < agreed_at or closed_at < proposed_at
        """,
    )
    assert wrong == 0
    leads = _scalar(
        con,
        "select count(*) from response r join response_member m"
        " on m.response_id = r.response_id and m.member_code = r.lead_member and m.position = 'lead'",
    )
    assert leads == _scalar(con, "select count(*) from response")


def test_italy_has_a_temporary_focal_point_and_engages_less_than_canada(
    con: duckdb.DuckDBPyConnection,
) -> None:
    status = dict(con.sql("select member_code, focal_point_status from member").fetchall())
    assert status["IT"] == "temporary"
    assert status["CA"] == "permanent"
    per_year = dict(
        con.sql(
            "select member_code, count(*) / count(distinct year(occurred_at))"
            " from engagement_event group by member_code"
        ).fetchall()
    )
    assert per_year["IT"] < 0.5 * per_year["CA"]
    latency = dict(
        con.sql(
            "select member_code, median(latency_hours) from engagement_event"
            " where event_type = 'alert_acknowledged' group by all"
        ).fetchall()
    )
    assert latency["CA"] < 12 < 48 < latency["IT"]


def test_every_meeting_lists_all_thirteen_focal_points(con: duckdb.DuckDBPyConnection) -> None:
    sizes = set(_values(con, "select count(*) from meeting_attendance group by meeting_id"))
    assert sizes == {13}
    presented_without_attending = _scalar(
        con, "select count(*) from meeting_attendance where presented and not attended"
    )
    assert presented_without_attending == 0


def test_a_demo_of_one_incident_builds_and_passes_the_integrity_rules(tmp_path: Path) -> None:
    with next_snapshot(tmp_path / "rrm.duckdb", start_empty=True) as con:
        load_reference(con, TODAY)
        summary = build_demo(con, incidents=1, today=TODAY)
        assert summary.incident == 1
        assert summary.response_incident >= summary.response > 0
        assert integrity_problems(con) == []


def test_a_table_written_in_parts_stores_them_in_the_order_they_were_queued() -> None:
    con = duckdb.connect()
    con.execute("create table part (part integer, n integer, primary key (part, n))")
    con.execute("create table other (part integer)")
    with TableWriter(con) as writer:
        for part in range(40):
            writer.insert("part", pl.DataFrame({"part": [part] * 500, "n": range(500)}))
            writer.insert("other", pl.DataFrame({"part": [part]}))
        counts = writer.counts()
    assert counts == {"part": 40 * 500, "other": 40}
    stored = _values(con, "select part from part order by rowid")
    assert stored == sorted(stored)
    con.close()


def test_a_failed_insert_is_raised_to_whoever_waits_for_it() -> None:
    con = duckdb.connect()
    con.execute("create table once (n integer primary key)")
    with pytest.raises(duckdb.ConstraintException), TableWriter(con) as writer:
        writer.insert("once", pl.DataFrame({"n": [1, 1]}))
        writer.counts()
    con.close()


def test_build_refuses_a_chunk_size_below_one(tmp_path: Path) -> None:
    with (
        pytest.raises(ValueError, match="chunk_size"),
        next_snapshot(tmp_path / "rrm.duckdb", start_empty=True) as con,
    ):
        load_reference(con, TODAY)
        build_demo(con, incidents=10, today=TODAY, chunk_size=0)


def test_build_refuses_a_warehouse_without_reference_data(tmp_path: Path) -> None:
    with (
        pytest.raises(ValueError, match="load_reference"),
        next_snapshot(tmp_path / "rrm.duckdb", start_empty=True) as con,
    ):
        build_demo(con, incidents=10, today=TODAY)
