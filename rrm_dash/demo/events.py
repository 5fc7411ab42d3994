"""Engagement events: what each focal point did beyond meetings, derived from the other demo tables."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import numpy as np
import polars as pl

from rrm_dash.access import FULL_MEMBERS
from rrm_dash.demo.frames import SECONDS_PER_DAY, choice, labels, timestamps
from rrm_dash.demo.markings import marking_columns
from rrm_dash.demo.profiles import CODES, COORDINATION_UNIT, DEMO_START, PROFILES, engagement
from rrm_dash.demo.responses import Responses

_MARKINGS = ("tlp", "pap", "originator_member", "releasable_to", "chatham_house")
_COLUMNS = (
    "member_code",
    "event_type",
    "occurred_at",
    "latency_hours",
    "object_type",
    "object_id",
    *_MARKINGS,
)
RFIS_PER_YEAR = (8, 15)
_OTHER_EVENTS = "_rrm_demo_events"
_ORDER = "occurred_at, event_type, member_code, object_id"


def engagement_events(
    rng: np.random.Generator,
    reports: pl.DataFrame,
    responses: Responses,
    horizon_days: int,
) -> pl.DataFrame:
    """Every event but the incidents contributed (those are read from the incident table).

    Unordered and without ids: `insert_engagement_events` adds the incident events, orders
    them all by time and numbers them.
    """
    parts = [
        _reports_shared(reports),
        _alerts_acknowledged(rng, reports, horizon_days),
        _rfis_answered(rng, horizon_days),
        _responses_joined(responses),
        _statements_cosigned(responses),
    ]
    typed = [
        p.select(_COLUMNS).with_columns(
            pl.col("occurred_at").cast(pl.Datetime("us")), pl.col("latency_hours").cast(pl.Float64)
        )
        for p in parts
    ]
    return pl.concat(typed)


#: A focal point contributed each incident it originated, when the network was notified. The
#: events, ordered by time (then type, member and object: a unique key), get ids EVT-00000001...
_INSERT_EVENTS = f"""
insert into engagement_event by name
with event as (
    select originator_member as member_code, 'incident_contributed' as event_type,
           notified_at as occurred_at, null::double as latency_hours, 'incident' as object_type,
           incident_id as object_id, tlp, pap, originator_member, releasable_to, chatham_house
    from incident
    where originator_member <> $coordination_unit and notified_at is not null
    union all by name
    select * from {_OTHER_EVENTS}
)
select printf('EVT-%08d', row_number() over (order by {_ORDER})) as event_id, *,
       occurred_at as created_at, occurred_at as updated_at
