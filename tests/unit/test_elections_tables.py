"""Election tables and links as people read them, in English and French."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlparse

import polars as pl

from rrm_dash.i18n import translator
from rrm_dash.queries.elections import compare_with_baseline
from rrm_dash.tables.elections import (
    baseline_sentence,
    election_calendar_table,
    election_labels,
    election_links,
)

TODAY = date(2026, 11, 22)
CALENDAR = pl.DataFrame(
    {
        "election_id": ["fr.presidential.2027-05-02", "ca.legislative-lower.2025-04-28"],
        "country": ["FR", "CA"],
        "country_en": ["France", "Canada"],
        "country_fr": ["France", "Canada"],
        "election_type_en": ["Presidential", "Legislative (lower house)"],
        "election_type_fr": ["Présidentielle", "Législatives (chambre basse)"],
        "body_en": ["President", "House of Commons"],
        "body_fr": ["Président", "Chambre des communes"],
        "date_start": [date(2027, 5, 2), date(2025, 4, 28)],
        "date_end": [date(2027, 5, 2), date(2025, 4, 28)],
        "round": [2, 1],
        "status_en": ["Date not confirmed", "Held"],
        "status_fr": ["Date non confirmée", "Tenue"],
        "watch_window_start": [date(2027, 3, 3), date(2025, 2, 27)],
        "watch_window_end": [date(2027, 5, 16), date(2025, 5, 12)],
        "upcoming": [True, False],
        "days_to_vote": [161, -573],
    }
)


def test_the_timeline_link_carries_the_election_member_window_and_language() -> None:
    timeline, incident_map = election_links(
        "ca.legislative-lower.2025-04-28", "CA", (date(2025, 2, 27), date(2025, 5, 12)), TODAY, "fr"
    )
    assert timeline.startswith("timeline?")
    assert parse_qs(urlparse(timeline).query) == {
        "election": ["ca.legislative-lower.2025-04-28"],
        "member": ["CA"],
        "from": ["2025-02-27"],
        "to": ["2025-05-12"],
        "lang": ["fr"],
    }
    assert incident_map.startswith("map?")
    assert parse_qs(urlparse(incident_map).query) == {
        "member": ["CA"],
        "from": ["2025-02-27"],
        "to": ["2025-05-12"],
        "lang": ["fr"],
    }


def test_links_stop_at_today_for_a_window_still_under_way() -> None:
    timeline, _ = election_links("x", "US", (date(2026, 9, 4), date(2026, 12, 1)), TODAY, "en")
    assert parse_qs(urlparse(timeline).query)["to"] == ["2026-11-22"]


def test_the_comparison_reads_count_versus_baseline_with_a_signed_change() -> None:
    assert baseline_sentence(compare_with_baseline(47, 25.14), translator("en")) == (
        "47 incidents vs baseline 25.1 (+87%)"
    )
    french = baseline_sentence(compare_with_baseline(10, 20.0), translator("fr"))
    assert french == "10 incidents contre une référence de 20 (-50\u00a0%)"


def test_a_thin_baseline_is_said_to_be_too_thin_to_compare() -> None:
    sentence = baseline_sentence(compare_with_baseline(4, 0.5), translator("en"))
    assert sentence == "4 incidents; baseline 0.5, too thin to compare"


def test_the_calendar_names_members_labels_and_dates_in_the_reader_language() -> None:
    t = translator("fr")
    table = election_calendar_table(CALENDAR, t)
    assert table[t("elections.column.country")].to_list() == ["France", "Canada"]
    assert table[t("elections.column.type")].to_list()[0] == "Présidentielle"
    assert table[t("elections.column.status")].to_list()[1] == "Tenue"
    assert table[t("elections.column.days_to_vote")].to_list() == [161, None]
    assert "mars 2027" in table[t("elections.column.watch")][0]


def test_elections_are_offered_by_member_body_date_and_round() -> None:
    labels = election_labels(CALENDAR, translator("en"))
    assert labels["fr.presidential.2027-05-02"] == "France — President, 2 May 2027 (round 2)"
    assert labels["ca.legislative-lower.2025-04-28"] == "Canada — House of Commons, 28 Apr 2025"
