"""Assemble the incident table and its link tables from the drawn facts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from rrm_dash.demo.channels import Channels
from rrm_dash.demo.frames import (
    chunk_stream,
    dates,
    labels,
    row_ids,
    stream,
    text_ids,
    timestamps,
)
from rrm_dash.demo.incidents import (
    GENDER_DIMENSIONS,
    HEADINGS,
    HRF,
    THREAT_TYPES,
    TNR_VECTORS,
    IncidentDraw,
    draw_attributes,
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
from rrm_dash.demo.timeline import ELECTION_PHASES, WatchCalendar, draw_target_days
from rrm_dash.demo.writer import TableWriter

#: TLP mix of HRF incidents (more restricted) and of the rest, so the whole is ~15/40/30/10/5 %.
_TLP_HRF = (0.05, 0.30, 0.35, 0.18, 0.12)
_TLP_OTHER = (0.168, 0.418, 0.291, 0.086, 0.037)
LOCATED_SHARE = 0.6
ID_PREFIX = "INC-"
ID_WIDTH = 7
#: Incidents drawn and written at a time. A bigger demo is built chunk by chunk, so its memory
#: stays bounded whatever its size; a demo of one chunk is drawn exactly as before chunking.
CHUNK_SIZE = 250_000


@dataclass(frozen=True)
class IncidentSet:
    """What later tables need of every incident: parallel arrays in incident (id) order."""

    target: np.ndarray
    actor: np.ndarray
    detected: np.ndarray

    @property
    def n(self) -> int:
        return len(self.target)

    def ids(self, rows: np.ndarray) -> pl.Series:
        """The incident ids of rows `rows`."""
        return row_ids(ID_PREFIX, rows, ID_WIDTH).alias("incident_id")


def build_incidents(
    seed: int,
    n: int,
    calendar: WatchCalendar,
    channels: Channels,
    version: str,
    writer: TableWriter,
    chunk_size: int = CHUNK_SIZE,
) -> IncidentSet:
    """Every incident row and link row, handed to `writer` one chunk of incidents at a time.

    Targets and first days are drawn for all incidents at once (they are sorted by day),
    everything else chunk by chunk, each part from its own random stream. Once a chunk is
    handed over, drawing waits until the chunk before it is written, so at most two chunks of
    rows are in memory: one being written, the next being drawn. Link rows come in incident
    order, which is their primary-key order: DuckDB maintains the key index faster so.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    rng = stream(seed, "incidents")
    target, day = draw_target_days(rng, n, calendar)
    actor = np.empty(n, dtype=np.int64)
    detected = np.empty(n, dtype=float)
    written = 0
    for chunk, start in enumerate(range(0, n, chunk_size)):
        rows = slice(start, min(n, start + chunk_size))
        # The first chunk goes on with the stream that drew targets and days, as before chunking.
        chunk_rng = rng if chunk == 0 else chunk_stream(seed, "incidents", chunk)
        draw = draw_attributes(chunk_rng, target[rows], day[rows], calendar)
        ids = text_ids(ID_PREFIX, draw.n, ID_WIDTH, offset=start).alias("incident_id")
        parts = _Parts(seed, chunk)
        detected[rows] = _write_chunk(parts, ids, draw, calendar, channels, version, writer)
        actor[rows] = draw.actor
        submitted = writer.submitted()
        writer.wait(written)
        written = submitted
    return IncidentSet(target, actor, detected)


@dataclass(frozen=True)
class _Parts:
    """The random stream of each part of one chunk."""

    seed: int
    chunk: int

    def rng(self, name: str) -> np.random.Generator:
        return chunk_stream(self.seed, name, self.chunk)


def _write_chunk(
    parts: _Parts,
    ids: pl.Series,
    draw: IncidentDraw,
    calendar: WatchCalendar,
    channels: Channels,
    version: str,
    writer: TableWriter,
) -> np.ndarray:
    """Hand one chunk's incident rows and link rows to `writer`; return their detection times."""
    n, horizon_days = draw.n, calendar.days
    rng = parts.rng("incident-markings")
    p_self = 0.15 + 0.55 * engagement()[draw.target]
    originator = draw_originators(rng, n, preferred=draw.target, p_preferred=p_self)
    tlp = np.where(draw.heading == HRF, draw_tlp(rng, n, _TLP_HRF), draw_tlp(rng, n, _TLP_OTHER))
    markings = marking_columns(rng, originator, tlp)
    originator_engagement = np.append(engagement(), 1.0)[originator]
    life = draw_lifecycle(
        parts.rng("incident-lifecycle"), draw, horizon_days, originator_engagement, tlp <= 1
    )
    narratives, first_narrative = incident_narratives(parts.rng("narratives"), ids, draw)
    assessment = assessment_columns(parts.rng("assessment"), draw, life)
    ai_content = (assessment["content_origin"] == "ai").to_numpy()
    texts = title_and_summary(parts.rng("texts"), draw, life, calendar, first_narrative)
    incident = pl.concat(
        [
            pl.DataFrame([ids]),
            texts,
            _timeline_columns(draw, life),
            _classification_columns(draw, calendar),
            assessment,
            _location_columns(parts.rng("locations"), draw),
            markings,
        ],
        how="horizontal",
    )
    writer.insert("incident", incident)
    writer.insert("incident_narrative", narratives)
    writer.insert("incident_country", incident_countries(parts.rng("countries"), ids, draw))
    writer.insert("incident_target", incident_targets(parts.rng("targets"), ids, draw))
    techniques = incident_techniques(
        parts.rng("techniques"), ids, draw.context, ai_content, version
    )
    writer.insert("incident_technique", techniques)
    writer.insert("incident_actor", incident_actors(ids, draw, parts.rng("actors")))
    platforms = incident_platforms(parts.rng("platforms"), ids, draw, channels)
    writer.insert("incident_platform", platforms)
    writer.insert(
        "incident_source", incident_sources(parts.rng("sources"), ids, draw, horizon_days)
    )
    return life.detected


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
