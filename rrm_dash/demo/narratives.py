"""The invented narratives of the demo, on generic topics, named neutrally in English."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from rrm_dash.demo.frames import choice
from rrm_dash.demo.markings import draw_originators, marking_columns

#: Contexts an incident pushes narratives in: ordinary MIE work, an election window, DIP, HRF.
CONTEXTS = ("mie", "election", "dip", "hrf")


@dataclass(frozen=True)
class NarrativeSpec:
    """A narrative and how often it appears in each context (CONTEXTS order)."""

    name: str
    summary: str
    since: date
    weights: tuple[float, float, float, float]


NARRATIVES: tuple[NarrativeSpec, ...] = (
    NarrativeSpec("Postal voting fraud claims", "Claims that postal votes are forged or discarded at scale.", date(2018, 6, 1), (1, 8, 3, 0)),
    NarrativeSpec("Rigged voting machines", "Claims that counting equipment is manipulated.", date(2018, 6, 1), (1, 6, 3, 0)),
    NarrativeSpec("Wrong polling information", "False dates, places or rules for voting.", date(2018, 6, 1), (0, 6, 4, 0)),
    NarrativeSpec("Calls to boycott the vote", "Claims that voting is pointless and should be boycotted.", date(2018, 6, 1), (0.5, 4, 1, 0)),
    NarrativeSpec("Candidates as foreign puppets", "Claims that candidates serve foreign paymasters.", date(2018, 6, 1), (1, 5, 3, 0)),
    NarrativeSpec("Women unfit for office", "Gendered claims that women leaders are unfit to govern.", date(2018, 6, 1), (1.5, 4, 3, 0)),
    NarrativeSpec("Energy prices blamed on sanctions", "Claims that sanctions alone drive energy prices.", date(2018, 6, 1), (4, 2, 0, 0)),
    NarrativeSpec("Winter energy shortage panic", "Claims of imminent blackouts and rationing.", date(2021, 9, 1), (3, 1, 0, 0)),
    NarrativeSpec("Migration and crime exaggeration", "Distorted statistics linking migrants to crime.", date(2018, 6, 1), (4, 3, 0, 0)),
    NarrativeSpec("Secret migration quotas", "Claims of hidden agreements to resettle populations.", date(2018, 6, 1), (2, 2, 0, 0)),
    NarrativeSpec("Aid to Ukraine as waste", "Claims that support to Ukraine is wasted or stolen.", date(2022, 2, 24), (6, 3, 0, 0)),
    NarrativeSpec("Donated weapons resold", "Claims that donated weapons end up on black markets.", date(2022, 3, 15), (3, 1, 0, 0)),
    NarrativeSpec("War fatigue and peace at any price", "Claims that the public wants support to end now.", date(2022, 6, 1), (3, 2, 0, 0)),
    NarrativeSpec("Vaccine harm claims", "Exaggerated or invented claims of vaccine injuries.", date(2020, 12, 1), (4, 1, 0, 0)),
    NarrativeSpec("Pandemic origin conspiracies", "Conspiracy theories about how the pandemic began.", date(2020, 2, 1), (3, 0.5, 0, 0)),
    NarrativeSpec("Health system collapse", "Claims that hospitals are collapsing and hiding it.", date(2020, 3, 1), (2, 0.5, 0, 0)),
    NarrativeSpec("Climate policy as elite plot", "Claims that climate measures are a plan to control citizens.", date(2018, 6, 1), (3, 1, 0, 0)),
    NarrativeSpec("Wildfires set on purpose", "Claims that wildfires are started to justify policies.", date(2019, 6, 1), (1.5, 0, 0, 0)),
    NarrativeSpec("Imminent economic collapse", "Claims that the economy and currency are about to fail.", date(2018, 6, 1), (3, 1, 0, 0)),
    NarrativeSpec("Food price manipulation", "Claims that governments inflate food prices deliberately.", date(2021, 6, 1), (2, 0.5, 0, 0)),
    NarrativeSpec("Fabricated corruption leaks", "Forged documents alleging corruption of officials.", date(2018, 6, 1), (2, 4, 4, 0)),
    NarrativeSpec("Media as state mouthpiece", "Claims that independent media take orders from governments.", date(2018, 6, 1), (4, 2, 0, 0)),
    NarrativeSpec("Politicised courts", "Claims that courts are weaponised against opponents.", date(2018, 6, 1), (1.5, 2, 1, 0)),
    NarrativeSpec("Alliance as aggressor", "Claims that the alliance provokes conflict.", date(2018, 6, 1), (4, 0.5, 0, 0)),
    NarrativeSpec("Allies abandoning each other", "Claims of deep splits between partners.", date(2018, 6, 1), (3, 1, 0, 0)),
    NarrativeSpec("Exercises as invasion rehearsal", "Claims that military exercises prepare an attack.", date(2018, 6, 1), (2, 0, 0, 0)),
    NarrativeSpec("Gender ideology panic", "Claims that schools and governments impose gender ideology.", date(2018, 6, 1), (2, 1.5, 0, 0)),
    NarrativeSpec("Fabricated leader statements", "Invented quotes, audio or video attributed to leaders.", date(2023, 1, 1), (3, 4, 1, 0)),
    NarrativeSpec("Diaspora critics as traitors", "Claims that diaspora critics betray their homeland.", date(2018, 6, 1), (0.3, 0, 0, 5)),
    NarrativeSpec("Activists as foreign agents", "Claims that human rights defenders are paid agents.", date(2018, 6, 1), (0.5, 0, 0, 4)),
    NarrativeSpec("Families back home are watched", "Messages implying relatives are monitored and at risk.", date(2018, 6, 1), (0, 0, 0, 3)),
)  # fmt: skip
NARRATIVE_IDS: tuple[str, ...] = tuple(f"NAR-{i + 1:03d}" for i in range(len(NARRATIVES)))


def narrative_weights() -> np.ndarray:
    """Weights, shape (contexts, narratives)."""
    return np.array([spec.weights for spec in NARRATIVES], dtype=float).T


def narrative_since_days(start: date) -> np.ndarray:
    return np.array([(spec.since - start).days for spec in NARRATIVES])


def narrative_frame(rng: np.random.Generator) -> pl.DataFrame:
    """The narrative table."""
    n = len(NARRATIVES)
    created = np.array([s.since for s in NARRATIVES], dtype="datetime64[us]") + np.timedelta64(
        14, "D"
    )
    return pl.DataFrame(
        {
            "narrative_id": list(NARRATIVE_IDS),
            "name": [s.name for s in NARRATIVES],
            "summary": [f"{s.summary} (Synthetic demo record.)" for s in NARRATIVES],
            "first_seen": [s.since for s in NARRATIVES],
            "created_at": created,
            "updated_at": created,
        }
    ).hstack(marking_columns(rng, draw_originators(rng, n), choice(rng, n, (0.3, 0.5, 0.2, 0, 0))))