from event
order by {_ORDER}
"""  # noqa: S608 (constants of this module)


def insert_engagement_events(con: duckdb.DuckDBPyConnection, others: pl.DataFrame) -> int:
    """Insert the incident events of the incident table and `others`, ordered and numbered.

    Run it once every incident is written; return the number of events inserted.
    """
    con.register(_OTHER_EVENTS, others.to_arrow(compat_level=pl.CompatLevel.newest()))
    try:
        rows = con.execute(_INSERT_EVENTS, {"coordination_unit": COORDINATION_UNIT}).fetchall()
    finally:
        con.unregister(_OTHER_EVENTS)
    return int(rows[0][0])


def _event(kind: str, object_type: str) -> list[pl.Expr]:
    return [pl.lit(kind).alias("event_type"), pl.lit(object_type).alias("object_type")]


def _reports_shared(reports: pl.DataFrame) -> pl.DataFrame:
    return reports.filter(pl.col("originator_member") != COORDINATION_UNIT).select(
        pl.col("originator_member").alias("member_code"), *_event("report_shared", "report"),
        pl.col("published_at").alias("occurred_at"), pl.lit(None, pl.Float64).alias("latency_hours"),
        pl.col("report_id").alias("object_id"), *_MARKINGS,
    )  # fmt: skip


def _inherited(member: pl.Expr, owner: pl.Expr) -> list[pl.Expr]:
    """The markings of the object acted on, so an event never reveals a row its reader cannot see."""
    return [
        pl.col("tlp"), pl.col("pap"), member.alias("originator_member"),
        pl.concat_list([pl.col("releasable_to"), pl.concat_list([owner])]).list.unique(maintain_order=True)
        .alias("releasable_to"),
        pl.col("chatham_house"),
    ]  # fmt: skip


def _alerts_acknowledged(
    rng: np.random.Generator, reports: pl.DataFrame, horizon_days: int
) -> pl.DataFrame:
    """Focal points that may see an alert acknowledge it; the engaged ones within hours."""
    alerts = reports.filter(pl.col("report_type") == "alert").join(
        pl.DataFrame({"member_code": list(CODES), "m": np.arange(len(CODES))}), how="cross"
    )
    visible = (
        alerts.select(
            (pl.col("member_code") != pl.col("originator_member"))
            & (
                pl.col("tlp").is_in(["CLEAR", "GREEN"])
                | ((pl.col("tlp") == "AMBER") & pl.col("member_code").is_in(list(FULL_MEMBERS)))
                | pl.col("releasable_to").list.contains(pl.col("member_code"))
            )
        )
        .to_series()
        .to_numpy()
    )
    m = alerts["m"].to_numpy()
    acked = visible & (rng.random(len(m)) < 0.3 + 0.68 * engagement()[m])
    hours = np.array([p.ack_hours for p in PROFILES])[m] * np.exp(0.7 * rng.standard_normal(len(m)))
    at = alerts["published_at"] + pl.Series(np.round(hours * 3.6e6).astype("timedelta64[ms]"))
    horizon = np.datetime64(DEMO_START, "us") + np.timedelta64(horizon_days, "D")
    alerts = alerts.with_columns(
        pl.Series("occurred_at", at), pl.Series("latency_hours", np.round(hours, 2))
    )
    return alerts.filter(pl.Series(acked) & (pl.col("occurred_at") < horizon)).select(
        "member_code", *_event("alert_acknowledged", "report"), "occurred_at", "latency_hours",
        pl.col("report_id").alias("object_id"), *_inherited(pl.col("member_code"), pl.col("originator_member")),
    )  # fmt: skip


def _rfis_answered(rng: np.random.Generator, horizon_days: int) -> pl.DataFrame:
    """Requests for information from the CU; engaged focal points answer most, and fast."""
    last_year = (DEMO_START + timedelta(days=horizon_days)).year
    issued, names = [], []
    for year in range(DEMO_START.year + 1, last_year + 1):
        start = (date(year, 1, 1) - DEMO_START).days
        for k in range(int(rng.integers(*RFIS_PER_YEAR))):
            issued.append(start + rng.uniform(5, 360))
            names.append(f"RFI-{year}-{k + 1:02d}")
    issued_days = np.array(issued)
    keep = issued_days < horizon_days
    issued_days, rfi = issued_days[keep], np.array(names)[keep]
    r, m = np.repeat(np.arange(len(rfi)), len(CODES)), np.tile(np.arange(len(CODES)), len(rfi))
    hours = np.array([p.rfi_hours for p in PROFILES])[m] * np.exp(0.8 * rng.standard_normal(len(m)))
    at = issued_days[r] * SECONDS_PER_DAY + hours * 3600
    answered = (rng.random(len(m)) < 0.08 + 0.88 * engagement()[m]) & (
        at < horizon_days * SECONDS_PER_DAY
    )
    r, m, hours, at = r[answered], m[answered], hours[answered], at[answered]
    tlp = choice(rng, len(r), (0.0, 0.6, 0.4, 0.0, 0.0))
    return (
        pl.DataFrame(
            [
                labels(CODES, m, "member_code"),
                timestamps(DEMO_START, at, "occurred_at"),
                pl.Series("latency_hours", np.round(hours, 2)),
                pl.Series("object_id", rfi[r], dtype=pl.String),
            ]
        )
        .with_columns(*_event("rfi_answered", "rfi"))
        .hstack(marking_columns(rng, m, tlp, chatham_share=0.0))
    )


def _responses_joined(responses: Responses) -> pl.DataFrame:
    joined = responses.members.filter(pl.col("position") == "join").join(
        responses.frame, on="response_id", how="inner", maintain_order="left"
    )
    return joined.select(
        "member_code", *_event("response_joined", "response"), pl.col("decided_at").alias("occurred_at"),
        ((pl.col("decided_at") - pl.col("proposed_at")).dt.total_seconds() / 3600).round(2).alias("latency_hours"),
        pl.col("response_id").alias("object_id"), *_inherited(pl.col("member_code"), pl.col("lead_member")),
    )  # fmt: skip


def _statements_cosigned(responses: Responses) -> pl.DataFrame:
    signed = responses.members.filter(pl.col("position").is_in(["lead", "join"])).join(
        responses.frame.filter(
            (pl.col("response_type") == "joint_statement") & (pl.col("status") == "executed")
        ),
        on="response_id",
        how="inner",
        maintain_order="left",
    )
    return signed.select(
        "member_code", *_event("statement_cosigned", "response"), pl.col("executed_at").alias("occurred_at"),
        pl.lit(None, pl.Float64).alias("latency_hours"), pl.col("response_id").alias("object_id"),
        *_inherited(pl.col("member_code"), pl.col("lead_member")),
    )  # fmt: skip
