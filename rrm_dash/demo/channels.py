"""Invented channels (accounts, outlets, sites) on real platforms, most of them run by a demo actor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from rrm_dash.demo.actors import ACTOR_IDS, ACTORS
from rrm_dash.demo.frames import choice
from rrm_dash.demo.markings import draw_originators, marking_columns

PLATFORMS = (
    "facebook", "instagram", "x", "youtube", "tiktok", "telegram", "vk", "wechat",
    "whatsapp", "reddit", "linkedin", "websites", "state_media", "email_sms", "advertising", "other",
)  # fmt: skip
#: How often each platform carries manipulation in 2018 and in 2026 (TikTok and Telegram grow).
PLATFORM_WEIGHTS_EARLY = (10, 4, 12, 6, 1, 4, 2, 1, 2, 2, 1, 9, 5, 1, 2, 1)
PLATFORM_WEIGHTS_LATE = (7, 5, 11, 6, 9, 9, 1, 1, 2, 2, 1, 8, 4, 2, 3, 1)
#: Exposure category per actor kind: (official, state_controlled, state_linked, state_aligned, unaffiliated).
_EXPOSURE = ("official", "state_controlled", "state_linked", "state_aligned", "unaffiliated")
_EXPOSURE_BY_KIND = {
    "state": (0.2, 0.5, 0.3, 0.0, 0.0),
    "state_proxy": (0.0, 0.1, 0.6, 0.3, 0.0),
    "commercial": (0.0, 0.0, 0.3, 0.2, 0.5),
    "non_state": (0.0, 0.0, 0.0, 0.4, 0.6),
    "unknown": (0.0, 0.0, 0.1, 0.3, 0.6),
}
_SUFFIXES = ("news", "daily", "voice", "watch", "today", "info", "live", "report", "insight", "now")
UNAFFILIATED_CHANNELS = 22


@dataclass(frozen=True)
class Channels:
    """The channel table, and for each actor the slice of channel rows it runs."""

    frame: pl.DataFrame
    platform: np.ndarray
    actor_start: np.ndarray
    actor_count: np.ndarray
    unaffiliated: np.ndarray


def _handle(stem: str, suffix: str, platform: str) -> str:
    """Invented handles: sites use the reserved .example domain, accounts carry a _demo suffix."""
    if platform in {"websites", "state_media"}:
        return f"{stem.replace('_', '-')}-{suffix}.example"
    if platform == "email_sms":
        return f"bulletin@{stem.replace('_', '-')}.example"
    return f"@{stem}_{suffix}_demo"


def build_channels(rng: np.random.Generator, start: date) -> Channels:
    """About 150 channels: 3-5 per actor on its preferred platforms, plus unaffiliated accounts."""
    platform_p = np.add(PLATFORM_WEIGHTS_EARLY, PLATFORM_WEIGHTS_LATE)
    rows: list[tuple[str, int, str, str | None, date]] = []
    starts, counts = [], []
    for a, spec in enumerate(ACTORS):
        words = [w.lower() for w in spec.name.replace("Operation ", "").split()[:2]]
        stem = "".join(words)
        k = int(rng.integers(3, 6))
        platforms = rng.choice(
            len(PLATFORMS), size=k, replace=False, p=platform_p / platform_p.sum()
        )
        exposure = choice(rng, k, _EXPOSURE_BY_KIND[spec.kind])
        starts.append(len(rows))
        counts.append(k)
        for j in range(k):
            suffix = _SUFFIXES[int(rng.integers(len(_SUFFIXES)))]
            rows.append((_handle(stem, suffix, PLATFORMS[platforms[j]]), int(platforms[j]),
                         _EXPOSURE[exposure[j]], ACTOR_IDS[a], spec.since))  # fmt: skip
    first_unaffiliated = len(rows)
    for j in range(UNAFFILIATED_CHANNELS):
        p = int(choice(rng, 1, platform_p)[0])
        stem = f"citizen{_SUFFIXES[j % len(_SUFFIXES)]}{j + 1:02d}"
        category = _EXPOSURE[int(choice(rng, 1, (0, 0, 0, 0.3, 0.7))[0])]
        rows.append((_handle(stem, "feed", PLATFORMS[p]), p, category, None, start))
    n = len(rows)
    created = np.array([np.datetime64(r[4], "us") for r in rows]) + (
        rng.integers(0, 90, n).astype("timedelta64[D]")
    )
    tlp = choice(rng, n, (0.25, 0.45, 0.25, 0.04, 0.01))
    frame = pl.DataFrame(
        {
            "channel_id": [f"CHN-{i + 1:04d}" for i in range(n)],
            "platform": [PLATFORMS[r[1]] for r in rows],
            "handle": [r[0] for r in rows],
            "exposure_category": [r[2] for r in rows],
            "actor_id": [r[3] for r in rows],
            "created_at": created,
            "updated_at": created,
        },
        schema_overrides={"actor_id": pl.String},
    ).hstack(marking_columns(rng, draw_originators(rng, n), tlp))
    return Channels(
        frame=frame,
        platform=np.array([r[1] for r in rows]),
        actor_start=np.array(starts),
        actor_count=np.array(counts),
        unaffiliated=np.arange(first_unaffiliated, n),
    )
