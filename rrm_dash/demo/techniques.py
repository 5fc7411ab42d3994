"""DISARM tagging of demo incidents: real technique ids, weighted by how often each is seen."""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl

from rrm_dash.demo.frames import conditional_choice, distinct_per_row, labels

#: Tagging contexts: general MIE work, election windows, DIP outside windows, HRF.
CONTEXTS = ("mie", "election", "dip", "hrf")

#: (DISARM id, weight in each context). Every id is in data/reference/disarm_technique.csv
#: (DISARM Red v1.6); the ids retired by v1.6 (e.g. T0007, T0013, T0104) are not used.
TECHNIQUE_WEIGHTS: tuple[tuple[str, tuple[float, float, float, float]], ...] = (
    ("T0049", (9, 7, 2, 1)),  # Flood Information Space
    ("T0049.001", (5, 5, 1, 2)),  # Trolls Amplify and Manipulate
    ("T0049.003", (5, 4, 1, 0)),  # Bots Amplify via Automated Forwarding and Reposting
    ("T0085", (7, 5, 2, 1)),  # Develop Text-Based Content
    ("T0085.003", (5, 4, 1, 0)),  # Develop Inauthentic News Articles
    ("T0086", (6, 5, 1, 1)),  # Develop Image-Based Content
    ("T0086.001", (3, 3, 0, 0)),  # Develop Memes
    ("T0087", (4, 4, 1, 0)),  # Develop Video-Based Content
    ("T0088", (1, 2, 1, 0)),  # Develop Audio-Based Content
    ("T0143.002", (6, 5, 2, 2)),  # Fabricated Persona
    ("T0146.007", (5, 4, 1, 0)),  # Automated Account Asset
    ("T0097", (4, 3, 1, 1)),  # Present Persona
    ("T0097.102", (2, 2, 0, 0)),  # Journalist Persona
    ("T0097.202", (4, 3, 0, 0)),  # News Outlet Persona
    ("T0098", (5, 4, 1, 0)),  # Establish Inauthentic News Sites
    ("T0149.003", (3, 3, 2, 1)),  # Lookalike Domain
    ("T0022", (5, 4, 1, 0)),  # Leverage Conspiracy Theory Narratives
    ("T0023", (6, 5, 1, 0)),  # Distort Facts
    ("T0023.001", (3, 3, 0, 0)),  # Reframe Context
    ("T0045", (3, 2, 0, 0)),  # Use Fake Experts
    ("T0115", (8, 6, 2, 2)),  # Post Content
    ("T0116.001", (3, 3, 0, 1)),  # Post Inauthentic Social Media Comment
    ("T0118", (6, 5, 1, 0)),  # Amplify Existing Narrative
    ("T0119", (5, 4, 1, 0)),  # Cross-Posting
    ("T0136", (3, 3, 1, 0)),  # Cultivate Support
    ("T0151.001", (4, 3, 1, 1)),  # Social Media Platform
    ("T0003", (3, 3, 0, 0)),  # Leverage Existing Narratives
    ("T0068", (3, 2, 0, 0)),  # Respond to Breaking News Event or Active Crisis
    ("T0079", (3, 3, 1, 0)),  # Divide
    ("T0135.001", (2, 3, 2, 1)),  # Smear
    ("T0135.004", (2, 2, 0, 0)),  # Polarise
    ("T0101", (2, 3, 1, 0)),  # Create Localised Content
    ("T0114.001", (2, 3, 1, 0)),  # Deliver Ads: Social Media
    ("T0018", (1, 3, 1, 0)),  # Purchase Targeted Advertisements
    ("T0016", (2, 1, 0, 0)),  # Create Clickbait
    ("T0121", (2, 2, 0, 0)),  # Manipulate Platform Algorithm
    ("T0122", (1, 1, 0, 0)),  # Direct Users to Alternative Platforms
    ("T0129.010", (1, 1, 1, 0)),  # Misattribute Activity
    ("T0139.001", (0, 4, 2, 1)),  # Dissuade from Acting: Discourage
    ("T0139.003", (0, 2, 2, 3)),  # Dissuade from Acting: Deter
    ("T0089", (0, 2, 5, 2)),  # Obtain Private Documents
    ("T0089.003", (0, 2, 3, 0)),  # Alter Authentic Documents
    (
        "T0123",
        (0, 2, 5, 1),
    ),  # Control Information Environment through Offensive Cyberspace Operations
    ("T0148", (0, 1, 3, 0)),  # Financial Instrument
    ("T0140.002", (0, 2, 4, 6)),  # Cause Harm: Intimidate
    ("T0140.001", (1, 2, 2, 2)),  # Cause Harm: Defame
    ("T0048", (1, 1, 2, 8)),  # Harass
    ("T0048.002", (0, 1, 1, 5)),  # Harass People Based on Identities
    ("T0048.003", (0, 0, 1, 4)),  # Threaten to Dox
    ("T0048.004", (0, 0, 1, 3)),  # Dox
    ("T0124", (0, 0, 1, 4)),  # Suppress Opposition
    ("T0139.002", (0, 0, 1, 5)),  # Dissuade from Acting: Silence
    ("T0127", (0, 0, 0, 1)),  # Physical Violence
)
#: Techniques of AI-generated content: one of these tags each incident whose content is AI-made.
AI_TECHNIQUES = ("T0085.001", "T0086.002", "T0087.001", "T0088.001", "T0145.002")
AI_WEIGHTS = (5, 4, 3, 2, 3)
MAX_TECHNIQUES = 5


def technique_codes() -> tuple[str, ...]:
    return tuple(code for code, _ in TECHNIQUE_WEIGHTS) + AI_TECHNIQUES


def missing_techniques(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Ids of the generator's list that the loaded DISARM reference does not have."""
    known = {row[0] for row in con.sql("select disarm_id from disarm_technique").fetchall()}
    return [code for code in technique_codes() if code not in known]


def incident_techniques(
    rng: np.random.Generator,
    incident_id: pl.Series,
    context: np.ndarray,
    ai_content: np.ndarray,
    version: str,
) -> pl.DataFrame:
    """1-5 distinct techniques per incident; AI-made content always carries an AI technique."""
    n = len(context)
    weights = np.array([w for _, w in TECHNIQUE_WEIGHTS], dtype=float).T
    codes = technique_codes()
    wanted = rng.choice(np.arange(1, MAX_TECHNIQUES + 1), size=n, p=(0.15, 0.30, 0.28, 0.17, 0.10))
    slots = np.empty((n, MAX_TECHNIQUES), dtype=np.int64)
    for k in range(MAX_TECHNIQUES):
        slots[:, k] = conditional_choice(rng, context, weights)
    ai_pick = len(TECHNIQUE_WEIGHTS) + rng.choice(
        len(AI_TECHNIQUES), size=n, p=np.divide(AI_WEIGHTS, sum(AI_WEIGHTS))
    )
    slots[:, 0] = np.where(ai_content, ai_pick, slots[:, 0])
    # Each technique once per incident, then only the first `wanted` slots (rows stay in
    # incident order, which is also primary-key order).
    slots = distinct_per_row(slots)
    slots[np.arange(MAX_TECHNIQUES)[None, :] >= wanted[:, None]] = -1
    rows, column = np.nonzero(slots >= 0)
    return pl.DataFrame(
        [
            incident_id.gather(rows).alias("incident_id"),
            labels(codes, slots[rows, column], "disarm_id"),
            pl.Series("disarm_version", [version]).gather(np.zeros(len(rows), dtype=np.int64)),
        ]
    )
