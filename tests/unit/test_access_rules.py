"""The TLP rules of the network, as a table, checked against the SQL that enforces them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from rrm_dash.access import PUBLIC, TLP_LEVELS, Principal, Role, normalise_marking
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.queries.runner import Source, scoped_cursor
from tests.conftest import insert_incident

ANALYST = Principal("analyst", Role.ANALYST)
ADMIN = Principal("admin", Role.ADMIN)
CA_FOCAL = Principal("ca-focal", Role.FOCAL_POINT, "CA")
FR_FOCAL = Principal("fr-focal", Role.FOCAL_POINT, "FR")
CA_TASKFORCE = Principal("ca-taskforce", Role.TASKFORCE, "CA")
AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
LEADERSHIP = Principal("leadership", Role.LEADERSHIP)

VIEWERS = {
    "analyst": ANALYST,
    "admin": ADMIN,
    "ca_focal": CA_FOCAL,
    "fr_focal": FR_FOCAL,
    "ca_taskforce": CA_TASKFORCE,
    "au_observer": AU_OBSERVER,
    "leadership": LEADERSHIP,
    "public": PUBLIC,
}

# (marking, originator, releasable_to) -> the viewers who may see the record.
RULES = [
    (("CLEAR", "FR", []), set(VIEWERS)),
    (("GREEN", "FR", []), set(VIEWERS) - {"public"}),
    (("AMBER", "FR", []), {"analyst", "admin", "ca_focal", "fr_focal", "ca_taskforce"}),
    (
        ("AMBER", "FR", ["AU"]),
        {"analyst", "admin", "ca_focal", "fr_focal", "ca_taskforce", "au_observer"},
    ),
    (("AMBER+STRICT", "FR", []), {"analyst", "admin", "fr_focal"}),
    (("AMBER+STRICT", "FR", ["CA"]), {"analyst", "admin", "fr_focal", "ca_focal", "ca_taskforce"}),
    (("AMBER+STRICT", "AU", []), {"analyst", "admin", "au_observer"}),
    (("RED", "FR", []), {"fr_focal"}),
    (("RED", "FR", ["CU"]), {"fr_focal", "analyst", "admin"}),
    (("RED", "FR", ["AU"]), {"fr_focal", "au_observer"}),
    (("RED", "CU", []), {"analyst", "admin"}),
    # Unknown or malformed markings are treated as the most restrictive (RED).
    (("PURPLE", "FR", []), {"fr_focal"}),
    (("", "FR", ["AU"]), {"fr_focal", "au_observer"}),
    ((None, "FR", []), {"fr_focal"}),
    (("amber", "FR", []), {"fr_focal"}),
]


@pytest.fixture(scope="module")
def rules_source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    published = tmp_path_factory.mktemp("rules") / "rrm.duckdb"
    publish(published, lambda con: None, start_empty=True)
    return Source.live(published)


def _visible(
    source: Source, viewer: Principal, marking: str | None, originator: str, releasable: list[str]
) -> bool:
    with scoped_cursor(source, viewer) as cursor:
        rows = cursor.sql(
            "select tlp_visible($marking, $originator, $releasable::varchar[])",
            params={"marking": marking, "originator": originator, "releasable": releasable},
        ).fetchall()
    return bool(rows[0][0])


@pytest.mark.parametrize(("record", "allowed"), RULES, ids=lambda value: str(value))
@pytest.mark.parametrize("viewer_name", sorted(VIEWERS))
def test_each_viewer_sees_a_record_exactly_when_the_tlp_rules_allow_it(
    rules_source: Source,
    record: tuple[str | None, str, list[str]],
    allowed: set[str],
    viewer_name: str,
) -> None:
    marking, originator, releasable = record
    assert _visible(rules_source, VIEWERS[viewer_name], marking, originator, releasable) == (
        viewer_name in allowed
    )


@pytest.mark.parametrize(
    ("ceiling", "visible_levels"),
    [
        ("CLEAR", {"CLEAR"}),
        ("GREEN", {"CLEAR", "GREEN"}),
        ("AMBER", {"CLEAR", "GREEN", "AMBER"}),
        ("RED", {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"}),
    ],
)
def test_a_ceiling_hides_everything_above_it_even_from_the_originator(
    rules_source: Source, ceiling: str, visible_levels: set[str]
) -> None:
    viewer = Principal("fr-focal", Role.FOCAL_POINT, "FR").with_ceiling(ceiling)
    for level in ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"):
        assert _visible(rules_source, viewer, level, "FR", []) == (level in visible_levels), level


def test_a_ceiling_is_never_raised_by_a_later_higher_one() -> None:
    assert ANALYST.with_ceiling("GREEN").with_ceiling("RED").ceiling == "GREEN"


def test_a_cursor_with_no_viewer_sees_no_incident_at_all(empty_warehouse: Path) -> None:
    def fill(con: duckdb.DuckDBPyConnection) -> None:
        insert_incident(con, "clear-1", tlp="CLEAR", originator="FR")

    publish(empty_warehouse, fill)
    from rrm_dash.queries.runner import _read_model

    cursor = _read_model(Source.live(empty_warehouse).snapshot).cursor()
    assert cursor.sql("select count(*) from scoped_incident()").fetchall() == [(0,)]


def test_scoped_incidents_apply_the_rules_to_stored_rows(empty_warehouse: Path) -> None:
    def fill(con: duckdb.DuckDBPyConnection) -> None:
        insert_incident(con, "green-1", tlp="GREEN", originator="FR")
        insert_incident(con, "amber-1", tlp="AMBER", originator="FR")
        insert_incident(con, "amber-au", tlp="AMBER", originator="FR", releasable_to=["AU"])
        insert_incident(con, "red-fr", tlp="RED", originator="FR")

    publish(empty_warehouse, fill)
    source = Source.live(empty_warehouse)

    def ids(viewer: Principal) -> set[str]:
        with scoped_cursor(source, viewer) as cursor:
            return {
                row[0] for row in cursor.sql("select incident_id from scoped_incident()").fetchall()
            }

    assert ids(AU_OBSERVER) == {"green-1", "amber-au"}
    assert ids(CA_FOCAL) == {"green-1", "amber-1", "amber-au"}
    assert ids(FR_FOCAL) == {"green-1", "amber-1", "amber-au", "red-fr"}
    assert ids(PUBLIC) == set()


#: The rules' markings an incident can carry (the warehouse refuses unknown ones), each on its
#: own incident, twice over so that two incidents share each marking.
STORED_MARKINGS = [record for record, _ in RULES if record[0] in TLP_LEVELS]


def test_the_facet_shows_an_incident_exactly_when_the_tlp_rules_do(empty_warehouse: Path) -> None:
    def fill(con: duckdb.DuckDBPyConnection) -> None:
        for index, (marking, originator, releasable) in enumerate(STORED_MARKINGS * 2):
            insert_incident(
                con, f"i{index}", tlp=marking, originator=originator, releasable_to=releasable
            )

    publish(empty_warehouse, fill)
    source = Source.live(empty_warehouse)
    viewers = [*VIEWERS.values(), *(FR_FOCAL.with_ceiling(level) for level in TLP_LEVELS)]
    for viewer in viewers:
        with scoped_cursor(source, viewer) as cursor:
            facet = cursor.sql("select incident_id from scoped_incident_facet()").fetchall()
            incidents = cursor.sql("select incident_id from scoped_incident()").fetchall()
        assert sorted(facet) == sorted(incidents), (viewer.username, viewer.ceiling)


def test_a_cursor_without_its_viewers_markings_sees_no_facet_row(empty_warehouse: Path) -> None:
    publish(
        empty_warehouse, lambda con: insert_incident(con, "clear-1", tlp="CLEAR", originator="FR")
    )
    from rrm_dash.queries.runner import _read_model

    cursor = _read_model(Source.live(empty_warehouse).snapshot).cursor()
    cursor.execute("set variable viewer = as_viewer($viewer)", {"viewer": ANALYST.viewer()})
    assert cursor.sql("select count(*) from scoped_incident_facet()").fetchall() == [(0,)]


def test_chatham_house_hides_the_originator_from_everyone_but_the_originator(
    empty_warehouse: Path,
) -> None:
    publish(
        empty_warehouse,
        lambda con: insert_incident(con, "chr-1", tlp="GREEN", originator="FR", chatham_house=True),
    )
    source = Source.live(empty_warehouse)
    for viewer, expected in ((FR_FOCAL, "FR"), (CA_FOCAL, None), (ANALYST, None)):
        with scoped_cursor(source, viewer) as cursor:
            shown = cursor.sql("select originator_member from scoped_incident()").fetchall()
        assert shown == [(expected,)], viewer.username


def test_link_rows_are_visible_only_with_their_incident(empty_warehouse: Path) -> None:
    def fill(con: duckdb.DuckDBPyConnection) -> None:
        insert_incident(con, "red-fr", tlp="RED", originator="FR")
        con.execute("insert into incident_country values ('red-fr', 'CA', 'targeted')")

    publish(empty_warehouse, fill)
    source = Source.live(empty_warehouse)
    for viewer, expected in ((FR_FOCAL, 1), (CA_FOCAL, 0), (ANALYST, 0)):
        with scoped_cursor(source, viewer, Filters()) as cursor:
            count = cursor.sql("select count(*) from scoped_incident_country()").fetchall()[0][0]
        assert count == expected, viewer.username


def test_only_admins_read_the_audit_log(empty_warehouse: Path) -> None:
    publish(
        empty_warehouse,
        lambda con: con.execute(
            "insert into access_log values (current_timestamp, 'x', 'analyst', null, 'page_view', 'page', 'overview', null)"
        ),
    )
    source = Source.live(empty_warehouse)
    for viewer, expected in ((ADMIN, 1), (ANALYST, 0), (CA_FOCAL, 0)):
        with scoped_cursor(source, viewer) as cursor:
            assert (
                cursor.sql("select count(*) from scoped_access_log()").fetchall()[0][0] == expected
            )


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("TLP:AMBER+STRICT", "AMBER+STRICT"),
        ("tlp:white", "CLEAR"),
        ("TLP:CLEAR", "CLEAR"),
        ("amber", "AMBER"),
        ("TLP: RED", "RED"),
        ("TLP:PURPLE", "RED"),
        ("", "RED"),
        (None, "RED"),
    ],
)
def test_markings_in_any_common_spelling_normalise_and_unknown_ones_become_red(
    written: str | None, level: str
) -> None:
    assert normalise_marking(written) == level


def test_member_bound_roles_require_a_member_code() -> None:
    with pytest.raises(ValueError, match="member code"):
        Principal("x", Role.FOCAL_POINT)
    with pytest.raises(ValueError, match="observer"):
        Principal("x", Role.OBSERVER, "CA")
