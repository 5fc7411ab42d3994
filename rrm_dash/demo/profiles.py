"""How each focal point behaves in the demo: engagement, targeting weight, cities, fictional states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np


@dataclass(frozen=True)
class MemberProfile:
    """One member's or observer's behaviour in the synthetic network.

    `engagement` (0..1) drives everything beyond meetings: incidents contributed, reports,
    answers to requests, positions on responses. `target_weight` is the share of incidents
    aimed at it; `ack_hours` the median hours it takes to acknowledge an alert.
    """

    code: str
    focal_point_status: str
    engagement: float
    target_weight: float
    attend_plenary: float
    ack_hours: float
    rfi_hours: float


#: Members then observers, in the order the generator indexes them (a target index is a row here).
PROFILES: tuple[MemberProfile, ...] = (
    MemberProfile("CA", "permanent", 1.00, 0.09, 0.99, 4.0, 20.0),
    MemberProfile("FR", "permanent", 0.90, 0.12, 0.97, 6.0, 28.0),
    MemberProfile("DE", "permanent", 0.60, 0.11, 0.95, 12.0, 48.0),
    MemberProfile("IT", "temporary", 0.12, 0.06, 0.90, 96.0, 240.0),
    MemberProfile("JP", "permanent", 0.55, 0.06, 0.93, 14.0, 60.0),
    MemberProfile("GB", "permanent", 0.90, 0.11, 0.98, 5.0, 24.0),
    MemberProfile("US", "permanent", 0.85, 0.16, 0.95, 8.0, 30.0),
    MemberProfile("EU", "permanent", 0.95, 0.13, 0.98, 6.0, 24.0),
    MemberProfile("AU", "permanent", 0.70, 0.04, 0.92, 10.0, 40.0),
    MemberProfile("NZ", "permanent", 0.22, 0.02, 0.70, 72.0, 200.0),
    MemberProfile("NL", "temporary", 0.28, 0.03, 0.75, 48.0, 160.0),
    MemberProfile("SE", "permanent", 0.70, 0.03, 0.94, 8.0, 36.0),
    MemberProfile("NATO", "permanent", 0.50, 0.04, 0.90, 20.0, 72.0),
)
CODES: tuple[str, ...] = tuple(p.code for p in PROFILES)
INDEX: dict[str, int] = {code: i for i, code in enumerate(CODES)}
COORDINATION_UNIT = "CU"
#: Originators of records: every focal point, then the Coordination Unit (the busiest of all).
ORIGINATORS: tuple[str, ...] = (*CODES, COORDINATION_UNIT)
CU_ORIGINATOR_WEIGHT = 1.6

#: G7 presidency by year (chairs the autumn and spring plenaries of its year).
PRESIDENCY = {
    2018: "CA", 2019: "FR", 2020: "US", 2021: "GB", 2022: "DE",
    2023: "JP", 2024: "IT", 2025: "CA", 2026: "FR", 2027: "US",
}  # fmt: skip

#: Names that read well inside a sentence ("targeting the United States").
IN_SENTENCE = {
    "CA": "Canada", "FR": "France", "DE": "Germany", "IT": "Italy", "JP": "Japan",
    "GB": "the United Kingdom", "US": "the United States", "EU": "the European Union",
    "AU": "Australia", "NZ": "New Zealand", "NL": "the Netherlands", "SE": "Sweden",
    "NATO": "NATO",
}  # fmt: skip

#: Capitals and major cities per focal point: (city, latitude, longitude, weight).
CITIES: dict[str, tuple[tuple[str, float, float, float], ...]] = {
    "CA": (("Ottawa", 45.4215, -75.6972, 3), ("Toronto", 43.6532, -79.3832, 3),
           ("Montréal", 45.5017, -73.5673, 2), ("Vancouver", 49.2827, -123.1207, 2)),
    "FR": (("Paris", 48.8566, 2.3522, 5), ("Lyon", 45.7640, 4.8357, 1),
           ("Marseille", 43.2965, 5.3698, 1)),
    "DE": (("Berlin", 52.5200, 13.4050, 4), ("Munich", 48.1351, 11.5820, 1),
           ("Hamburg", 53.5511, 9.9937, 1)),
    "IT": (("Rome", 41.9028, 12.4964, 3), ("Milan", 45.4642, 9.1900, 2)),
    "JP": (("Tokyo", 35.6762, 139.6503, 4), ("Osaka", 34.6937, 135.5023, 1)),
    "GB": (("London", 51.5072, -0.1276, 5), ("Manchester", 53.4808, -2.2426, 1),
           ("Edinburgh", 55.9533, -3.1883, 1)),
    "US": (("Washington", 38.9072, -77.0369, 4), ("New York", 40.7128, -74.0060, 2),
           ("Los Angeles", 34.0522, -118.2437, 1), ("Atlanta", 33.7490, -84.3880, 1)),
    "EU": (("Brussels", 50.8503, 4.3517, 4), ("Strasbourg", 48.5734, 7.7521, 1)),
    "AU": (("Canberra", -35.2809, 149.1300, 2), ("Sydney", -33.8688, 151.2093, 2),
           ("Melbourne", -37.8136, 144.9631, 1)),
    "NZ": (("Wellington", -41.2865, 174.7762, 2), ("Auckland", -36.8485, 174.7633, 1)),
    "NL": (("The Hague", 52.0705, 4.3007, 2), ("Amsterdam", 52.3676, 4.9041, 1)),
    "SE": (("Stockholm", 59.3293, 18.0686, 3), ("Gothenburg", 57.7089, 11.9746, 1)),
    "NATO": (("Brussels", 50.8796, 4.4259, 1),),
}  # fmt: skip


@dataclass(frozen=True)
class FictionalState:
    """A made-up state: every origin and sponsor in the demo is one of these, never a real one."""

    code: str
    name_en: str
    name_fr: str
    latitude: float
    longitude: float
    origin_weight: float


#: User-assigned ISO codes XA-XE; their points lie in open sea so no map reads them as a real place.
FICTIONAL_STATES: tuple[FictionalState, ...] = (
    FictionalState("XA", "Aurelia (fictional)", "Aurélie (fictive)", 38.5, -42.0, 0.34),
    FictionalState("XB", "Borvania (fictional)", "Borvanie (fictive)", -28.0, 78.0, 0.24),
    FictionalState("XC", "Calderra (fictional)", "Calderra (fictive)", 4.0, -138.0, 0.19),
    FictionalState("XD", "Drevnia (fictional)", "Drevnie (fictive)", -48.0, 12.0, 0.13),
    FictionalState("XE", "Estmark (fictional)", "Estmarque (fictive)", 22.0, 163.0, 0.10),
)
FICTIONAL_CODES: tuple[str, ...] = tuple(s.code for s in FICTIONAL_STATES)

#: Real places where manipulated content is seen amplified (never an origin).
AMPLIFICATION_COUNTRIES: tuple[str, ...] = (
    *(c for c in CODES if c not in {"EU", "NATO"}),
    "ES", "PL", "BE", "AT", "IE", "CH", "DK", "FI", "NO", "PT",
)  # fmt: skip

DEMO_START = date(2018, 6, 1)
#: First plenary of the network (autumn 2018).
FIRST_PLENARY = date(2018, 11, 1)


def engagement() -> np.ndarray:
    """Engagement of each focal point, in CODES order."""
    return np.array([p.engagement for p in PROFILES])


def target_weights() -> np.ndarray:
    """Share of incidents that target each focal point, normalised, in CODES order."""
    weights = np.array([p.target_weight for p in PROFILES])
    return np.asarray(weights / float(weights.sum()), dtype=float)


def originator_weights() -> np.ndarray:
    """Who records things, in ORIGINATORS order: engaged focal points and the CU far more."""
    weights = np.append(0.05 + engagement() ** 1.5, CU_ORIGINATOR_WEIGHT)
    return np.asarray(weights / float(weights.sum()), dtype=float)
