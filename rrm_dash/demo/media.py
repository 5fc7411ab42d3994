"""Where each incident ran and who documented it: incident_platform and incident_source rows."""

from __future__ import annotations

import numpy as np
import polars as pl

from rrm_dash.demo.channels import (
    PLATFORM_WEIGHTS_EARLY,
    PLATFORM_WEIGHTS_LATE,
    PLATFORMS,
    Channels,
)
from rrm_dash.demo.frames import choice, conditional_choice, dates, distinct_per_row, labels
from rrm_dash.demo.incidents import IncidentDraw
from rrm_dash.demo.profiles import DEMO_START

SOURCE_CATEGORIES = (
    "government_report", "platform_disclosure", "research_report",
    "media_report", "social_media_post", "claim_by_actor",
)  # fmt: skip
_SOURCE_WEIGHTS = (0.12, 0.14, 0.22, 0.26, 0.20, 0.06)
SOURCE_URL = "https://example.org/demo/source/"
ARCHIVE_URL = "https://example.com/archive/demo/"
YEARS = 10


def _platform_weights_by_year() -> np.ndarray:
    """Platform weights per year since 2018, moving from the early to the late mix."""
    share = np.clip(np.arange(YEARS) / 8.0, 0, 1)[:, None]
    mix = (1 - share) * np.array(PLATFORM_WEIGHTS_EARLY) + share * np.array(PLATFORM_WEIGHTS_LATE)
    return np.asarray(mix, dtype=float)


def incident_platforms(
    rng: np.random.Generator, ids: pl.Series, draw: IncidentDraw, channels: Channels
) -> pl.DataFrame:
    """1-3 platforms per incident; on an actor's incidents mostly through that actor's channels."""
    n = draw.n
    wanted = choice(rng, n, (0.45, 0.35, 0.20)) + 1
    year = np.minimum(draw.day // 365, YEARS - 1)
    by_year = _platform_weights_by_year()
    platform = np.full((n, 3), -1, dtype=np.int64)
    channel = np.full((n, 3), -1, dtype=np.int64)
    own = draw.actor >= 0
    actor = np.maximum(draw.actor, 0)
    for slot in range(3):
        generic = conditional_choice(rng, year, by_year)
        offset = np.floor(rng.random(n) * channels.actor_count[actor]).astype(np.int64)
        pick = np.where(
            own,
            channels.actor_start[actor] + offset,
            channels.unaffiliated[rng.integers(0, len(channels.unaffiliated), n)],
        )
        # Actors also post from accounts nobody has tied to them; unattributed incidents mostly so.
        use_channel = rng.random(n) < np.where(own, 0.75, 0.2)
        known = use_channel & (rng.random(n) < 0.8)
        platform[:, slot] = np.where(use_channel, channels.platform[pick], generic)
        channel[:, slot] = np.where(known, pick, -1)
    platform[np.arange(3)[None, :] >= wanted[:, None]] = -1
    platform = distinct_per_row(platform)
    rows, column = np.nonzero(platform >= 0)
    return pl.DataFrame(
        [
            ids.gather(rows).alias("incident_id"),
            labels(PLATFORMS, platform[rows, column], "platform"),
            labels(channels.frame["channel_id"].to_list(), channel[rows, column], "channel_id"),
        ]
    )


def incident_sources(
    rng: np.random.Generator, ids: pl.Series, draw: IncidentDraw, horizon_days: int
) -> pl.DataFrame:
    """1-3 sources per incident, all on example.org (archives on example.com): never real URLs."""
    n = draw.n
    wanted = choice(rng, n, (0.50, 0.35, 0.15)) + 1
    rows = np.repeat(np.arange(n), wanted)  # in incident order
    slot = np.arange(len(rows)) - np.repeat(np.cumsum(wanted) - wanted, wanted) + 1
    category = choice(rng, len(rows), _SOURCE_WEIGHTS)
    delay = np.floor(5 * np.exp(0.9 * rng.standard_normal(len(rows)))).astype(np.int64)
    published = np.minimum(draw.day[rows] + delay, horizon_days - 1)
    key = ids.gather(rows) + "-" + pl.Series(slot).cast(pl.String)
    archived = rng.random(len(rows)) < 0.5
    return pl.DataFrame(
        [
            ids.gather(rows).alias("incident_id"),
            (SOURCE_URL + key).alias("url"),
            pl.select(pl.when(pl.Series(archived)).then(ARCHIVE_URL + key))
            .to_series()
            .alias("archive_url"),
            labels(SOURCE_CATEGORIES, category, "source_category"),
            pl.Series("is_claim", category == SOURCE_CATEGORIES.index("claim_by_actor")),
            dates(DEMO_START, published, "published_on"),
        ]
    )
