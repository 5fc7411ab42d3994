"""The Incidents search finds exactly what a plain ILIKE over title and summary finds, for the
incidents the viewer may see, however the trigram index narrows it; and it follows the data."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.reference import load_reference
from rrm_dash.queries import incidents
from rrm_dash.queries.runner import Source, scoped_cursor
from rrm_dash.warehouse.snapshot import live_snapshot, next_snapshot
from tests.conftest import TODAY, insert_incident

ANALYST = Principal("analyst", Role.ANALYST)
AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
FR_MEMBER = Principal("fr-focal-point", Role.FOCAL_POINT, "FR")
EVERYTHING = Filters()

#: (title, summary) of the incidents searched, chosen to trip a signature that loses a match.
TEXTS = [
    ("Disinformation about the diaspora", "Accounts posed as journalists before polling day."),
    ("DIASPORA groups targeted", None),
    ("Écoles fermées à Montréal", "Rumeurs sur l'ÉLECTION et les bureaux de vote."),
    ("Straße in München", "Große Kampagne; ǅemal and İstanbul accounts."),
    ("A 100% fake claim", "file_name leak with 50_000 rows"),
    ("A 1000 fake claim", "Backslash \\ path and percent % sign"),
    ("Title ends here", "summary starts here"),
    ("ab", "x"),
    ("Operation Glass Harbor", "Operation Glass Harbor ran a campaign (Synthetic demo record.)"),
    ("Σίσυφος ΣΊΣΥΦΟΣ", "Ελληνικά και русский ТЕКСТ 😀 emoji"),
    ("Funds hijacked", "Covert funds moved through hijacked accounts, 2026-03-14."),
]
NEEDLES = [
    "diaspora", "DIASPORA", "Diaspora", "journalists", "polling day", "a", "e", "ab", "é", "É",
    "éc", "ÉCOLES", "électi", "montréal", "strasse", "straße", "STRASSE", "mÜnch", "ǆemal",
    "ǅemal", "istanbul", "i̇stanbul", "%", "100%", "_", "file_name", "file%name", "50_0", "\\",
    "\\ path", "% sign", "here summary", "ends heresummary", "here", "σίσυφος", "ΣΊΣ", "русский",
    "текст", "😀", "glass harbor", "operation glass harbor ran", "(synthetic", "record.)",
    "2026-03", "-03-", "hijacked accounts", "nothing like this", "xyz", " ", "  funds  ", "f",
    "ds hi", "ab x",
]  # fmt: skip


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    for number, (title, summary) in enumerate(TEXTS):
        insert_incident(
            con,
            f"t-{number:02d}",
            tlp="GREEN",
            originator="FR",
            title=title,
            detected=TODAY - timedelta(days=number),
        )
        con.execute(
            "update incident set summary = $summary where incident_id = $id",
            {"summary": summary, "id": f"t-{number:02d}"},
        )
    insert_incident(con, "red-canary", tlp="RED", originator="FR", title="Canary diaspora zebra")
    insert_incident(con, "amber-canary", tlp="AMBER", originator="FR",
                    title="Amber diaspora zebra")  # fmt: skip


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "rrm.duckdb"
    publish(path, lambda con: load_reference(con, TODAY), start_empty=True)
    publish(path, _fill)
    return path


def _plain_ilike(source: Source, viewer: Principal, search: str) -> set[str]:
    """What the search found before the index: an ILIKE over every visible incident."""
    needle = search.strip()
    with scoped_cursor(source, viewer, EVERYTHING) as cursor:
        rows = cursor.sql(
            "select incident_id from scoped_incident() where $needle = '' or title ilike"
            " '%' || replace(replace(replace($needle, '\\', '\\\\'), '%', '\\%'), '_', '\\_')"
            " || '%' escape '\\' or coalesce(summary, '') ilike"
            " '%' || replace(replace(replace($needle, '\\', '\\\\'), '%', '\\%'), '_', '\\_')"
            " || '%' escape '\\'",
            params={"needle": needle},
        ).fetchall()
    return {row[0] for row in rows}


def _found(source: Source, viewer: Principal, search: str) -> set[str]:
    page = incidents.incident_page(source, viewer, EVERYTHING, search=search, page_size=1000)
    assert incidents.incident_count(source, viewer, EVERYTHING, search=search) == page.height
    return set(page["incident_id"].to_list())


@pytest.mark.parametrize("search", NEEDLES)
def test_the_search_finds_exactly_what_a_plain_ilike_finds(published: Path, search: str) -> None:
    source = Source.live(published)
    assert _found(source, ANALYST, search) == _plain_ilike(source, ANALYST, search)


def test_a_search_spanning_title_and_summary_finds_nothing(published: Path) -> None:
    source = Source.live(published)
    assert _found(source, ANALYST, "here summary") == set()
    assert _found(source, ANALYST, "ends here") == {"t-06"}


def test_two_letter_and_one_letter_searches_still_find_their_incidents(published: Path) -> None:
    source = Source.live(published)
    assert "t-07" in _found(source, ANALYST, "ab")
    assert _found(source, ANALYST, "😀") == {"t-09"}


def test_a_hidden_incident_is_never_found_by_a_viewer_who_may_not_see_it(
    published: Path,
) -> None:
    source = Source.live(published)
    assert _found(source, AU_OBSERVER, "zebra") == set()
    assert _found(source, ANALYST, "zebra") == {"amber-canary"}  # RED: originator only
    assert _found(source, FR_MEMBER, "zebra") == {"red-canary", "amber-canary"}
    assert _found(source, ANALYST, "canary") == set()


def test_the_index_follows_a_title_changed_as_the_write_path_changes_it(
    published: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "rrm.duckdb"
    snapshot = tmp_path / "snapshot.duckdb"
    shutil.copyfile(live_snapshot(published), snapshot)
    copy.symlink_to(snapshot)
    with next_snapshot(copy) as con:
        con.execute(
            "update incident set title = 'Renamed quokka case',"
            " updated_at = updated_at + interval 1 second where incident_id = 't-00'"
        )
    source = Source.live(copy)
    assert _found(source, ANALYST, "quokka") == {"t-00"}
    assert "t-00" not in _found(source, ANALYST, "disinformation about")


def test_signature_bits_computed_in_sql_match_the_index(published: Path) -> None:
    """The page query hashes the search text in SQL; the index hashes titles in Python. Every
    title must carry every bit its own text asks for, or the index would lose matches."""
    source = Source.live(published)
    for title, _ in TEXTS:
        assert _found(source, ANALYST, title) >= _plain_ilike(source, ANALYST, title)
        assert _found(source, ANALYST, title)
