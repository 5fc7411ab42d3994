"""The top alerts: the largest surge, the election most at risk, the widest cross-member signal."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from rrm_dash.analytics.alerts import (
    MESSAGE_KEYS,
    Alert,
    alert_text,
    election_alerts,
    signal_alerts,
    surge_alerts,
    top_alerts,
)
from rrm_dash.analytics.election_risk import REASON_KEYS
from rrm_dash.analytics.signals import SIGNAL_SCHEMA
from rrm_dash.analytics.surges import SURGE_SCHEMA
from rrm_dash.i18n import LANGUAGES, catalogue, translator

WEEK = date(2026, 10, 12)


def surges(*rows: tuple[str, str, int, float | None, float, str]) -> pl.DataFrame:
    """(scope, key, current, change_4, change_52, level) rows in find_surges' shape."""
    return pl.DataFrame(
        [
            {
                "scope": scope,
                "key": key,
                "week": WEEK,
                "current": current,
                "baseline_4": 2.0,
                "baseline_52": 2.0,
                "change_4": change_4,
                "change_52": change_52,
                "level": level,
            }
            for scope, key, current, change_4, change_52, level in rows
        ],
        schema=SURGE_SCHEMA,
    )


def risks(*rows: tuple[str, str, int, float | None, str]) -> pl.DataFrame:
    """(election_id, country, points, change, level) rows in election_risk's shape."""
    return pl.DataFrame(
        [
            {
                "election_id": election_id,
                "country": country,
                "date_start": date(2026, 11, 3),
                "period_start": date(2026, 9, 4),
                "period_end": date(2026, 10, 20),
                "incidents": 28,
                "change": change,
                "points": points,
                "level": level,
            }
            for election_id, country, points, change, level in rows
        ]
    )


def signals(*rows: tuple[str, str, list[str], int]) -> pl.DataFrame:
    """(kind, item, members, incidents) rows in cross_member_signals' shape."""
    return pl.DataFrame(
        [
            {
                "kind": kind,
                "item": item,
                "label": f"label of {item}",
                "members": members,
                "incidents": incidents,
                "first_seen": date(2026, 10, 7),
                "last_seen": date(2026, 10, 20),
            }
            for kind, item, members, incidents in rows
        ],
        schema=SIGNAL_SCHEMA,
    )


NO_SURGES = surges()
NO_RISKS = pl.DataFrame(
    schema={"election_id": pl.String, "country": pl.String, "points": pl.Int64, "level": pl.String}
)
NO_SIGNALS = signals()


def test_the_three_alerts_are_the_largest_surge_the_highest_risk_and_the_widest_signal() -> None:
    chosen = top_alerts(
        surges(
            ("country", "DE", 4, 0.15, 0.12, "moderate"),
            ("country", "US", 5, 0.54, 0.93, "large"),
        ),
        risks(
            ("fr.presidential", "FR", 2, 0.4, "elevated"),
            ("us.general", "US", 4, 0.78, "high"),
        ),
        signals(
            ("narrative", "NAR-2", ["DE", "FR"], 6),
            ("actor", "ACT-1", ["AU", "DE", "US"], 3),
        ),
    )
    assert [(alert.kind, alert.key) for alert in chosen] == [
        ("surge", "country:US"),
        ("election", "us.general"),
        ("signal", "actor:ACT-1"),
    ]
    assert all(alert.level == "high" for alert in chosen)


def test_the_most_severe_of_the_kinds_leads() -> None:
    chosen = top_alerts(
        surges(("heading", "MIE", 9, 0.5, 0.12, "moderate")),
        risks(("us.general", "US", 4, 0.78, "high")),
        signals(("actor", "ACT-1", ["AU", "DE"], 3)),
    )
    assert [alert.kind for alert in chosen] == ["election", "surge", "signal"]
    assert [alert.level for alert in chosen] == ["high", "elevated", "elevated"]


def test_a_kind_without_alerts_leaves_its_place_to_the_next_best_of_the_others() -> None:
    chosen = top_alerts(
        surges(
            ("country", "US", 5, 0.54, 0.93, "large"),
            ("country", "DE", 4, 0.15, 0.12, "moderate"),
        ),
        risks(("us.general", "US", 4, 0.78, "high")),
        NO_SIGNALS,
    )
    assert [alert.key for alert in chosen] == ["country:US", "us.general", "country:DE"]
    assert top_alerts(NO_SURGES, NO_RISKS, NO_SIGNALS) == []


def test_an_election_at_low_risk_is_not_an_alert() -> None:
    assert election_alerts(risks(("nz.general", "NZ", 0, None, "low"))) == []
    elevated = election_alerts(
        risks(("nz.general", "NZ", 0, None, "low"), ("fr.presidential", "FR", 2, 0.1, "elevated"))
    )
    assert [alert.key for alert in elevated] == ["fr.presidential"]


