"""Who and what each incident involves: countries, targets, actors and narratives (link tables)."""

from __future__ import annotations

import numpy as np
import polars as pl

from rrm_dash.demo.actors import ACTOR_IDS
from rrm_dash.demo.frames import conditional_choice, distinct_per_row, labels
from rrm_dash.demo.incidents import GENDER_DIMENSIONS, HRF, IncidentDraw
from rrm_dash.demo.narratives import (
    NARRATIVE_IDS,
    NARRATIVES,
    narrative_since_days,
    narrative_weights,
)
from rrm_dash.demo.profiles import AMPLIFICATION_COUNTRIES, CODES, DEMO_START, FICTIONAL_CODES

TARGET_CATEGORIES = (
    "government_civilian", "government_military", "election_body", "political_party",
    "candidate_or_official", "journalist_or_media", "civil_society", "diaspora_community",
    "electorate", "business",
)  # fmt: skip
GENDERS = ("women", "men", "mixed", "not_recorded")
VULNERABLE_GROUPS = (
    "none", "diaspora", "ethnic_minority", "religious_minority", "lgbtqi",
    "human_rights_defenders", "indigenous_peoples", "youth",
)  # fmt: skip
#: Target categories per threat type (rows in THREAT_TYPES order, columns TARGET_CATEGORIES).
_CATEGORY_GIVEN_THREAT = np.array(
    [
        [0, 0, 0.2, 0, 0, 0, 0.1, 0, 0.7, 0],
        [0, 0, 0.7, 0.1, 0, 0, 0, 0, 0.2, 0],
        [0.2, 0, 0.3, 0.5, 0, 0, 0, 0, 0, 0],
        [0.3, 0, 0.7, 0, 0, 0, 0, 0, 0, 0],
        [0.1, 0, 0, 0.2, 0.7, 0, 0, 0, 0, 0],
        [0, 0, 0, 0.6, 0.3, 0, 0.1, 0, 0, 0],
        [0.25, 0.1, 0, 0, 0.1, 0, 0.05, 0, 0.45, 0.05],
        [0.3, 0, 0, 0, 0.2, 0.3, 0.1, 0, 0, 0.1],
        [0.2, 0, 0, 0, 0, 0.7, 0, 0, 0.1, 0],
        [0, 0, 0, 0, 0, 1.0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0.8, 0, 0, 0.2, 0],
        [0, 0, 0, 0, 0, 0.15, 0.35, 0.5, 0, 0],
        [0, 0, 0, 0, 0, 0, 0.15, 0.85, 0, 0],
        [0, 0, 0, 0, 0, 0.1, 0.2, 0.7, 0, 0],
    ]
)
_PEOPLE = {"candidate_or_official", "journalist_or_media", "civil_society", "diaspora_community"}
#: 0 institution, 1 crowd (the electorate), 2 people, per TARGET_CATEGORIES.
_KIND_OF_CATEGORY = np.array(
    [2 if c in _PEOPLE else 1 if c == "electorate" else 0 for c in TARGET_CATEGORIES]
)
#: Gender of a target row: institutions, crowds, people (columns GENDERS).
_GENDER_GIVEN_KIND = np.array([(0, 0, 0, 1.0), (0.05, 0.05, 0.5, 0.4), (0.30, 0.35, 0.15, 0.20)])
#: Vulnerable group of a target row: other headings, HRF (columns VULNERABLE_GROUPS).
_GROUP_GIVEN_HEADING = np.array(
    [
        (0.93, 0.01, 0.015, 0.01, 0.005, 0.0, 0.01, 0.02),
        (0.10, 0.42, 0.10, 0.10, 0.04, 0.24, 0.0, 0.0),
    ]
)
_NARRATIVES_PER_CONTEXT = np.array(
    [(0.10, 0.65, 0.25), (0.15, 0.60, 0.25), (0.45, 0.45, 0.10), (0.5, 0.45, 0.05)]
)


_ROLES = ("targeted", "origin", "amplification")
_ALL_COUNTRIES = tuple(dict.fromkeys((*CODES, *FICTIONAL_CODES, *AMPLIFICATION_COUNTRIES)))


def incident_countries(
    rng: np.random.Generator, ids: pl.Series, draw: IncidentDraw
) -> pl.DataFrame:
    """Targeted focal points, fictional origins, and real countries where content was amplified."""
    n = draw.n
    code = {c: i for i, c in enumerate(_ALL_COUNTRIES)}  # focal points first: target index = code
    fictional = np.array([code[c] for c in FICTIONAL_CODES])
    amplifiers = np.array([code[c] for c in AMPLIFICATION_COUNTRIES])
    amplified = rng.random(n) < 0.25
    second_amp = amplified & (rng.random(n) < 0.4)
    amp = [
        np.where(on, amplifiers[rng.integers(0, len(amplifiers), n)], -1)
        for on in (amplified, second_amp)
    ]
    # Columns: targeted, targeted, origin, amplification, amplification (one role per column).
    matrix = np.column_stack(
        [
            draw.target,
            draw.second_target,
            np.where(draw.origin >= 0, fictional[draw.origin], -1),
            *amp,
        ]
    )
    role = np.array([0, 0, 1, 2, 2])
    # Amplification never names a targeted country; distinct_per_row blanks such repeats too.
    matrix = distinct_per_row(matrix)
    rows, column = np.nonzero(matrix >= 0)
    return pl.DataFrame(
        [
            ids.gather(rows).alias("incident_id"),
            labels(_ALL_COUNTRIES, matrix[rows, column], "country_code"),
            labels(_ROLES, role[column], "role"),
        ]
    )


