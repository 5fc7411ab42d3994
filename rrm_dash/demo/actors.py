"""The fictional threat actors of the demo: invented codenames, kinds, sponsors among fictional states."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from rrm_dash.demo.frames import choice
from rrm_dash.demo.markings import draw_originators, marking_columns
from rrm_dash.demo.profiles import CODES, FICTIONAL_STATES

_STIX_NAMESPACE = uuid.UUID("6f1d3c2e-0d4b-5b8e-9a51-2f3a4c5d6e7f")


@dataclass(frozen=True)
class ActorSpec:
    """An invented actor. `focus` is "*" (targets every focal point) or the codes it favours;
    `headings` weighs MIE, DIP and HRF work; `weight` is how prolific it is."""

    name: str
    kind: str
    sponsor: str | None
    focus: str
    headings: tuple[float, float, float]
    weight: float
    since: date
    alias: str


ACTORS: tuple[ActorSpec, ...] = (
    ActorSpec("Operation Glass Harbor", "state_proxy", "XA", "*", (0.8, 0.2, 0.0), 10, date(2018, 6, 1), "GH-Cluster"),
    ActorSpec("Copper Lantern Network", "state_proxy", "XA", "*", (0.9, 0.1, 0.0), 8, date(2018, 6, 1), "Lantern-7"),
    ActorSpec("Northwind Media Collective", "state", "XA", "*", (1.0, 0.0, 0.0), 7, date(2018, 6, 1), "NMC"),
    ActorSpec("Operation Silent Orchard", "state", "XB", "*", (0.5, 0.5, 0.0), 6, date(2018, 9, 1), "Orchard Set"),
    ActorSpec("Saffron Meridian Group", "commercial", "XB", "US,GB,CA,AU", (0.9, 0.1, 0.0), 4, date(2019, 3, 1), "SMG"),
    ActorSpec("Velvet Tern Collective", "non_state", None, "FR,DE,IT,EU", (1.0, 0.0, 0.0), 3, date(2018, 6, 1), "Tern"),
    ActorSpec("Operation Paper Lighthouse", "state_proxy", "XC", "*", (0.7, 0.3, 0.0), 6, date(2019, 1, 1), "OPL"),
    ActorSpec("Blue Quarry Consultancy", "commercial", None, "US,CA,GB", (0.8, 0.2, 0.0), 2, date(2020, 2, 1), "BQC"),
    ActorSpec("Operation Hollow Bell", "state", "XC", "JP,AU,NZ,US", (0.6, 0.4, 0.0), 4, date(2018, 8, 1), "Bell-3"),
    ActorSpec("Greyfeather Outlets", "state_proxy", "XB", "DE,FR,NL,SE,EU", (1.0, 0.0, 0.0), 4, date(2019, 6, 1), "GFO"),
    ActorSpec("Tidewater Echo Network", "unknown", None, "*", (1.0, 0.0, 0.0), 3, date(2020, 5, 1), "Echo-12"),
    ActorSpec("Operation Iron Lattice", "state", "XD", "*", (0.4, 0.6, 0.0), 4, date(2018, 10, 1), "Lattice"),
    ActorSpec("Crimson Pebble Studio", "commercial", "XD", "EU,DE,IT,FR", (1.0, 0.0, 0.0), 2, date(2021, 4, 1), "CPS"),
    ActorSpec("Lakeshore Voices Coalition", "non_state", None, "CA,US", (0.9, 0.1, 0.0), 2, date(2019, 9, 1), "LVC"),
    ActorSpec("Operation Quiet Compass", "state", "XE", "*", (0.6, 0.2, 0.2), 3, date(2020, 1, 1), "Compass"),
    ActorSpec("Silverline Outreach Bureau", "state_proxy", "XE", "*", (0.3, 0.1, 0.6), 3, date(2018, 6, 1), "SOB"),
    ActorSpec("Marble Kite Network", "unknown", None, "GB,US,CA,AU,NZ", (1.0, 0.0, 0.0), 2, date(2021, 1, 1), "Kite"),
    ActorSpec("Operation Cedar Loom", "state", "XA", "*", (0.0, 0.1, 0.9), 4, date(2018, 6, 1), "Loom"),
    ActorSpec("Harbor Watch Committee", "state_proxy", "XC", "CA,US,GB,AU,NL,SE", (0.0, 0.0, 1.0), 3, date(2019, 2, 1), "HWC"),
    ActorSpec("Operation Lantern Wake", "state_proxy", "XB", "NATO,EU,DE,SE,NL", (1.0, 0.0, 0.0), 4, date(2022, 2, 1), "Wake"),
    ActorSpec("Slate River Analytics", "commercial", "XC", "*", (0.6, 0.4, 0.0), 2, date(2020, 9, 1), "SRA"),
    ActorSpec("Polar Finch Collective", "non_state", None, "SE,NL,DE", (1.0, 0.0, 0.0), 1, date(2021, 6, 1), "Finch"),
    ActorSpec("Operation Brass Meadow", "state", "XB", "IT,FR,EU", (0.5, 0.5, 0.0), 2, date(2019, 4, 1), "Meadow"),
    ActorSpec("Windmere Digital", "commercial", "XA", "*", (1.0, 0.0, 0.0), 3, date(2022, 6, 1), "WMD-Ops"),
    ActorSpec("Operation Mirror Pond", "state_proxy", "XD", "*", (0.7, 0.3, 0.0), 3, date(2023, 3, 1), "Pond"),
    ActorSpec("Foxglove Relay Network", "unknown", None, "*", (0.9, 0.1, 0.0), 2, date(2023, 9, 1), "Relay-4"),
    ActorSpec("Eastgate Heritage Society", "state_proxy", "XE", "CA,AU,NZ,GB,DE", (0.1, 0.0, 0.9), 2, date(2019, 8, 1), "EHS"),
    ActorSpec("Operation Sable Ledger", "state", "XC", "US,GB,CA,DE,FR", (0.1, 0.9, 0.0), 2, date(2020, 3, 1), "Ledger"),
    ActorSpec("Kestrel Bay Media", "state_proxy", "XD", "JP,AU,NZ", (1.0, 0.0, 0.0), 2, date(2020, 11, 1), "KBM"),
    ActorSpec("Quillstone Syndicate", "non_state", None, "*", (0.6, 0.4, 0.0), 1, date(2022, 1, 1), "Quill"),
    ActorSpec("Operation Frost Ember", "state", "XE", "*", (0.2, 0.2, 0.6), 2, date(2021, 3, 1), "Ember"),
    ActorSpec("Lumen Parade Accounts", "unknown", None, "*", (1.0, 0.0, 0.0), 4, date(2024, 1, 1), "LPA"),
)  # fmt: skip
ACTOR_IDS: tuple[str, ...] = tuple(f"ACT-{i + 1:03d}" for i in range(len(ACTORS)))
_KIND_TEXT = {
    "state": "a state organ of {sponsor}",
    "state_proxy": "a proxy network assessed to serve {sponsor}",
    "commercial": "a commercial influence-for-hire operator",
    "non_state": "a non-state group",
    "unknown": "an operator of unknown affiliation",
}
_STATE_NAMES = {state.code: state.name_en for state in FICTIONAL_STATES}


def actor_weights() -> np.ndarray:
    """Weight of each actor per (focal point, heading, day): shape (actors, focal points, 3)."""
    weights = np.zeros((len(ACTORS), len(CODES), 3))
    for a, spec in enumerate(ACTORS):
        focus = np.ones(len(CODES)) * 0.15
        if spec.focus == "*":
            focus[:] = 1.0
        else:
            for code in spec.focus.split(","):
                focus[CODES.index(code)] = 1.0
        weights[a] = spec.weight * focus[:, None] * np.array(spec.headings)[None, :]
    return weights


def actor_since_days(start: date) -> np.ndarray:
    return np.array([(spec.since - start).days for spec in ACTORS])


def actor_frame(rng: np.random.Generator) -> pl.DataFrame:
    """The actor table."""
    n = len(ACTORS)
    descriptions = [
        "Fictional actor: "
        + _KIND_TEXT[s.kind].format(sponsor=_STATE_NAMES.get(s.sponsor or "", ""))
        + (
            f", contracted by {_STATE_NAMES[s.sponsor]}"
            if s.kind == "commercial" and s.sponsor
            else ""
        )
        + ". Invented for the synthetic demo; resembles no real operation. (Synthetic demo record.)"
        for s in ACTORS
    ]
    tlp = choice(rng, n, (0.10, 0.45, 0.35, 0.07, 0.03))
    created = np.array([s.since for s in ACTORS], dtype="datetime64[us]") + np.timedelta64(30, "D")
    return pl.DataFrame(
        {
            "actor_id": list(ACTOR_IDS),
            "name": [s.name for s in ACTORS],
            "aliases": [[f"{s.alias} (demo)"] for s in ACTORS],
            "actor_kind": [s.kind for s in ACTORS],
            "sponsor_state": [s.sponsor for s in ACTORS],
            "description": descriptions,
            "first_seen": [s.since for s in ACTORS],
            "stix_id": [f"threat-actor--{uuid.uuid5(_STIX_NAMESPACE, i)}" for i in ACTOR_IDS],
            "created_at": created,
            "updated_at": created,
        },
        schema_overrides={"sponsor_state": pl.String, "aliases": pl.List(pl.String)},
    ).hstack(marking_columns(rng, draw_originators(rng, n), tlp))
