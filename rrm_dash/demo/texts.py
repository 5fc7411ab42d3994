"""English titles and summaries of demo incidents, composed from templates, all marked synthetic."""

from __future__ import annotations

import numpy as np
import polars as pl

from rrm_dash.demo.actors import ACTORS
from rrm_dash.demo.frames import dates, labels
from rrm_dash.demo.incidents import THREAT_TYPES, IncidentDraw
from rrm_dash.demo.lifecycle import Lifecycle
from rrm_dash.demo.narratives import NARRATIVES
from rrm_dash.demo.profiles import CODES, DEMO_START, IN_SENTENCE
from rrm_dash.demo.timeline import WatchCalendar

SYNTHETIC = "(Synthetic demo record.)"
#: Title templates per threat type: {actor}, {narrative} and {where} are filled per incident.
TITLES: dict[str, tuple[str, str]] = {
    "voter_suppression": ("False voting-procedure claims circulate {where}", "{actor} spreads wrong polling information {where}"),
    "results_tampering": ("Fabricated claims of altered results {where}", "Attempt to interfere with results reporting {where}"),
    "database_theft": ("Stolen party database offered online {where}", "Voter data leak claimed by {actor} {where}"),
    "election_system_intrusion": ("Intrusion attempt on election systems {where}", "{actor} probes electoral infrastructure {where}"),
    "political_coercion": ("Elected officials threatened {where}", "{actor} blackmail attempt against political figures {where}"),
    "covert_funding": ("Covert funding of political groups {where}", "{actor} routes undeclared funds to campaigns {where}"),
    "disinformation": ("{actor} pushes {narrative} {where}", "Coordinated accounts spread {narrative} {where}"),
    "account_hijacking": ("Hijacked accounts relay {narrative} {where}", "{actor} takes over verified pages {where}"),
    "media_impersonation": ("Spoofed news sites imitate local media {where}", "{actor} clones outlet pages to push {narrative} {where}"),
    "journalist_intimidation": ("Coordinated harassment of journalists {where}", "{actor} targets reporters with threats {where}"),
    "media_trust_undermining": ("Campaign to discredit independent media {where}", "{actor} pushes {narrative} to undermine trust in media {where}"),
    "transnational_repression": ("Diaspora activists pressured {where}", "{actor} intimidates human rights defenders {where}"),
    "diaspora_surveillance": ("Surveillance of a diaspora community {where}", "{actor} monitors diaspora groups {where}"),
    "coercion_by_proxy": ("Relatives of exiles threatened to silence critics {where}", "{actor} pressures families of activists {where}"),
}  # fmt: skip
#: What the incident did, for the summary's first sentence.
ACTS: dict[str, str] = {
    "voter_suppression": "circulated false information about how, when or where to vote",
    "results_tampering": "sought to cast doubt on, or interfere with, the reporting of results",
    "database_theft": "obtained and offered voter or party data",
    "election_system_intrusion": "probed systems used to run the election",
    "political_coercion": "threatened or sought to blackmail political actors",
    "covert_funding": "channelled undeclared money to political groups",
    "disinformation": "ran a coordinated disinformation effort",
    "account_hijacking": "took over accounts or sites to relay its content",
    "media_impersonation": "impersonated established media outlets",
    "journalist_intimidation": "harassed and threatened journalists",
    "media_trust_undermining": "sought to discredit independent media",
    "transnational_repression": "pressured members of diaspora communities and rights defenders",
    "diaspora_surveillance": "monitored members of a diaspora community",
    "coercion_by_proxy": "threatened relatives abroad to silence critics",
}
_PHASE_WORDS = ("ahead of the {body} vote in {country}", "ahead of the {body} vote in {country}",
                "during the {body} vote in {country}", "after the {body} vote in {country}")  # fmt: skip


def _where(draw: IncidentDraw, calendar: WatchCalendar) -> pl.Series:
    """'targeting France', or 'ahead of the President vote in France' inside a watch window."""
    country = labels([IN_SENTENCE[c] for c in CODES], draw.target)
    body = labels(
        calendar.election_bodies or ("",), np.where(draw.election >= 0, draw.election, -1)
    )
    phase = labels(_PHASE_WORDS, draw.phase)
    frame = pl.DataFrame({"country": country, "body": body, "phase": phase})
    return frame.select(
        pl.when(pl.col("phase").is_null())
        .then("targeting " + pl.col("country"))
        .otherwise(
            pl.col("phase")
            .str.replace("{body}", pl.col("body"), literal=True)
            .str.replace("{country}", pl.col("country"), literal=True)
        )
        .alias("where")
    ).to_series()


def title_and_summary(
    rng: np.random.Generator,
    draw: IncidentDraw,
    life: Lifecycle,
    calendar: WatchCalendar,
    first_narrative: np.ndarray,
) -> pl.DataFrame:
    """The incident's title and summary columns."""
    n = draw.n
    variant = rng.integers(0, 2, n)
    # Unattributed incidents use the variant that does not name an actor where there is one.
    templates = [TITLES[t][v] for t in THREAT_TYPES for v in range(2)]
    template_index = draw.threat * 2 + variant
    names_actor = np.array(["{actor}" in t for t in templates])
    flip = names_actor[template_index] & (draw.actor < 0)
    template_index = np.where(flip, draw.threat * 2 + (1 - variant), template_index)
    actor = labels([a.name for a in ACTORS], draw.actor).fill_null("An unidentified network")
    narrative = labels([f"'{s.name}'" for s in NARRATIVES], first_narrative)
    frame = pl.DataFrame(
        {
            "template": labels(templates, template_index),
            "actor": actor,
            "narrative": narrative.fill_null("divisive content"),
            "pushing": (", pushing " + narrative).fill_null(""),
            "where": _where(draw, calendar),
            "act": labels([ACTS[t] for t in THREAT_TYPES], draw.threat),
            "first": dates(DEMO_START, draw.day, "first").cast(pl.String),
            "last": dates(DEMO_START, life.last_day, "last").cast(pl.String),
        }
    )
    title = (
        pl.col("template")
        .str.replace("{actor}", pl.col("actor"), literal=True)
        .str.replace("{narrative}", pl.col("narrative"), literal=True)
        .str.replace("{where}", pl.col("where"), literal=True)
    )
    summary = pl.concat_str(
        [
            pl.col("actor"), pl.lit(" "), pl.col("act"), pl.lit(" "), pl.col("where"),
            pl.col("pushing"), pl.lit(". Activity was seen from "),
            pl.col("first"), pl.lit(" to "), pl.col("last"), pl.lit(". " + SYNTHETIC),
        ]
    )  # fmt: skip
    return frame.select(title.alias("title"), summary.alias("summary"))