def incident_targets(rng: np.random.Generator, ids: pl.Series, draw: IncidentDraw) -> pl.DataFrame:
    """One or two target rows per incident: category, gender, vulnerable group (no persons named)."""
    n = draw.n
    threat = np.repeat(draw.threat, 2)
    category = conditional_choice(rng, threat, _CATEGORY_GIVEN_THREAT)
    kind = _KIND_OF_CATEGORY[category]
    gender = conditional_choice(rng, kind, _GENDER_GIVEN_KIND)
    group = conditional_choice(
        rng, np.repeat(draw.heading == HRF, 2).astype(np.int64), _GROUP_GIVEN_HEADING
    )
    dimension = np.repeat(draw.gender, 2)
    first = np.tile([True, False], n)
    women = first & (dimension == GENDER_DIMENSIONS.index("targets_women"))
    gender = np.where(women, GENDERS.index("women"), gender)
    lgbtqi = first & (dimension == GENDER_DIMENSIONS.index("targets_lgbtqi"))
    group = np.where(lgbtqi, VULNERABLE_GROUPS.index("lgbtqi"), group)
    gender = np.where(
        lgbtqi & (gender == GENDERS.index("not_recorded")), GENDERS.index("mixed"), gender
    )
    combined = ((category * len(GENDERS) + gender) * len(VULNERABLE_GROUPS) + group).reshape(n, 2)
    combined[rng.random(n) >= 0.3, 1] = -1  # a second target row on ~30 %
    combined = distinct_per_row(combined)
    rows, column = np.nonzero(combined >= 0)
    value = combined[rows, column]
    group, rest = value % len(VULNERABLE_GROUPS), value // len(VULNERABLE_GROUPS)
    return pl.DataFrame(
        [
            ids.gather(rows).alias("incident_id"),
            labels(TARGET_CATEGORIES, rest // len(GENDERS), "target_category"),
            labels(GENDERS, rest % len(GENDERS), "gender"),
            labels(VULNERABLE_GROUPS, group, "vulnerable_group"),
        ]
    )


def incident_actors(ids: pl.Series, draw: IncidentDraw, rng: np.random.Generator) -> pl.DataFrame:
    """The perpetrator, and on some incidents a second actor (mostly amplifying)."""
    actors = distinct_per_row(np.column_stack([draw.actor, draw.second_actor]))
    roles = np.column_stack(
        [np.zeros(draw.n, dtype=np.int64), np.where(rng.random(draw.n) < 0.8, 1, 0)]
    )
    rows, column = np.nonzero(actors >= 0)
    return pl.DataFrame(
        [
            ids.gather(rows).alias("incident_id"),
            labels(ACTOR_IDS, actors[rows, column], "actor_id"),
            labels(("perpetrator", "amplifier"), roles[rows, column], "role"),
        ]
    )


def incident_narratives(
    rng: np.random.Generator, ids: pl.Series, draw: IncidentDraw
) -> tuple[pl.DataFrame, np.ndarray]:
    """0-2 narratives per incident (never before first seen); also each incident's first one (-1)."""
    n = draw.n
    count = conditional_choice(rng, draw.context, _NARRATIVES_PER_CONTEXT)
    weights = narrative_weights()
    since = narrative_since_days(DEMO_START)
    picks = np.empty((n, 2), dtype=np.int64)
    for k in range(2):
        drawn = conditional_choice(rng, draw.context, weights)
        for _ in range(4):
            early = np.flatnonzero(since[drawn] > draw.day)
            drawn[early] = conditional_choice(rng, draw.context[early], weights)
        picks[:, k] = np.where(since[drawn] > draw.day, -1, drawn)
    # Gendered incidents push gendered narratives more often than not.
    names = [spec.name for spec in NARRATIVES]
    lean = (rng.random(n) < 0.55) & (draw.heading != HRF)
    women = (draw.gender == GENDER_DIMENSIONS.index("targets_women")) | (
        draw.gender == GENDER_DIMENSIONS.index("gendered_narrative")
    )
    lgbtqi = draw.gender == GENDER_DIMENSIONS.index("targets_lgbtqi")
    picks[:, 0] = np.where(lean & women, names.index("Women unfit for office"), picks[:, 0])
    picks[:, 0] = np.where(lean & lgbtqi, names.index("Gender ideology panic"), picks[:, 0])
    picks[count < 1, 0] = -1
    picks[(count < 2) | (picks[:, 1] == picks[:, 0]), 1] = -1
    rows, column = np.nonzero(picks >= 0)  # row-major: in incident order
    frame = pl.DataFrame(
        [
            ids.gather(rows).alias("incident_id"),
            labels(NARRATIVE_IDS, picks[rows, column], "narrative_id"),
        ]
    )
    first = np.where(picks[:, 0] >= 0, picks[:, 0], picks[:, 1])
    return frame, first
