"""Assemble the incident table and its link tables from the drawn facts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from rrm_dash.demo.channels import Channels
from rrm_dash.demo.frames import dates, labels, stream, text_ids, timestamps
from rrm_dash.demo.incidents import (
    GENDER_DIMENSIONS,
    HEADINGS,
    HRF,
    THREAT_TYPES,
    TNR_VECTORS,
    IncidentDraw,
    draw_incidents,
)
from rrm_dash.demo.lifecycle import STATUSES, Lifecycle, assessment_columns, draw_lifecycle
from rrm_dash.demo.links import (
    incident_actors,
    incident_countries,
    incident_narratives,
    incident_targets,
)
from rrm_dash.demo.markings import draw_originators, draw_tlp, marking_columns
from rrm_dash.demo.media import incident_platforms, incident_sources
from rrm_dash.demo.profiles import CITIES, CODES, DEMO_START, engagement
from rrm_dash.demo.techniques import incident_techniques
from rrm_dash.demo.texts import title_and_summary
from rrm_dash.demo.timeline import ELECTION_PHASES, WatchCalendar
from rrm_dash.demo.writer import TableWriter

#: TLP mix of HRF incidents (more restricted) and of the rest, so the whole is ~15/40/30/10/5 %.
_TLP_HRF = (0.05, 0.30, 0.35, 0.18, 0.12)
_TLP_OTHER = (0.168, 0.418, 0.291, 0.086, 0.037)
LOCATED_SHARE = 0.6


@dataclass(frozen=True)
class IncidentSet:
    """The incident table and the arrays later tables build on."""

    ids: pl.Series
    draw: IncidentDraw
    life: Lifecycle
    originator: np.ndarray
    tlp: np.ndarray
    frame: pl.DataFrame


def build_incidents(
    seed: int,
    n: int,
    calendar: WatchCalendar,
    channels: Channels,
    version: str,
    writer: TableWriter,
) -> IncidentSet:
    """Every incident row and link row, each part from its own random stream, handed to `writer`.

    Link rows come in incident order, which is their primary-key order: DuckDB maintains
    the key index several times faster so.
    """
    horizon_days = calendar.days
    draw = draw_incidents(stream(seed, "incidents"), n, calendar)
    ids = text_ids("INC-", n, 7).alias("incident_id")
    rng = stream(seed, "incident-markings")
    p_self = 0.15 + 0.55 * engagement()[draw.target]
    originator = draw_originators(rng, n, preferred=draw.target, p_preferred=p_self)
    tlp = np.where(draw.heading == HRF, draw_tlp(rng, n, _TLP_HRF), draw_tlp(rng, n, _TLP_OTHER))
    markings = marking_columns(rng, originator, tlp)
    originator_engagement = np.append(engagement(), 1.0)[originator]
    life = draw_lifecycle(
        stream(seed, "incident-lifecycle"), draw, horizon_days, originator_engagement, tlp <= 1
    )
    narratives, first_narrative = incident_narratives(stream(seed, "narratives"), ids, draw)
    assessment = assessment_columns(stream(seed, "assessment"), draw, life)
    ai_content = (assessment["content_origin"] == "ai").to_numpy()
    texts = title_and_summary(stream(seed, "texts"), draw, life, calendar, first_narrative)
    incident = pl.concat(
        [
            pl.DataFrame([ids]),
            texts,
            _timeline_columns(draw, life),
            _classification_columns(draw, calendar),
            assessment,
            _location_columns(stream(seed, "locations"), draw),
            markings,
        ],
        how="horizontal",
    )
    writer.insert("incident", incident)
    writer.insert("incident_narrative", narratives)
    writer.insert("incident_country", incident_countries(stream(seed, "countries"), ids, draw))
    writer.insert("incident_target", incident_targets(stream(seed, "targets"), ids, draw))
    techniques = incident_techniques(
        stream(seed, "techniques"), ids, draw.context, ai_content, version
    )
    writer.insert("incident_technique", techniques)
    writer.insert("incident_actor", incident_actors(ids, draw, stream(seed, "actors")))
    platforms = incident_platforms(stream(seed, "platforms"), ids, draw, channels)
    writer.insert("incident_platform", platforms)
    writer.insert(
        "incident_source", incident_sources(stream(seed, "sources"), ids, draw, horizon_days)
    )
    return IncidentSet(ids, draw, life, originator, tlp, incident)


def _timeline_columns(draw: IncidentDraw, life: Lifecycle) -> pl.DataFrame:
    stamps = np.vstack([life.detected, life.assessed, life.notified, life.published])
    return pl.DataFrame(
        [
            dates(DEMO_START, draw.day, "first_activity"),
            dates(DEMO_START, life.last_day, "last_activity"),
            timestamps(DEMO_START, life.detected, "detected_at"),
            timestamps(DEMO_START, life.assessed, "assessed_at"),
            timestamps(DEMO_START, life.notified, "notified_at"),
            timestamps(DEMO_START, life.published, "published_at"),
            labels(STATUSES, life.status, "status"),
            timestamps(DEMO_START, life.detected, "created_at"),
            timestamps(DEMO_START, np.nanmax(stamps, axis=0), "updated_at"),
        ]
    )


def _classification_columns(draw: IncidentDraw, calendar: WatchCalendar) -> pl.DataFrame:
    return pl.DataFrame(
        [
            labels(HEADINGS, draw.heading, "heading"),
            labels(THREAT_TYPES, draw.threat, "threat_type"),
            labels(TNR_VECTORS, draw.tnr, "tnr_vector"),
            labels(calendar.election_ids or ("",), draw.election, "election_id"),
            labels(ELECTION_PHASES, draw.phase, "election_phase"),
            labels(GENDER_DIMENSIONS, draw.gender, "gender_dimension"),
        ]
    )


def _location_columns(rng: np.random.Generator, draw: IncidentDraw) -> pl.DataFrame:
    """A jittered point near a city of the primary target on ~60 % of incidents."""
    cities = [(c, city) for c, code in enumerate(CODES) for city in CITIES[code]]
    owner = np.array([c for c, _ in cities])
    weight = np.array([city[3] for _, city in cities], dtype=float)
    # Pick a city of the target: draw a uniform number within the target's cumulative weights.
    pick = np.empty(draw.n, dtype=np.int64)
    for c in range(len(CODES)):
        rows = np.flatnonzero(draw.target == c)
        mine = np.flatnonzero(owner == c)
        pick[rows] = mine[
            rng.choice(len(mine), size=len(rows), p=weight[mine] / weight[mine].sum())
        ]
    located = rng.random(draw.n) < LOCATED_SHARE
    lat = np.array([city[1] for _, city in cities])[pick] + 0.04 * rng.standard_normal(draw.n)
    lon_scale = np.cos(np.radians(lat))
    lon = (
        np.array([city[2] for _, city in cities])[pick]
        + 0.04 * rng.standard_normal(draw.n) / lon_scale
    )
    return pl.DataFrame(
        [
            pl.Series("latitude", np.where(located, np.round(lat, 4), np.nan)).fill_nan(None),
            pl.Series("longitude", np.where(located, np.round(lon, 4), np.nan)).fill_nan(None),
            labels([city[0] for _, city in cities], np.where(located, pick, -1), "place_name"),
        ]
    )
