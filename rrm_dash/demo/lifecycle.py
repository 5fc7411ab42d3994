"""An incident's life: detection, assessment, notification, publication, status and assessment grades."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from rrm_dash.demo.frames import SECONDS_PER_DAY, choice, conditional_choice, labels
from rrm_dash.demo.incidents import CONTENT_ORIGINS, HRF, IncidentDraw

STATUSES = ("new", "under_assessment", "assessed", "shared", "closed")
LIKELIHOODS = (
    "almost_no_chance", "very_unlikely", "unlikely", "roughly_even_chance",
    "likely", "very_likely", "almost_certain",
)  # fmt: skip
CONFIDENCES = ("low", "moderate", "high")
RELIABILITY = ("A", "B", "C", "D", "E", "F")
CREDIBILITY = ("1", "2", "3", "4", "5", "6")
ATTRIBUTIONS = ("public_attribution", "shared_assessment", "suspected", "unknown")
YEAR_S = 365.25 * SECONDS_PER_DAY


@dataclass(frozen=True)
class Lifecycle:
    """Times in seconds since DEMO_START (NaN: not yet) and the resulting status index."""

    detected: np.ndarray
    assessed: np.ndarray
    notified: np.ndarray
    published: np.ndarray
    last_day: np.ndarray
    status: np.ndarray


def draw_lifecycle(
    rng: np.random.Generator,
    draw: IncidentDraw,
    horizon_days: int,
    originator_engagement: np.ndarray,
    public: np.ndarray,
) -> Lifecycle:
    """Detection lags shrink over the years; recent incidents are not yet assessed or shared.

    `originator_engagement` (0..1 per incident) slows notification for less engaged
    originators; `public` marks incidents whose marking allows publication (CLEAR, GREEN).
    """
    n, horizon = draw.n, horizon_days * SECONDS_PER_DAY
    start = draw.day * float(SECONDS_PER_DAY)
    years = start / YEAR_S
    last_day = np.minimum(
        draw.day + np.floor(6 * np.exp(1.2 * rng.standard_normal(n))), horizon_days - 1
    )
    lag = (14 * np.exp(-0.3 * years) + 0.3) * np.exp(0.9 * rng.standard_normal(n))
    detected = start + lag * SECONDS_PER_DAY + rng.uniform(6, 20, n) * 3600
    late = detected >= horizon
    detected[late] = start[late] + rng.uniform(0.05, 0.95, late.sum()) * (horizon - start[late])
    assessed = detected + _days(rng, 5 * np.exp(-0.05 * years) + 2.0, 1.0)
    notified = detected + _days(rng, 0.3 + 3.0 * (1 - originator_engagement), 0.9)
    published = np.maximum(assessed, notified) + _days(rng, 12.0, 0.8)
    age_days = (horizon - detected) / SECONDS_PER_DAY
    has_assessed = (assessed < horizon) & (rng.random(n) < 0.97)
    has_notified = (notified < horizon) & (rng.random(n) < 0.6 + 0.35 * originator_engagement)
    has_published = (
        has_assessed & has_notified & public & (published < horizon) & (rng.random(n) < 0.45)
    )
    closed = has_assessed & (age_days > 90) & (rng.random(n) < 1 - np.exp(-(age_days - 90) / 300))
    fresh = (age_days < 2) & (rng.random(n) < 0.6)
    # Shared once assessed and notified; an early warning alone leaves it under assessment.
    shared = has_assessed & has_notified
    status = np.select([closed, shared, has_assessed, ~fresh], [4, 3, 2, 1], default=0)
    return Lifecycle(
        detected=detected,
        assessed=np.where(has_assessed, assessed, np.nan),
        notified=np.where(has_notified, notified, np.nan),
        published=np.where(has_published, published, np.nan),
        last_day=last_day.astype(np.int64),
        status=status,
    )


def _days(rng: np.random.Generator, median: np.ndarray | float, sigma: float) -> np.ndarray:
    """Log-normal lags in seconds with the given median in days."""
    size = np.shape(median) or None
    return np.asarray(median) * np.exp(sigma * rng.standard_normal(size)) * SECONDS_PER_DAY


def assessment_columns(
    rng: np.random.Generator, draw: IncidentDraw, life: Lifecycle
) -> pl.DataFrame:
    """Attribution, likelihood, confidence, Admiralty grades, breakout, reach and content origin."""
    n = draw.n
    assessed = ~np.isnan(life.assessed)
    attribution_key = np.where(assessed, 1 + (draw.actor >= 0), 0)
    attribution = conditional_choice(
        rng,
        attribution_key,
        np.array([(0, 0, 0.3, 0.7), (0, 0.10, 0.45, 0.45), (0.10, 0.38, 0.42, 0.10)]),
    )
    likelihood = choice(rng, n, (0.01, 0.03, 0.08, 0.18, 0.38, 0.24, 0.08))
    confidence = choice(rng, n, (0.30, 0.50, 0.20))
    breakout = 1 + choice(rng, n, (0.36, 0.27, 0.18, 0.11, 0.06, 0.02))
    reach = 3000 * 3.2 ** (breakout - 1) * np.exp(1.1 * rng.standard_normal(n))
    years = draw.day / 365.25
    p_ai = np.where(years < 4.6, 0.005, np.minimum(0.45, 0.05 + 0.13 * (years - 4.6)))
    p_ai = np.where(draw.heading == HRF, 0.3 * p_ai, p_ai)
    u = rng.random(n)
    origin = np.where(u < p_ai, 1, np.where(u < p_ai + 0.15, 2, 0))
    return pl.DataFrame(
        [
            labels(ATTRIBUTIONS, attribution, "attribution_status"),
            labels(LIKELIHOODS, np.where(assessed, likelihood, -1), "likelihood"),
            labels(CONFIDENCES, np.where(assessed, confidence, -1), "analytic_confidence"),
            labels(
                RELIABILITY,
                choice(rng, n, (0.06, 0.30, 0.34, 0.12, 0.04, 0.14)),
                "source_reliability",
            ),
            labels(
                CREDIBILITY,
                choice(rng, n, (0.10, 0.32, 0.30, 0.12, 0.04, 0.12)),
                "info_credibility",
            ),
            pl.Series("breakout_scale", breakout.astype(np.int32)),
            pl.Series("reach_estimate", np.round(reach, -1).astype(np.int64)),
            labels(CONTENT_ORIGINS, origin, "content_origin"),
        ]
    )
