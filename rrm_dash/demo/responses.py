"""Coordinated responses through their lifecycle, members' positions, and the incidents they answer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from rrm_dash.demo.actors import ACTORS
from rrm_dash.demo.frames import SECONDS_PER_DAY, choice, labels, timestamps
from rrm_dash.demo.incident_set import IncidentSet
from rrm_dash.demo.markings import draw_tlp, marking_columns
from rrm_dash.demo.profiles import CODES, DEMO_START, IN_SENTENCE, engagement
from rrm_dash.demo.texts import SYNTHETIC

STATUSES = ("proposed", "under_consultation", "agreed", "executed", "declined", "withdrawn")
PROPOSED, CONSULTING, AGREED, EXECUTED, DECLINED, WITHDRAWN = range(6)
RESPONSE_TYPES = (
    "joint_statement", "public_attribution", "diplomatic_demarche", "sanctions",
    "platform_referral", "exposure_report", "information_sharing", "capacity_building",
)  # fmt: skip
_TYPE_WEIGHTS = (0.18, 0.10, 0.12, 0.05, 0.20, 0.12, 0.15, 0.08)
_TYPE_TITLES = (
    "Joint statement on", "Coordinated attribution of", "Démarche over", "Sanctions over",
    "Platform referral of", "Joint exposure report on", "Information sharing on", "Capacity building against",
)  # fmt: skip
#: Status mix by age of the proposal: under 45 days, 45-180 days, 180-540 days, older.
_AGE_BANDS = (45, 180, 540)
_STATUS_BY_AGE = np.array(
    [
        (0.45, 0.45, 0.10, 0.00, 0.00, 0.00),
        (0.10, 0.30, 0.25, 0.20, 0.08, 0.07),
        (0.00, 0.05, 0.10, 0.55, 0.17, 0.13),
        (0.00, 0.00, 0.03, 0.62, 0.20, 0.15),
    ]
)
_OUTCOMES = {
    EXECUTED: "Carried out as agreed by the participating members.",
    DECLINED: "Declined: too few members supported it.",
    WITHDRAWN: "Withdrawn by the lead member after new information.",
}
POSITIONS = ("lead", "join", "abstain", "decline")


@dataclass(frozen=True)
class Responses:
    frame: pl.DataFrame
    members: pl.DataFrame
    incidents: pl.DataFrame


def response_count(incidents: int) -> int:
    return int(np.clip(60 + incidents // 50, 60, 120))


def build_responses(
    rng: np.random.Generator, incidents: IncidentSet, horizon_days: int
) -> Responses:
    """Responses proposed since autumn 2018, each answering 1-5 recent incidents."""
    n = response_count(incidents.n)
    first = 120
    days = np.arange(first, horizon_days)
    proposed = np.sort(choice(rng, n, np.exp(0.2 * days / 365.25))) + first
    proposed_s = proposed * float(SECONDS_PER_DAY) + rng.uniform(9, 17, n) * 3600
    age = horizon_days * float(SECONDS_PER_DAY) - proposed_s
    age_band = np.digitize(age / SECONDS_PER_DAY, _AGE_BANDS)
    status = np.array([choice(rng, 1, _STATUS_BY_AGE[b])[0] for b in age_band])
    status = _every_status_present(status)
    agreed = proposed_s + np.minimum(
        14 * np.exp(0.6 * rng.standard_normal(n)) * SECONDS_PER_DAY, 0.45 * age
    )
    executed = agreed + np.minimum(
        10 * np.exp(0.6 * rng.standard_normal(n)) * SECONDS_PER_DAY, 0.45 * age
    )
    closed = proposed_s + np.minimum(
        25 * np.exp(0.5 * rng.standard_normal(n)) * SECONDS_PER_DAY, 0.9 * age
    )
    is_agreed = np.isin(status, [AGREED, EXECUTED])
    is_closed = np.isin(status, [DECLINED, WITHDRAWN])
    eng = engagement()
    lead = choice(rng, n, 0.02 + eng**2)
    kind = choice(rng, n, _TYPE_WEIGHTS)
    links = _answered_incidents(rng, incidents, proposed_s)
    anchor = links.group_by("row", maintain_order=True).first()["incident_row"].to_numpy()
    actor = incidents.actor[anchor]
    subject = [
        (f"{ACTORS[a].name} activity" if a >= 0 else "coordinated inauthentic activity")
        + f" targeting {IN_SENTENCE[CODES[t]]}"
        for a, t in zip(actor.tolist(), incidents.target[anchor].tolist(), strict=True)
    ]
    public = np.isin(kind, [0, 1]) & (status == EXECUTED)
    tlp = np.where(public, 0, draw_tlp(rng, n, (0.05, 0.35, 0.40, 0.15, 0.05)))
    since_executed = horizon_days * float(SECONDS_PER_DAY) - executed
    assessed = (
        (status == EXECUTED) & (since_executed > 90 * SECONDS_PER_DAY) & (rng.random(n) < 0.85)
    )
    effectiveness = np.where(assessed, 1 + choice(rng, n, (0.3, 0.45, 0.25)), 0)
    ids = [f"RSP-{i + 1:03d}" for i in range(n)]
    frame = pl.DataFrame(
        {
            "response_id": ids,
            "title": [
                f"{_TYPE_TITLES[k]} {s}" for k, s in zip(kind.tolist(), subject, strict=True)
            ],
            "response_type": labels(RESPONSE_TYPES, kind),
            "lead_member": labels(CODES, lead),
            "status": labels(STATUSES, status),
            "proposed_at": timestamps(DEMO_START, proposed_s, "p"),
            "agreed_at": timestamps(DEMO_START, np.where(is_agreed, agreed, np.nan), "a"),
            "executed_at": timestamps(
                DEMO_START, np.where(status == EXECUTED, executed, np.nan), "e"
            ),
            "closed_at": timestamps(DEMO_START, np.where(is_closed, closed, np.nan), "c"),
            "outcome": [
                f"{_OUTCOMES[s]} {SYNTHETIC}" if s in _OUTCOMES else None for s in status.tolist()
            ],
            "effectiveness": labels(("not_assessed", "low", "moderate", "high"), effectiveness),
            "created_at": timestamps(DEMO_START, proposed_s, "created"),
        },
        schema_overrides={"outcome": pl.String},
    )
    last = np.nanmax(np.vstack([proposed_s, np.where(is_agreed, agreed, np.nan),
                                np.where(status == EXECUTED, executed, np.nan),
                                np.where(is_closed, closed, np.nan)]), axis=0)  # fmt: skip
    frame = frame.with_columns(timestamps(DEMO_START, last, "updated_at")).hstack(
        marking_columns(rng, lead, tlp)
    )
    decided_by = np.where(
        is_closed, closed, np.where(is_agreed, agreed, horizon_days * float(SECONDS_PER_DAY))
    )
    members = _positions(rng, ids, lead, status, proposed_s, decided_by)
    incidents_frame = pl.DataFrame(
        {
            "response_id": pl.Series(ids).gather(links["row"]),
            "incident_id": incidents.ids(links["incident_row"].to_numpy()),
        }
    )
    return Responses(frame, members, incidents_frame)


def _every_status_present(status: np.ndarray) -> np.ndarray:
    """Overwrite a few proposals so that every lifecycle status occurs (open ones among the newest)."""
    status = status.copy()
    n = len(status)
    newest, oldest = list(range(n - 1, -1, -1)), list(range(n))
    used: set[int] = set()
    for wanted in range(len(STATUSES)):
        if (status == wanted).any():
            continue
        pool = newest if wanted in (PROPOSED, CONSULTING) else oldest
        index = next(i for i in pool if i not in used and np.sum(status == status[i]) > 1)
        status[index] = wanted
        used.add(index)
    return status


def _answered_incidents(
    rng: np.random.Generator, incidents: IncidentSet, proposed_s: np.ndarray
) -> pl.DataFrame:
    """(row, incident_row): an anchor detected in the 120 days before, plus more of the same actor."""
    detected = incidents.detected
    order = np.argsort(detected, kind="stable")
    sorted_detected = detected[order]
    rows, picked = [], []
    for r, at in enumerate(proposed_s.tolist()):
        # At least one incident: the latest one detected before, if none is that recent.
        lo = min(np.searchsorted(sorted_detected, at - 120 * SECONDS_PER_DAY), len(order) - 1)
        hi = max(np.searchsorted(sorted_detected, at), lo + 1)
        window = order[lo:hi]
        anchor = int(window[rng.integers(len(window))])
        actor = incidents.actor[anchor]
        peers = window[incidents.actor[window] == actor] if actor >= 0 else window
        extra = rng.choice(peers, size=min(len(peers), int(rng.integers(0, 5))), replace=False)
        chosen = list(dict.fromkeys([anchor, *extra.tolist()]))
        rows.extend([r] * len(chosen))
        picked.extend(chosen)
    return pl.DataFrame({"row": rows, "incident_row": picked})


def _positions(
    rng: np.random.Generator, ids: list[str], lead: np.ndarray, status: np.ndarray,
    proposed_s: np.ndarray, decided_by: np.ndarray,
) -> pl.DataFrame:  # fmt: skip
    """The lead's row, and positions of other focal points: the engaged join, the others abstain."""
    n, m = len(ids), len(CODES)
    eng = engagement()
    p_row = np.where(status[:, None] == PROPOSED, 0.1 + 0.25 * eng, 0.3 + 0.6 * eng)
    has_row = rng.random((n, m)) < p_row
    p_join = np.where(status[:, None] == DECLINED, 0.1 + 0.3 * eng, 0.25 + 0.7 * eng)
    u = rng.random((n, m))
    position = np.where(u < p_join, 1, np.where(u < p_join + (1 - p_join) * 0.7, 2, 3))
    is_lead = np.arange(m)[None, :] == lead[:, None]
    position = np.where(is_lead, 0, position)
    has_row |= is_lead
    decided = proposed_s[:, None] + rng.random((n, m)) * (decided_by - proposed_s)[:, None]
    decided = np.where(is_lead, proposed_s[:, None], decided)
    r, c = np.nonzero(has_row)
    return pl.DataFrame(
        {
            "response_id": pl.Series(ids).gather(r),
            "member_code": labels(CODES, c),
            "position": labels(POSITIONS, position[r, c]),
            "decided_at": timestamps(DEMO_START, decided[r, c], "decided_at"),
        }
    )
