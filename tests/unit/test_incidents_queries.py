"""The incident explorer pages, searches and sorts in SQL over exactly the incidents the viewer may see."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.reference import load_reference
from rrm_dash.queries import incidents
from rrm_dash.queries.runner import Source, run
from tests.conftest import TODAY, insert_incident

AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
ANALYST = Principal("analyst", Role.ANALYST)
EVERYTHING = Filters()
GREEN_INCIDENTS = 120


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    for number in range(GREEN_INCIDENTS):
        insert_incident(
            con,
            f"g-{number:03d}",
            tlp="GREEN",
            originator="FR",
            title=f"Routine case {number:03d}",
            heading=("DIP", "MIE", "HRF")[number % 3],
            threat_type=("covert_funding", "disinformation", "transnational_repression")[
                number % 3
            ],
            detected=TODAY - timedelta(days=number),
        )
    con.execute("update incident set reach_estimate = 1000 * cast(substr(incident_id, 3) as int)")
    con.execute(
        "update incident set summary = 'Mentions the Harbour operation' where incident_id = 'g-007'"
    )
    insert_incident(con, "pct", tlp="GREEN", originator="FR", title="A 100% fake claim")
    insert_incident(con, "no-pct", tlp="GREEN", originator="FR", title="A 1000 fake claim")
    insert_incident(con, "underscore", tlp="GREEN", originator="FR", title="file_name leak")
    insert_incident(con, "amber-secret", tlp="AMBER", originator="FR",
                    title="Harbour amber secret")  # fmt: skip
    insert_incident(con, "amber-au", tlp="AMBER", originator="FR", releasable_to=["AU"],
                    title="Harbour amber shared with Australia")  # fmt: skip
    insert_incident(con, "chatham", tlp="GREEN", originator="DE", chatham_house=True,
                    title="Chatham case")  # fmt: skip
    con.execute(
        "insert into incident_country values ('g-000', 'CA', 'targeted'), ('g-000', 'FR', 'targeted'),"
        " ('g-000', 'XA', 'origin'), ('amber-secret', 'AU', 'targeted')"
    )
    con.execute(
        "insert into actor (actor_id, name, actor_kind, tlp, originator_member, created_at,"
        " updated_at) values ('ACT-1', 'Harbour Network', 'state_proxy', 'GREEN', 'FR',"
        " now(), now())"
    )
    con.execute(
        "insert into incident_actor values ('g-000', 'ACT-1', 'perpetrator'),"
        " ('g-001', 'ACT-1', 'amplifier'), ('amber-secret', 'ACT-1', 'perpetrator')"
    )


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    """One small warehouse for the module (its tests only read it)."""
    published = tmp_path_factory.mktemp("incidents") / "rrm.duckdb"
    publish(published, lambda con: load_reference(con, TODAY), start_empty=True)
    publish(published, _fill)
    return Source.live(published)


def _titles(source: Source, viewer: Principal, **options: object) -> list[str]:
    frame = incidents.incident_page(source, viewer, EVERYTHING, **options)  # type: ignore[arg-type]
    return frame["title"].to_list()


def test_a_page_holds_50_rows_and_the_count_is_the_whole_result(source: Source) -> None:
    page = incidents.incident_page(source, ANALYST, EVERYTHING)
    assert page.height == incidents.PAGE_SIZE == 50
    assert incidents.incident_count(source, ANALYST, EVERYTHING) == GREEN_INCIDENTS + 6
    last = incidents.incident_page(source, ANALYST, EVERYTHING, page=3)
    assert last.height == GREEN_INCIDENTS + 6 - 100
    assert set(page["incident_id"]).isdisjoint(last["incident_id"])


def test_the_filter_bar_narrows_the_page_and_the_count(source: Source) -> None:
    hrf = Filters(headings=("HRF",))
    page = incidents.incident_page(source, ANALYST, hrf)
    assert set(page["heading"]) == {"HRF"}
    assert incidents.incident_count(source, ANALYST, hrf) == GREEN_INCIDENTS // 3


def test_search_matches_title_or_summary_whatever_the_case(source: Source) -> None:
    found = set(_titles(source, ANALYST, search="hArBoUr"))
    assert found == {
        "Harbour amber secret",
        "Harbour amber shared with Australia",
        "Routine case 007",
    }
    assert incidents.incident_count(source, ANALYST, EVERYTHING, search="  harbour ") == 3


def test_search_takes_percent_and_underscore_literally(source: Source) -> None:
    assert _titles(source, ANALYST, search="100%") == ["A 100% fake claim"]
    assert _titles(source, ANALYST, search="e_n") == ["file_name leak"]
    assert _titles(source, ANALYST, search="%") == ["A 100% fake claim"]


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("sort", incidents.SORT_KEYS)
def test_every_sort_option_orders_the_whole_result(
    source: Source, sort: str, descending: bool
) -> None:
    frame = incidents.incident_page(
        source, ANALYST, EVERYTHING, sort=sort, descending=descending, page_size=500
    )
    rank = {"DIP": 0, "MIE": 1, "HRF": 2, "GREEN": 1, "AMBER": 2}
    key = {
        "detected": lambda row: row["detected_at"],
        "title": lambda row: row["title"].lower(),
        "heading": lambda row: rank[row["heading"]],
        "tlp": lambda row: rank[row["tlp"]],
        "reach": lambda row: row["reach_estimate"],
    }[sort]
    values = [key(row) for row in frame.iter_rows(named=True) if key(row) is not None]
    assert values == sorted(values, reverse=descending)
    assert values[0] != values[-1]
    if sort == "reach":  # incidents without an estimate come last either way
        assert frame["reach_estimate"].to_list()[-1] is None


@pytest.mark.parametrize("viewer", [ANALYST, AU_OBSERVER], ids=["analyst", "au-observer"])
@pytest.mark.parametrize("offset", [0, 50, 5_000])
def test_the_newest_first_page_is_the_one_the_sorted_query_gives(
    demo_source: Source, viewer: Principal, offset: int
) -> None:
    filters = Filters.default(TODAY)
    latest = run(demo_source, viewer, "incidents/latest_page", filters, limit=50, offset=offset)
    sorted_page = run(
        demo_source,
        viewer,
        "incidents/incident_page",
        filters,
        search="",
        sort="detected",
        descending=True,
        limit=50,
        offset=offset,
    )
    assert latest.equals(sorted_page)
    assert latest.height == (0 if offset == 5_000 else 50)


def test_an_unknown_sort_is_refused_before_sql(source: Source) -> None:
    with pytest.raises(ValueError, match="sort must be one of"):
        incidents.incident_page(source, ANALYST, EVERYTHING, sort="title; drop table incident")


def test_targeted_members_are_named_on_the_page(source: Source) -> None:
    page = incidents.incident_page(source, ANALYST, EVERYTHING, search="Routine case 000")
    assert page["targeted_en"].to_list() == ["Canada, France"]
    assert page["targeted_fr"].to_list() == ["Canada, France"]


def test_an_au_observer_never_finds_an_amber_incident_not_released_to_au(source: Source) -> None:
    assert "Harbour amber secret" not in _titles(source, AU_OBSERVER, search="amber")
    assert "Harbour amber shared with Australia" in _titles(source, AU_OBSERVER, search="amber")
    assert incidents.incident_count(source, AU_OBSERVER, EVERYTHING, search="secret") == 0
    assert incidents.incident_count(source, ANALYST, EVERYTHING, search="secret") == 1
    export = incidents.incident_export(source, AU_OBSERVER, EVERYTHING)
    assert "amber-secret" not in export["incident_id"].to_list()
    au_targeted = incidents.incident_page(source, AU_OBSERVER, Filters(members=("AU",)))
    assert au_targeted.is_empty()


def test_a_hidden_incident_opened_by_id_looks_exactly_like_a_missing_one(source: Source) -> None:
    for query in (
        incidents.incident_detail,
        incidents.incident_countries,
        incidents.incident_actors,
        incidents.related_incidents,
    ):
        hidden = query(source, AU_OBSERVER, "amber-secret")
        missing = query(source, AU_OBSERVER, "no-such-incident")
        assert hidden.is_empty() and missing.is_empty()
        assert hidden.schema == missing.schema
    assert incidents.incident_detail(source, ANALYST, "amber-secret").height == 1


def test_related_incidents_share_an_actor_and_leave_out_what_the_viewer_may_not_see(
    source: Source,
) -> None:
    analyst = incidents.related_incidents(source, ANALYST, "g-000")
    assert set(analyst["incident_id"]) == {"g-001", "amber-secret"}
    assert set(analyst["shared"]) == {"Harbour Network"}
    observer = incidents.related_incidents(source, AU_OBSERVER, "g-000")
    assert observer["incident_id"].to_list() == ["g-001"]


def test_the_originator_is_withheld_under_the_chatham_house_rule(source: Source) -> None:
    analyst = incidents.incident_detail(source, ANALYST, "chatham").row(0, named=True)
    assert analyst["originator_member"] is None
    originator = Principal("de-focal", Role.FOCAL_POINT, "DE")
    own = incidents.incident_detail(source, originator, "chatham").row(0, named=True)
    assert own["originator_member"] == "DE"


def test_the_whole_result_export_stops_at_the_cap(
    source: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(incidents, "EXPORT_CAP", 7)
    assert incidents.incident_export(source, ANALYST, EVERYTHING).height == 7


def test_every_detail_query_answers_for_a_demo_incident(demo_source: Source) -> None:
    page = incidents.incident_page(demo_source, ANALYST, EVERYTHING, sort="reach")
    incident_id = page["incident_id"][0]
    detail = incidents.incident_detail(demo_source, ANALYST, incident_id)
    assert detail.height == 1
    assert detail["heading_fr"][0] is not None
    assert not incidents.incident_countries(demo_source, ANALYST, incident_id).is_empty()
    assert not incidents.incident_sources(demo_source, ANALYST, incident_id).is_empty()
    for query in (
        incidents.incident_targets,
        incidents.incident_techniques,
        incidents.incident_platforms,
        incidents.incident_narratives,
        incidents.related_incidents,
    ):
        query(demo_source, ANALYST, incident_id)  # runs and answers
