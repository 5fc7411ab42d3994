"""What each demo incident is: target, date, heading, threat type, actors, gender dimension, origin."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rrm_dash.demo.actors import ACTORS, actor_since_days, actor_weights
from rrm_dash.demo.frames import choice, conditional_choice
from rrm_dash.demo.profiles import (
    DEMO_START,
    FICTIONAL_CODES,
    FICTIONAL_STATES,
    INDEX,
    target_weights,
)
from rrm_dash.demo.timeline import WatchCalendar, draw_target_days

HEADINGS = ("DIP", "MIE", "HRF")
DIP, MIE, HRF = range(3)
#: Vocabulary threat_type, in rank order: six DIP, five MIE, three HRF types.
THREAT_TYPES = (
    "voter_suppression", "results_tampering", "database_theft", "election_system_intrusion",
    "political_coercion", "covert_funding", "disinformation", "account_hijacking",
    "media_impersonation", "journalist_intimidation", "media_trust_undermining",
    "transnational_repression", "diaspora_surveillance", "coercion_by_proxy",
)  # fmt: skip
_FIRST_HRF_THREAT = THREAT_TYPES.index("transnational_repression")
TNR_VECTORS = (
    "digital_threats", "spyware", "coercion_by_proxy", "mobility_controls", "co_opting_states", "direct_attack",
)  # fmt: skip
GENDER_DIMENSIONS = ("none", "targets_women", "gendered_narrative", "targets_lgbtqi")
CONTENT_ORIGINS = ("human", "ai", "uncertain")
#: Tagging contexts shared with techniques and narratives: mie, election, dip, hrf.
CONTEXT_MIE, CONTEXT_ELECTION, CONTEXT_DIP, CONTEXT_HRF = range(4)

#: Heading mix (DIP, MIE, HRF) outside and inside election watch windows, and against NATO.
_HEADING_OUTSIDE = (0.22, 0.61, 0.17)
_HEADING_INSIDE = (0.40, 0.55, 0.05)
_HEADING_NATO = (0.05, 0.95, 0.0)
#: Threat types given (heading, inside a window): rows index THREAT_TYPES.
_THREAT_WEIGHTS = {
    (DIP, False): (0.05, 0.03, 0.20, 0.15, 0.32, 0.25) + (0,) * 8,
    (DIP, True): (0.22, 0.10, 0.14, 0.18, 0.22, 0.14) + (0,) * 8,
    (MIE, False): (0,) * 6 + (0.55, 0.12, 0.15, 0.08, 0.10) + (0,) * 3,
    (MIE, True): (0,) * 6 + (0.62, 0.10, 0.14, 0.06, 0.08) + (0,) * 3,
    (HRF, False): (0,) * 11 + (0.45, 0.30, 0.25),
    (HRF, True): (0,) * 11 + (0.45, 0.30, 0.25),
}
#: NATO is targeted by information manipulation, not by harassment of its own journalists.
_THREAT_NATO = (0,) * 6 + (0.70, 0.10, 0.15, 0.0, 0.05) + (0,) * 3
#: TNR vector given the HRF threat type (rows: transnational_repression, diaspora_surveillance, proxy).
_TNR_GIVEN_THREAT = np.array(
    [
        [0.35, 0.15, 0.15, 0.15, 0.15, 0.05],
        [0.40, 0.45, 0.00, 0.15, 0.00, 0.00],
        [0.20, 0.00, 0.80, 0.00, 0.00, 0.00],
    ]
)
_PERSONAL_THREATS = {"political_coercion", "journalist_intimidation", "transnational_repression"}
ACTOR_SHARE = 0.70
SECOND_ACTOR_SHARE = 0.22
SECOND_TARGET_SHARE = 0.15


@dataclass(frozen=True)
class IncidentDraw:
    """The drawn facts of `n` incidents as parallel arrays (indices into the tuples above)."""

    target: np.ndarray
    second_target: np.ndarray
    day: np.ndarray
    election: np.ndarray
    phase: np.ndarray
    heading: np.ndarray
    threat: np.ndarray
    tnr: np.ndarray
    context: np.ndarray
    actor: np.ndarray
    second_actor: np.ndarray
    gender: np.ndarray
    origin: np.ndarray

    @property
    def n(self) -> int:
        return len(self.day)


def draw_incidents(rng: np.random.Generator, n: int, calendar: WatchCalendar) -> IncidentDraw:
    """Draw `n` incidents (sorted by first activity) against the calendar's watch windows."""
    target, day = draw_target_days(rng, n, calendar)
    return draw_attributes(rng, target, day, calendar)