def test_the_largest_surge_is_judged_by_the_smaller_of_its_two_changes() -> None:
    ranked = surge_alerts(
        surges(
            ("country", "GB", 6, 0.30, 3.00, "large"),  # smaller change +30 %
            ("country", "US", 4, 0.60, 0.50, "large"),  # smaller change +50 %
            ("country", "CA", 3, None, 0.40, "large"),  # no short baseline: +40 % counts
        )
    )
    assert [alert.key for alert in ranked] == ["country:US", "country:CA", "country:GB"]
    assert ranked[1].params["change"] == pytest.approx(0.40)


def test_each_alert_links_to_its_own_incidents() -> None:
    country, heading = surge_alerts(
        surges(
            ("country", "US", 5, 0.54, 0.93, "large"),
            ("heading", "MIE", 9, 0.2, 0.12, "moderate"),
        )
    )
    assert country.link_params == {"member": "US", "from": "2026-10-12", "to": "2026-10-18"}
    assert heading.link_params == {"heading": "MIE", "from": "2026-10-12", "to": "2026-10-18"}
    (election,) = election_alerts(risks(("us.general", "US", 4, 0.78, "high")))
    # the risk counts every incident against the country, so the link clears any election filter
    assert election.link_params == {
        "member": "US",
        "election": "",
        "from": "2026-09-04",
        "to": "2026-10-20",
    }
    actor, techniques, narrative = signal_alerts(
        signals(
            ("actor", "ACT-1", ["AU", "DE", "US"], 3),
            ("techniques", "T0049.001+T0085.003", ["DE", "FR"], 3),
            ("narrative", "NAR-2", ["DE", "FR"], 2),
        )
    )
    period = {"from": "2026-10-07", "to": "2026-10-20"}
    assert actor.link_params == {"member": "AU,DE,US", "actor": "ACT-1", **period}
    assert techniques.link_params == {
        "member": "DE,FR",
        "technique": "T0049.001,T0085.003",
        **period,
    }
    assert narrative.link_params == {"member": "DE,FR", **period}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "United States: 5 incidents in the week of 12 Oct 2026, +54% on a usual week."),
        (
            "fr",
            "États-Unis : 5 incidents la semaine du 12 oct. 2026, +54\u00a0% par rapport à une"
            " semaine ordinaire.",
        ),
    ],
)
def test_an_alert_reads_in_the_readers_language_with_names_for_codes(
    lang: str, expected: str
) -> None:
    (alert,) = surge_alerts(surges(("country", "US", 5, 0.54, 0.93, "large")))
    names = {"US": "United States" if lang == "en" else "États-Unis"}
    assert alert_text(alert, translator(lang), names) == expected


def test_a_signal_alert_names_its_members() -> None:
    (alert,) = signal_alerts(signals(("actor", "ACT-1", ["AU", "DE", "US"], 3)))
    text = alert_text(alert, translator("en"), {"AU": "Australia", "DE": "Germany"})
    assert text == (
        "Actor label of ACT-1 seen against 3 members since 7 Oct 2026: Australia, Germany, US."
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", MESSAGE_KEYS + REASON_KEYS)
def test_every_alert_and_reason_message_exists_in_both_languages(lang: str, key: str) -> None:
    assert key in catalogue(lang)


def test_alerts_of_every_kind_speak_one_scale_of_severity() -> None:
    alerts: list[Alert] = [
        *surge_alerts(surges(("country", "US", 5, 0.54, 0.93, "large"))),
        *surge_alerts(surges(("country", "DE", 4, 0.15, 0.12, "moderate"))),
        *election_alerts(risks(("us.general", "US", 4, 0.78, "high"))),
        *election_alerts(risks(("fr.presidential", "FR", 2, 0.1, "elevated"))),
        *signal_alerts(signals(("actor", "ACT-1", ["AU", "DE", "US"], 3))),
        *signal_alerts(signals(("actor", "ACT-2", ["AU", "DE"], 3))),
    ]
    assert [alert.level for alert in alerts] == ["high", "elevated"] * 3
    assert [alert.severity for alert in alerts] == [2, 1] * 3


def test_a_country_surging_several_weeks_is_one_alert_its_largest() -> None:
    weeks = pl.concat(
        [
            surges(("country", "FR", 5, 0.4, 0.5, "large")),
            surges(("country", "FR", 9, 0.9, 1.2, "large")).with_columns(
                pl.lit(WEEK - timedelta(weeks=1)).alias("week")
            ),
            surges(("country", "DE", 4, 0.3, 0.3, "large")),
        ]
    )
    alerts = surge_alerts(weeks)
    assert [alert.key for alert in alerts] == ["country:FR", "country:DE"]
    assert alerts[0].params["current"] == 9
