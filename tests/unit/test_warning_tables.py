"""Early warning tables as people read them, in English and French, each row linking to its
incidents with the viewer's filters."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import polars as pl
import pytest

from rrm_dash.analytics import election_risk as risk
from rrm_dash.analytics.signals import SIGNAL_SCHEMA
from rrm_dash.analytics.surges import SURGE_SCHEMA, SurgeRule
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.tables.warning import (
    TREND_WEEKS,
    LinkMaker,
    election_method_text,
    election_table,
    incidents_link,
    signal_table,
    surge_rule_text,
    surge_table,
)

TODAY = date(2026, 11, 22)
WEEK = date(2026, 10, 12)
DEFAULTS = Filters.default(TODAY)
NAMES = {"US": "United States", "DE": "Germany", "FR": "France", "MIE": "Media"}

SURGES = pl.DataFrame(
    [
        {
            "scope": "country",
            "key": "US",
            "week": WEEK,
            "current": 5,
            "baseline_4": 3.25,
            "baseline_52": 2.6,
            "change_4": 0.538,
            "change_52": 0.923,
            "level": "large",
        },
        {
            "scope": "heading",
            "key": "MIE",
            "week": WEEK,
            "current": 4,
            "baseline_4": 0.0,
            "baseline_52": 3.5,
            "change_4": None,
            "change_52": 0.143,
            "level": "moderate",
        },
    ],
    schema=SURGE_SCHEMA,
)
#: 20 weeks of counts up to WEEK for US (1, 2, ..., 20) and MIE (always 3).
WEEKLY = pl.DataFrame(
    [
        {"scope": scope, "key": key, "week": WEEK - timedelta(weeks=19 - i), "incidents": count}
        for i in range(20)
        for scope, key, count in (("country", "US", i + 1), ("heading", "MIE", 3))
    ]
)
SIGNALS = pl.DataFrame(
    [
        {
            "kind": "actor",
            "item": "ACT-7",
            "label": "Operation Paper Lighthouse",
            "members": ["DE", "FR", "US"],
            "incidents": 4,
            "first_seen": date(2026, 10, 10),
            "last_seen": date(2026, 10, 20),
        }
    ],
    schema=SIGNAL_SCHEMA,
)
REASONS = [
    (
        "warning.reason.activity_large",
        {"incidents": 28, "expected": 15.75, "change": 0.778, "days": 47},
    ),
    ("warning.reason.actors_active", {"count": 2, "actors": "Frost Ember, Silent Orchard"}),
]
RISKS = pl.DataFrame(
    {
        "election_id": ["us.legislative-general.2026-11-03", "nz.legislative-lower.2026-11-07"],
        "country": ["US", "NZ"],
        "country_en": ["United States", "New Zealand"],
        "country_fr": ["États-Unis", "Nouvelle-Zélande"],
        "body_en": ["Congress", "House of Representatives"],
        "body_fr": ["Congrès", "Chambre des représentants"],
        "date_start": [date(2026, 11, 3), date(2026, 11, 7)],
        "date_end": [date(2026, 11, 3), date(2026, 11, 7)],
        "period_start": [date(2026, 9, 4), date(2026, 9, 23)],
        "period_end": [date(2026, 10, 20), date(2026, 10, 20)],
        "incidents": [28, 2],
        "expected": [15.75, 1.6],
        "change": [0.778, None],
        "interference_share": [0.286, None],
        "actors": [[f"Actor {n}" for n in range(1, 9)], []],
        "level": ["high", "low"],
    }
).with_columns(
    pl.Series("reasons", [REASONS, [("warning.reason.no_incidents", {"days": 28})]], pl.Object)
)


def link_for(lang: str) -> LinkMaker:
    return lambda narrowing: incidents_link(DEFAULTS, DEFAULTS, narrowing, lang)


def query(url: str) -> dict[str, list[str]]:
    assert url.startswith("incidents?")
    return parse_qs(urlparse(url).query)


def test_a_link_keeps_the_viewers_filters_and_language_and_narrows_to_the_row() -> None:
    viewer = DEFAULTS.with_changes(
        members=("CA", "FR"), threat_types=("disinformation",), tlp=("CLEAR", "GREEN")
    )
    url = incidents_link(
        viewer, DEFAULTS, {"member": "US", "from": "2026-10-12", "to": "2026-10-18"}, "fr"
    )
    assert query(url) == {
        "member": ["US"],
        "threat": ["disinformation"],
        "tlp": ["CLEAR,GREEN"],
        "from": ["2026-10-12"],
        "to": ["2026-10-18"],
        "lang": ["fr"],
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_surge_row_reads_with_names_changes_and_level_in_the_readers_language(
    lang: str,
) -> None:
    t = translator(lang)
    table = surge_table(SURGES, WEEKLY, t, NAMES, link_for(lang))
    assert table.width == 10, "every column has its own heading"
    us, mie = table.rows(named=True)
    assert us[t("warning.column.where")] == "United States"
    assert us[t("warning.column.current")] == 5
    assert us[t("warning.column.change_4")] == ("+54%" if lang == "en" else "+54\u00a0%")
    assert us[t("warning.column.baseline_4")] == ("3.2" if lang == "en" else "3,2")
    assert us[t("warning.column.level")] == t("warning.level.large")
    assert mie[t("warning.column.where")] == "Media"
    assert mie[t("warning.column.change_4")] == t("warning.change_from_nothing")
    assert mie[t("warning.column.level")] == t("warning.level.moderate")


def test_a_surge_rows_trend_is_its_last_weeks_in_order_and_its_link_is_its_week() -> None:
    t = translator("en")
    us, mie = surge_table(SURGES, WEEKLY, t, NAMES, link_for("en")).rows(named=True)
    assert us[t("warning.column.trend")] == list(range(20 - TREND_WEEKS + 1, 21))
    assert mie[t("warning.column.trend")] == [3] * TREND_WEEKS
    assert query(us[t("warning.column.link")]) == {
        "member": ["US"],
        "from": ["2026-10-12"],
        "to": ["2026-10-18"],
        "lang": ["en"],
    }
    assert query(mie[t("warning.column.link")])["heading"] == ["MIE"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_elections_reasons_are_written_out_in_the_readers_language(lang: str) -> None:
    t = translator(lang)
    table = election_table(RISKS, t, link_for(lang))
    assert table.width == 11, "every column has its own heading"
    us, nz = table.rows(named=True)
    assert us[t("warning.column.level")] == t("warning.level.high")
    if lang == "en":
        assert us[t("warning.column.election")] == "United States — Congress"
        assert us[t("warning.column.reasons")] == (
            "28 incidents in 47 days against 15.8 expected: a large increase (+78%)."
            " 2 actors are active repeatedly against the member: Frost Ember, Silent Orchard."
        )
        assert us[t("warning.column.actors")] == (
            "Actor 1, Actor 2, Actor 3, Actor 4, Actor 5 and 3 more"
        )
    else:
        assert us[t("warning.column.election")] == "États-Unis — Congrès"
        assert us[t("warning.column.reasons")].startswith(
            "28 incidents en 47 jours pour 15,8 attendus : une forte hausse (+78\u00a0%)."
        )
        assert us[t("warning.column.actors")].endswith("Actor 5 et 3 autres")
    assert nz[t("warning.column.change")] == "—"
    assert nz[t("warning.column.interference")] == "—"
    assert nz[t("warning.column.reasons")] == t("warning.reason.no_incidents", days="28")


def test_an_elections_link_opens_the_incidents_its_risk_was_read_from() -> None:
    t = translator("en")
    us = election_table(RISKS, t, link_for("en")).row(0, named=True)
    assert query(us[t("warning.column.link")]) == {
        "member": ["US"],
        "from": ["2026-09-04"],
        "to": ["2026-10-20"],
        "lang": ["en"],
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_signal_row_names_the_members_and_links_to_their_incidents_with_the_actor(
    lang: str,
) -> None:
    t = translator(lang)
    table = signal_table(SIGNALS, t, NAMES, link_for(lang))
    assert table.width == 8, "every column has its own heading"
    row = table.row(0, named=True)
    assert row[t("warning.column.kind")] == t("warning.kind.actor")
    assert row[t("warning.column.what")] == "Operation Paper Lighthouse"
    assert row[t("warning.column.members")] == "Germany, France, United States"
    assert row[t("warning.column.member_count")] == 3
    assert query(row[t("warning.column.link")]) == {
        "member": ["DE,FR,US"],
        "actor": ["ACT-7"],
        "from": ["2026-10-10"],
        "to": ["2026-10-20"],
        "lang": [lang],
    }


def test_empty_frames_give_empty_tables_with_their_headings() -> None:
    t = translator("fr")
    assert surge_table(SURGES.clear(), WEEKLY, t, NAMES, link_for("fr")).shape == (0, 10)
    assert signal_table(SIGNALS.clear(), t, NAMES, link_for("fr")).shape == (0, 8)
    assert election_table(RISKS.clear(), t, link_for("fr")).shape == (0, 11)


def test_the_surge_rule_on_the_page_states_the_thresholds_applied() -> None:
    en = surge_rule_text(SurgeRule(), translator("en"))
    assert "**large** above +25%" in en and "**moderate** from +10% to +25%" in en
    assert "fewer than 3 incidents in the week itself" in en
    stricter = surge_rule_text(SurgeRule(large_above=0.5, min_baseline_weeks=12), translator("fr"))
    assert "**forte** au-delà de +50\u00a0%" in stricter
    assert "moins de 12 de ces semaines" in stricter


def test_the_election_method_lists_every_interference_technique() -> None:
    text = election_method_text(translator("en"), {"T0029": "T0029 Online Polls"})
    assert "T0029 Online Polls" in text
    assert all(code in text for code in risk.INTERFERENCE_TECHNIQUES)
    assert "**High** risk from 3 points" in text


def test_an_empty_narrowing_clears_the_viewers_filter_from_the_link() -> None:
    chosen = DEFAULTS.with_changes(election="fr.presidential.2027-04-18")
    url = incidents_link(chosen, DEFAULTS, {"member": "FR", "election": ""}, "en")
    query = parse_qs(urlparse(url).query)
    assert query["member"] == ["FR"] and "election" not in query