def draw_attributes(
    rng: np.random.Generator, target: np.ndarray, day: np.ndarray, calendar: WatchCalendar
) -> IncidentDraw:
    """Everything else about incidents whose primary target and first day are drawn.

    Each incident's facts depend only on its own target and day, so a long run of incidents
    can be drawn a slice at a time.
    """
    election = calendar.election[target, day]
    phase = calendar.phase[target, day]
    inside = election >= 0
    heading_key = np.where(target == INDEX["NATO"], 2, inside.astype(np.int64))
    heading = conditional_choice(
        rng, heading_key, np.array([_HEADING_OUTSIDE, _HEADING_INSIDE, _HEADING_NATO])
    )
    keys = sorted(_THREAT_WEIGHTS)
    nato_mie = (target == INDEX["NATO"]) & (heading == MIE)
    threat_key = np.where(nato_mie, len(keys), heading * 2 + inside)
    threat_weights = np.array([_THREAT_WEIGHTS[k] for k in keys] + [_THREAT_NATO])
    threat = conditional_choice(rng, threat_key, threat_weights)
    tnr = np.where(
        heading == HRF,
        conditional_choice(rng, np.clip(threat - _FIRST_HRF_THREAT, 0, 2), _TNR_GIVEN_THREAT),
        -1,
    )
    context = np.select(
        [heading == HRF, inside, heading == DIP], [CONTEXT_HRF, CONTEXT_ELECTION, CONTEXT_DIP],
        default=CONTEXT_MIE,
    )  # fmt: skip
    actor, second_actor = _draw_actors(rng, target, heading, day)
    return IncidentDraw(
        target=target,
        second_target=_second_targets(rng, target),
        day=day,
        election=election,
        phase=phase,
        heading=heading,
        threat=threat,
        tnr=tnr,
        context=context,
        actor=actor,
        second_actor=second_actor,
        gender=_gender_dimension(rng, threat),
        origin=_origins(rng, actor),
    )


def _second_targets(rng: np.random.Generator, target: np.ndarray) -> np.ndarray:
    """A second targeted focal point on some incidents (never the first one)."""
    n = len(target)
    other = choice(rng, n, target_weights())
    keep = (rng.random(n) < SECOND_TARGET_SHARE) & (other != target)
    return np.where(keep, other, -1)


def _draw_actors(
    rng: np.random.Generator, target: np.ndarray, heading: np.ndarray, day: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A known actor on ~70 % of incidents, a second one on some; never before it was first seen."""
    weights = actor_weights()  # (actors, targets, headings)
    key = target * 3 + heading
    matrix = weights.transpose(1, 2, 0).reshape(-1, weights.shape[0])
    since = actor_since_days(DEMO_START)
    first = _active_draw(rng, key, matrix, since, day)
    first = np.where(rng.random(len(day)) < ACTOR_SHARE, first, -1)
    second = _active_draw(rng, key, matrix, since, day)
    keep = (first >= 0) & (second != first) & (rng.random(len(day)) < SECOND_ACTOR_SHARE)
    return first, np.where(keep, second, -1)


def _active_draw(
    rng: np.random.Generator,
    key: np.ndarray,
    matrix: np.ndarray,
    since: np.ndarray,
    day: np.ndarray,
) -> np.ndarray:
    """Draw per key, redrawing actors not yet active on the day; give up (-1) after a few tries."""
    drawn = conditional_choice(rng, key, matrix)
    for _ in range(4):
        early = np.flatnonzero(since[drawn] > day)
        if len(early) == 0:
            break
        drawn[early] = conditional_choice(rng, key[early], matrix)
    return np.where(since[drawn] > day, -1, drawn)


def _gender_dimension(rng: np.random.Generator, threat: np.ndarray) -> np.ndarray:
    """~22 % of incidents have a gender dimension; personal threats far more often."""
    personal = np.isin(threat, [THREAT_TYPES.index(t) for t in _PERSONAL_THREATS]).astype(np.int64)
    return conditional_choice(
        rng, personal, np.array([(0.80, 0.08, 0.09, 0.03), (0.55, 0.28, 0.10, 0.07)])
    )


def _origins(rng: np.random.Generator, actor: np.ndarray) -> np.ndarray:
    """Fictional origin state: the actor's sponsor, else sometimes a suspected one (-1: none)."""
    sponsor = np.array([FICTIONAL_CODES.index(a.sponsor) if a.sponsor else -1 for a in ACTORS])
    of_actor = np.where(actor >= 0, sponsor[np.maximum(actor, 0)], -1)
    guessed = choice(rng, len(actor), [s.origin_weight for s in FICTIONAL_STATES])
    guessed = np.where(rng.random(len(actor)) < 0.35, guessed, -1)
    return np.where(of_actor >= 0, of_actor, guessed)
