"""The explorer's table, downloads and detail read as people read them, in English and French."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import polars as pl
import pytest

from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.tables import incident_detail as detail
from rrm_dash.tables.incidents import (
    clamp_page,
    csv_payload,
    export_label,
    incident_table,
    page_count,
)

PAGE = pl.DataFrame(
    {
        "incident_id": ["INC-1", "INC-2"],
        "detected_at": [datetime(2026, 4, 18, 9, 30), datetime(2026, 4, 17, 8, 0)],
        "title": ['Fake ballots, "quoted"', "Exiles threatened"],
        "heading": ["DIP", "HRF"],
        "heading_en": ["Democratic institutions and processes", "Human rights"],
        "heading_fr": ["Institutions et processus démocratiques", "Droits de la personne"],
        "threat_type": ["voter_suppression", "transnational_repression"],
        "threat_type_en": ["Voter suppression", "Transnational repression"],
        "threat_type_fr": ["Entrave au vote", "Répression transnationale"],
        "targeted_en": ["Canada, France", None],
        "targeted_fr": ["Canada, France", None],
        "tlp": ["AMBER", "GREEN"],
        "status": ["new", "closed"],
        "status_en": ["New", "Closed"],
        "status_fr": ["Nouveau", "Clos"],
        "reach_estimate": [100, None],
    }
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_table_shows_names_dates_and_tlp_in_words(lang: str) -> None:
    t = translator(lang)
    table = incident_table(PAGE, t)
    assert table.columns[0] == t("incidents.column.detected")
    assert table[t("incidents.column.detected")][0] == (
        "18 Apr 2026" if lang == "en" else "18 avr. 2026"
    )
    assert table[t("incidents.column.heading")].to_list() == PAGE[f"heading_{lang}"].to_list()
    assert table[t("incidents.column.tlp")].to_list() == ["TLP:AMBER", "TLP:GREEN"]
    assert table[t("incidents.column.targeted")].to_list() == ["Canada, France", ""]


def test_an_empty_page_is_an_empty_table_with_its_columns() -> None:
    t = translator("en")
    table = incident_table(PAGE.clear(), t)
    assert table.is_empty() and t("incidents.column.title") in table.columns


def test_the_page_download_holds_the_page_titles_for_excel() -> None:
    payload = csv_payload(incident_table(PAGE, translator("fr")))
    assert payload.startswith("\ufeff")
    assert "Exiles threatened" in payload and '"Fake ballots, ""quoted"""' in payload
    assert "Détecté le" in payload


def test_pages_and_page_numbers_stay_in_range() -> None:
    assert page_count(0, 50) == 1
    assert page_count(100, 50) == 2
    assert page_count(101, 50) == 3
    assert clamp_page(9, 101, 50) == 3
    assert clamp_page(0, 101, 50) == 1


def test_the_whole_result_download_says_when_it_is_capped() -> None:
    en, fr = translator("en"), translator("fr")
    assert export_label(en, 10_000, 10_000) == en("incidents.download_all")
    assert "10,000" in export_label(en, 10_001, 10_000)
    assert "10\u202f000" in export_label(fr, 10_001, 10_000)


