"""DISARM heatmap counts: roll-up of sub-techniques, tactic order, TLP scope and the filter bar."""

from __future__ import annotations

from pathlib import Path

import duckdb

from rrm_dash.access import Principal, Role
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.queries import disarm
from rrm_dash.queries.runner import Source
from tests.conftest import TODAY, insert_incident

AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
ANALYST = Principal("analyst", Role.ANALYST)
ALL = Filters()


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    insert_incident(con, "both", tlp="GREEN", originator="FR")
    insert_incident(con, "sub-only", tlp="GREEN", originator="FR")
    insert_incident(con, "amber", tlp="AMBER", originator="FR", title="Amber, not for AU")
    con.execute(
        "insert into incident_technique (incident_id, disarm_id, disarm_version) values"
        " ('both', 'T0049', '1.6'), ('both', 'T0049.001', '1.6'),"
        " ('sub-only', 'T0049.002', '1.6'), ('amber', 'T0085', '1.6'),"
        " ('amber', 'T0049.001', '1.6')"
    )
    con.execute(
        "insert into incident_country values ('both', 'CA', 'targeted'),"
        " ('both', 'FR', 'targeted'), ('sub-only', 'JP', 'targeted')"
    )


def _counts(source: Source, viewer: Principal, **options: bool) -> dict[str, int]:
    frame = disarm.technique_counts(source, viewer, ALL, **options)
    return dict(zip(frame["disarm_id"].to_list(), frame["incidents"].to_list(), strict=True))


def test_sub_techniques_roll_up_into_their_parent_and_count_each_incident_once(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    counts = _counts(Source.live(empty_warehouse), ANALYST)
    assert counts["T0049"] == 3  # both (twice tagged, once counted), sub-only, amber
    assert counts["T0085"] == 1
    assert "T0049.001" not in counts
    assert sum(counts.values()) == 4


def test_sub_techniques_can_be_shown_on_their_own(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    counts = _counts(Source.live(empty_warehouse), ANALYST, sub_techniques=True)
    assert (counts["T0049"], counts["T0049.001"], counts["T0049.002"]) == (1, 2, 1)


def test_an_au_observer_gets_no_count_from_an_amber_incident_not_released_to_au(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    counts = _counts(source, AU_OBSERVER)
    assert counts["T0085"] == 0
    assert counts["T0049"] == 2
    totals = disarm.filtered_totals(source, AU_OBSERVER, ALL).row(0, named=True)
    assert totals == {"incidents": 2, "tagged_incidents": 2}
    listed = disarm.technique_incidents(source, AU_OBSERVER, ALL, "T0049")
    assert "amber" not in listed["incident_id"].to_list()


def test_tactics_come_in_the_framework_display_rank_not_id_order(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    frame = disarm.technique_counts(Source.live(empty_warehouse), ANALYST, ALL)
    tactics = frame["tactic_id"].unique(maintain_order=True).to_list()
    assert tactics[:5] == ["TA01", "TA02", "TA13", "TA14", "TA06"]
    assert tactics.index("TA05") > tactics.index("TA16")  # rank 8 after rank 7
    assert frame["tactic_rank"].to_list() == sorted(frame["tactic_rank"].to_list())
    assert len(tactics) == 16


def test_techniques_stack_by_count_then_id_within_their_tactic(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    frame = disarm.technique_counts(Source.live(empty_warehouse), ANALYST, ALL)
    ta17 = frame.filter(frame["tactic_id"] == "TA17")
    assert ta17["disarm_id"][0] == "T0049"
    assert ta17["position"].to_list() == list(range(1, ta17.height + 1))
    rest = ta17["disarm_id"].to_list()[1:]
    assert rest == sorted(rest)  # all zero: by id


def test_a_tactic_in_the_filter_bar_keeps_only_its_column(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    frame = disarm.technique_counts(
        Source.live(empty_warehouse), ANALYST, Filters(tactics=("TA06",))
    )
    assert set(frame["tactic_id"].to_list()) == {"TA06"}
    assert dict(zip(frame["disarm_id"], frame["incidents"], strict=True))["T0085"] == 1


def test_a_technique_lists_its_incidents_with_their_targets_newest_first(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    rolled = disarm.technique_incidents(source, ANALYST, ALL, "T0049")
    assert sorted(rolled["incident_id"].to_list()) == ["amber", "both", "sub-only"]
    both = rolled.filter(rolled["incident_id"] == "both").row(0, named=True)
    assert both["targeted_en"] == "Canada, France"
    exact = disarm.technique_incidents(source, ANALYST, ALL, "T0049", with_sub_techniques=False)
    assert exact["incident_id"].to_list() == ["both"]
    limited = disarm.technique_incidents(source, ANALYST, ALL, "T0049", limit=1)
    assert limited.height == 1
    assert disarm.technique_incidents(source, ANALYST, ALL, "T9999").is_empty()  # not listed


def test_demo_heatmap_counts_match_a_count_over_the_visible_rows(demo_source: Source) -> None:
    from rrm_dash.queries.runner import scoped_cursor

    filters = Filters.default(TODAY)
    for viewer in (ANALYST, AU_OBSERVER):
        frame = disarm.technique_counts(demo_source, viewer, filters)
        with scoped_cursor(demo_source, viewer, filters) as cursor:
            expected = cursor.sql(
                "select count(distinct incident_id) from scoped_incident_technique()"
                " join disarm_technique using (disarm_id)"
                " where coalesce(parent_id, disarm_id) = 'T0049'"
                " and incident_id in (select incident_id from filtered_incident())"
            ).fetchall()[0][0]
        counts = dict(zip(frame["disarm_id"], frame["incidents"], strict=True))
        assert counts["T0049"] == expected
