"""build_demo: fill a warehouse that has its reference data with the synthetic demo, in one transaction."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

import duckdb
import polars as pl

from rrm_dash.demo.actors import actor_frame
from rrm_dash.demo.channels import build_channels
from rrm_dash.demo.events import engagement_events, insert_engagement_events
from rrm_dash.demo.frames import insert_frame, stream
from rrm_dash.demo.incident_set import CHUNK_SIZE, build_incidents
from rrm_dash.demo.meetings import ad_hoc_elections, meeting_tables
from rrm_dash.demo.narratives import narrative_frame
from rrm_dash.demo.profiles import DEMO_START, FICTIONAL_CODES, FICTIONAL_STATES, PROFILES
from rrm_dash.demo.reports import report_frame
from rrm_dash.demo.responses import build_responses
from rrm_dash.demo.techniques import missing_techniques
from rrm_dash.demo.timeline import watch_calendar
from rrm_dash.demo.writer import TableWriter
from rrm_dash.ingest.reference import disarm_version

DATASET_KIND = "synthetic-demo"
EARLIEST_TODAY = date(2019, 1, 1)
GENERATOR = "rrm_dash.demo"
#: Tables the demo fills, in insertion order (emptied first, so a rebuild replaces them).
DEMO_TABLES = (
    "actor", "narrative", "channel", "incident", "incident_country", "incident_target",
    "incident_technique", "incident_actor", "incident_platform", "incident_narrative",
    "incident_source", "meeting", "meeting_attendance", "report", "response",
    "response_member", "response_incident", "engagement_event",
)  # fmt: skip


@dataclass(frozen=True)
class DemoSummary:
    """Rows the demo wrote, per table."""

    fictional_countries: int
    actor: int
    narrative: int
    channel: int
    incident: int
    incident_country: int
    incident_target: int
    incident_technique: int
    incident_actor: int
    incident_platform: int
    incident_narrative: int
    incident_source: int
    meeting: int
    meeting_attendance: int
    report: int
    response: int
    response_member: int
    response_incident: int
    engagement_event: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def build_demo(
    con: duckdb.DuckDBPyConnection,
    *,
    seed: int = 7,
    incidents: int = 3000,
    today: date,
    chunk_size: int = CHUNK_SIZE,
) -> DemoSummary:
    """Fill every non-reference table with deterministic synthetic data.

    `con` must have the schema applied and `load_reference(con, today)` run. The same
    (seed, incidents, today) always gives the same table contents: nothing depends on the
    wall clock. Incidents are drawn and written `chunk_size` at a time, so memory stays
    bounded at any size; up to one chunk, the contents do not depend on `chunk_size`. Tables
    are written in parallel, each insert committing on its own, so call it inside
    `next_snapshot`, which throws a failed build away whole.
    """
    if incidents < 1:
        raise ValueError("incidents must be at least 1")
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    if today < EARLIEST_TODAY:
        raise ValueError(
            f"today must be {EARLIEST_TODAY.isoformat()} or later: the demo runs from"
            f" {DEMO_START.isoformat()} and needs a few months of history"
        )
    if con.sql("select count(*) from member").fetchall()[0][0] == 0:
        raise ValueError(
            "the member table is empty: run load_reference(con, today) before build_demo"
        )
    missing = missing_techniques(con)
    if missing:
        raise ValueError(
            f"DISARM reference lacks technique ids the demo uses: {', '.join(missing)}"
        )
    counts = _fill(con, seed, incidents, today, chunk_size)
    return DemoSummary(**counts)


def _fill(
    con: duckdb.DuckDBPyConnection, seed: int, n: int, today: date, chunk_size: int
) -> dict[str, int]:
    for table in reversed(DEMO_TABLES):
        con.execute(f"delete from {table}")  # noqa: S608 (a constant of this module)
    fictional = _fictional_countries(con)
    # Everything read from the warehouse is read now: from here on only the writer uses `con`.
    calendar = watch_calendar(con, today)
    elections = ad_hoc_elections(con)
    version = disarm_version()
    with TableWriter(con) as writer:
        channels = build_channels(stream(seed, "channels"), DEMO_START)
        writer.insert("actor", actor_frame(stream(seed, "actor-table")))
        writer.insert("narrative", narrative_frame(stream(seed, "narrative-table")))
        writer.insert("channel", channels.frame)
        incident_set = build_incidents(
            seed, n, calendar, channels, version, writer, chunk_size=chunk_size
        )
        meetings, attendance = meeting_tables(stream(seed, "meetings"), elections, today)
        writer.insert("meeting", meetings)
        writer.insert("meeting_attendance", attendance)
        reports = report_frame(stream(seed, "reports"), today)
        writer.insert("report", reports)
        responses = build_responses(stream(seed, "responses"), incident_set, calendar.days)
        writer.insert("response", responses.frame)
        writer.insert("response_member", responses.members)
        writer.insert("response_incident", responses.incidents)
        counts = writer.counts()
    events = engagement_events(stream(seed, "events"), reports, responses, calendar.days)
    counts["engagement_event"] = insert_engagement_events(con, events)
    _set_focal_points(con)
    _write_meta(con, seed, n, today)
    return {"fictional_countries": fictional, **counts}


def _fictional_countries(con: duckdb.DuckDBPyConnection) -> int:
    """The fictional origin states XA-XE (replacing any earlier demo's)."""
    con.execute("delete from country where is_fictional or list_contains($codes, country_code)",
                {"codes": list(FICTIONAL_CODES)})  # fmt: skip
    frame = pl.DataFrame(
        {
            "country_code": [s.code for s in FICTIONAL_STATES],
            "iso3": [None] * len(FICTIONAL_STATES),
            "name_en": [s.name_en for s in FICTIONAL_STATES],
            "name_fr": [s.name_fr for s in FICTIONAL_STATES],
            "is_fictional": [True] * len(FICTIONAL_STATES),
            "latitude": [s.latitude for s in FICTIONAL_STATES],
            "longitude": [s.longitude for s in FICTIONAL_STATES],
        },
        schema_overrides={"iso3": pl.String},
    )
    return insert_frame(con, "country", frame)


def _set_focal_points(con: duckdb.DuckDBPyConnection) -> None:
    """Permanent or temporary focal points, as the demo's engagement profiles have them."""
    for profile in PROFILES:
        con.execute(
            "update member set focal_point_status = $status where member_code = $code",
            {"status": profile.focal_point_status, "code": profile.code},
        )


def _write_meta(con: duckdb.DuckDBPyConnection, seed: int, n: int, today: date) -> None:
    """What this warehouse is; no wall-clock time, so the same inputs give the same contents."""
    facts = {
        "dataset_kind": DATASET_KIND,
        "generator": GENERATOR,
        "seed": str(seed),
        "incidents": str(n),
        "built_for": today.isoformat(),
        "notice": "Synthetic demo data: actors, incidents and engagement are fictional.",
    }
    con.execute("delete from meta where list_contains($keys, key)", {"keys": list(facts)})
    insert_frame(con, "meta", pl.DataFrame({"key": list(facts), "value": list(facts.values())}))