def _detail_row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "incident_id": "INC-1",
        "first_activity": date(2026, 4, 1),
        "last_activity": None,
        "detected_at": datetime(2026, 4, 18, 9, 30),
        "assessed_at": None,
        "notified_at": None,
        "published_at": None,
        "created_at": datetime(2026, 4, 18, 9, 30),
        "updated_at": datetime(2026, 4, 18, 9, 30),
        "reach_estimate": 12345,
        "place_name": None,
        "tlp": "AMBER",
        "originator_member": "FR",
        "originator_en": "France",
        "originator_fr": "France",
        "chatham_house": False,
        "stix_id": None,
        "election_id": "fr.presidential.2027-04-10",
        "election_body_en": "President",
        "election_body_fr": "Président",
        "election_country_en": "France",
        "election_country_fr": "France",
        "election_date_start": date(2027, 4, 10),
        "election_date_end": date(2027, 4, 10),
        "watch_window_start": date(2027, 2, 10),
        "watch_window_end": date(2027, 5, 10),
    }
    for stem in (
        "heading", "threat_type", "tnr_vector", "status", "attribution_status", "likelihood",
        "analytic_confidence", "source_reliability", "info_credibility", "breakout_scale",
        "content_origin", "gender_dimension", "election_phase", "pap", "releasable_to",
    ):  # fmt: skip
        row[f"{stem}_en"], row[f"{stem}_fr"] = f"{stem} EN", f"{stem} FR"
    row.update(changes)
    return row


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_detail_lists_every_field_with_labels_in_the_reader_language(lang: str) -> None:
    t = translator(lang)
    facts = detail.incident_facts(_detail_row(), t)
    values = dict(zip(*[facts[column].to_list() for column in facts.columns], strict=True))
    assert values[t("incidents.field.threat_type")] == f"threat_type {lang.upper()}"
    assert values[t("incidents.field.tlp")] == "TLP:AMBER"
    assert values[t("incidents.field.originator")] == "France"
    assert values[t("incidents.field.assessed_at")] == t("incidents.detail.not_recorded")
    assert values[t("incidents.field.reach")] == ("12,345" if lang == "en" else "12\u202f345")
    assert len(values) == 30


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_withheld_originator_says_chatham_house_in_the_reader_language(lang: str) -> None:
    t = translator(lang)
    row = _detail_row(originator_member=None, originator_en=None, originator_fr=None)
    assert detail.originator_text(row, t) == t("incidents.detail.withheld")


def test_the_election_reads_with_its_voting_day_and_watch_window() -> None:
    text = detail.election_text(_detail_row(), translator("en"))
    assert text == "President, France: voting 10 Apr 2027; watch window 10 Feb 2027 – 10 May 2027."
    assert detail.election_text(_detail_row(election_id=None), translator("en")) is None


def test_sources_keep_urls_as_data_and_say_which_are_claims() -> None:
    t = translator("fr")
    sources = pl.DataFrame(
        {
            "url": ["https://example.org/a"],
            "archive_url": [None],
            "category_en": ["Media report"],
            "category_fr": ["Article de presse"],
            "is_claim": [True],
            "published_on": [date(2026, 4, 1)],
        }
    )
    table = detail.sources_table(sources, t)
    assert table[t("incidents.column.url")].to_list() == ["https://example.org/a"]
    assert table[t("incidents.column.is_claim")].to_list() == ["Oui"]
    assert table[t("incidents.column.source_category")].to_list() == ["Article de presse"]


def test_actor_roles_are_translated() -> None:
    actors = pl.DataFrame(
        {
            "actor_id": ["A"], "name": ["Harbour Network"], "role": ["amplifier"],
            "kind_en": ["State proxy"], "kind_fr": ["Mandataire d'un État"],
            "sponsor_en": ["Aurelia"], "sponsor_fr": ["Aurélie"],
        }
    )  # fmt: skip
    table = detail.actors_table(actors, translator("fr"))
    assert table.row(0) == ("Harbour Network", "Amplificateur", "Mandataire d'un État", "Aurélie")


def test_data_shown_through_markdown_cannot_inject_links_or_directives() -> None:
    escaped = detail.markdown_text("[click](https://evil.example) :red[alarm] **bold**")
    assert "\\[click\\]\\(https\\://evil\\.example\\)" in escaped
    assert "\\:red\\[alarm\\]" in escaped and "\\*\\*bold\\*\\*" in escaped


def test_an_unknown_channel_reads_not_recorded_in_the_reader_language() -> None:
    platforms = pl.DataFrame(
        {
            "platform_en": ["TikTok"], "platform_fr": ["TikTok"], "handle": [None],
            "exposure_en": [None], "exposure_fr": [None],
        },
        schema_overrides={"handle": pl.String, "exposure_en": pl.String, "exposure_fr": pl.String},
    )  # fmt: skip
    t = translator("fr")
    table = detail.platforms_table(platforms, t)
    assert table.row(0) == (
        "TikTok",
        t("incidents.detail.not_recorded"),
        t("incidents.detail.not_recorded"),
    )
