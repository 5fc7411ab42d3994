"""Canary records: unique tokens at every TLP marking, written through the real write path.

`build_canary_warehouse` publishes the demo, then publishes `add_canaries` on top of it. Every
canary record carries a token (in its title, name, handle, URL, place or id); `CANARIES` maps
each token to the viewers in `VIEWERS` allowed to see it, derived in plain Python from the
table in docs/access.md (not from the SQL under test). A token outside its set of viewers,
anywhere on a page or in a download, is a leak.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from rrm_dash.access import FULL_MEMBERS, TLP_RANK, Principal, Role
from rrm_dash.ingest.demo import publish_demo
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.reference import disarm_version

DEMO_INCIDENTS = 300
#: The canaries' DISARM tags: the same combination on every canary (so they are related).
TECHNIQUES = ("T0049", "T0085.001")
TARGETED = ("CA", "FR")

#: The viewers of the network the suite runs as (the public is out of scope for pages).
VIEWERS: dict[str, Principal] = {
    "analyst": Principal("canary-analyst", Role.ANALYST),
    "admin": Principal("canary-admin", Role.ADMIN),
    "ca_focal": Principal("canary-ca-focal", Role.FOCAL_POINT, "CA"),
    "fr_focal": Principal("canary-fr-focal", Role.FOCAL_POINT, "FR"),
    "ca_taskforce": Principal("canary-ca-taskforce", Role.TASKFORCE, "CA"),
    "au_observer": Principal("canary-au-observer", Role.OBSERVER, "AU"),
    "leadership": Principal("canary-leadership", Role.LEADERSHIP),
}


@dataclass(frozen=True)
class Marking:
    tlp: str
    originator: str
    releasable_to: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """E.g. AMBER-FR, AMBER-STRICT-FR-TO-CA, RED-FR-TO-CU."""
        name = f"{self.tlp.replace('+', '-')}-{self.originator}"
        return name + "".join(f"-TO-{code}" for code in self.releasable_to)


MARKINGS = (
    Marking("CLEAR", "FR"),
    Marking("GREEN", "FR"),
    Marking("AMBER", "FR"),
    Marking("AMBER", "FR", ("AU",)),
    Marking("AMBER+STRICT", "FR"),
    Marking("AMBER+STRICT", "FR", ("CA",)),
    Marking("RED", "FR"),
    Marking("RED", "FR", ("CU",)),
)
PLATFORMS = ("telegram", "vk", "x", "youtube", "tiktok", "reddit", "wechat", "linkedin")


#: Ceilings a role's views carry whatever the viewer may otherwise see (docs/access.md:
#: the leadership briefing shows nothing above TLP:GREEN).
ROLE_CEILINGS = {Role.LEADERSHIP: "GREEN"}


def may_see(principal: Principal, marking: Marking) -> bool:
    """docs/access.md's table, written independently of sql/read/scope.sql."""
    if not principal.signed_in:
        return marking.tlp == "CLEAR"
    ceiling = min(TLP_RANK[principal.ceiling], TLP_RANK[ROLE_CEILINGS.get(principal.role, "RED")])
    if TLP_RANK[marking.tlp] > ceiling:
        return False
    if principal.role in (Role.ADMIN, Role.ANALYST):
        me: str | None = "CU"
    else:
        me = principal.member_code
    named = me is not None and me in marking.releasable_to
    match marking.tlp:
        case "CLEAR" | "GREEN":
            return True
        case "AMBER":
            return me == "CU" or me in FULL_MEMBERS or named
        case "AMBER+STRICT":
            return me == "CU" or me == marking.originator or named
        case _:
            return me == marking.originator or named


def _token(kind: str, marking: Marking) -> str:
    digest = hashlib.sha256(f"{kind}/{marking.slug}".encode()).hexdigest()[:4]
    return f"CANARY-{kind}-{marking.slug}-{digest}"


@dataclass(frozen=True)
class Canary:
    """Every token planted for one marking."""

    marking: Marking
    incident: str  # incident title and summary
    incident_id: str
    actor: str  # actor name (the actor is marked like the incident)
    actor_id: str
    narrative: str  # narrative name
    channel: str  # channel handle
    source: str  # in the source URL on example.org
    place: str  # incident place name (shown on the map)
    report: str  # RRM Wire report title
    report_id: str
    response: str  # response title
    response_id: str

    def tokens(self) -> list[str]:
        return [
            self.incident,
            self.incident_id,
            self.actor,
            self.actor_id,
            self.narrative,
            self.channel,
            self.source,
            self.place,
            self.report,
            self.report_id,
            self.response,
            self.response_id,
        ]


def _canary(marking: Marking) -> Canary:
    return Canary(
        marking=marking,
        incident=_token("INC", marking),
        incident_id=_token("INCID", marking).lower(),
        actor=_token("ACT", marking),
        actor_id=_token("ACTID", marking).lower(),
        narrative=_token("NAR", marking),
        channel=_token("CHN", marking),
        source=_token("SRC", marking),
        place=_token("PLC", marking),
        report=_token("RPT", marking),
        report_id=_token("RPTID", marking).lower(),
        response=_token("RSP", marking),
        response_id=_token("RSPID", marking).lower(),
    )


CANARY_RECORDS: tuple[Canary, ...] = tuple(_canary(marking) for marking in MARKINGS)
#: The CLEAR canary: its incident links to every canary actor, narrative and channel, and its
#: response to every canary incident, so hidden links under a visible record are tested too.
HUB = CANARY_RECORDS[0]

#: token -> names of the viewers (keys of VIEWERS) allowed to see it.
CANARIES: dict[str, set[str]] = {
    token: {name for name, principal in VIEWERS.items() if may_see(principal, canary.marking)}
    for canary in CANARY_RECORDS
    for token in canary.tokens()
}


def visible_canaries(viewer: str) -> list[Canary]:
    return [c for c in CANARY_RECORDS if may_see(VIEWERS[viewer], c.marking)]


def forbidden_tokens(viewer: str) -> set[str]:
    return {token for token, allowed in CANARIES.items() if viewer not in allowed}


def leaks(viewer: str, text: str) -> list[str]:
    """Tokens `viewer` may not see that occur in `text`."""
    return sorted(token for token in forbidden_tokens(viewer) if token in text)


def add_canaries(con: duckdb.DuckDBPyConnection, today: date) -> None:
    """Insert every canary record (called inside `publish`)."""
    now = datetime.combine(today, datetime.min.time(), tzinfo=UTC).replace(tzinfo=None)
    version = disarm_version()
    for index, c in enumerate(CANARY_RECORDS):
        m = c.marking
        marks = {
            "tlp": m.tlp,
            "originator": m.originator,
            "releasable": list(m.releasable_to),
            "created": now - timedelta(days=3),
        }
        detected = now - timedelta(days=3 + index)
        con.execute(
            "insert into actor (actor_id, name, actor_kind, sponsor_state, description, tlp,"
            " originator_member, releasable_to, created_at, updated_at) values ($id, $name,"
            " 'unknown', null, $name, $tlp, $originator, $releasable, $created, $created)",
            {"id": c.actor_id, "name": c.actor, **marks},
        )
        con.execute(
            "insert into narrative (narrative_id, name, summary, tlp, originator_member,"
            " releasable_to, created_at, updated_at) values ($id, $name, $name, $tlp,"
            " $originator, $releasable, $created, $created)",
            {"id": f"{c.incident_id}-narrative", "name": c.narrative, **marks},
        )
        con.execute(
            "insert into channel (channel_id, platform, handle, exposure_category, actor_id, tlp,"
            " originator_member, releasable_to, created_at, updated_at) values ($id, $platform,"
            " $handle, 'state_linked', $actor, $tlp, $originator, $releasable, $created,"
            " $created)",
            {
                "id": f"{c.incident_id}-channel",
                "platform": PLATFORMS[index],
                "handle": c.channel,
                "actor": c.actor_id,
                **marks,
            },
        )
        con.execute(
            "insert into incident (incident_id, title, summary, first_activity, last_activity,"
            " detected_at, heading, threat_type, attribution_status, gender_dimension, status,"
            " latitude, longitude, place_name, breakout_scale, reach_estimate, tlp,"
            " originator_member, releasable_to, created_at, updated_at) values ($id, $title,"
            " $summary, $day, $day, $detected, 'MIE', 'disinformation', 'suspected',"
            " 'targets_women', 'assessed', $lat, $lon, $place, 2, 1000, $tlp, $originator,"
            " $releasable, $created, $created)",
            {
                "id": c.incident_id,
                "title": f"{c.incident} coordinated inauthentic posts",
                "summary": f"Canary record {c.incident}: must be seen only by its audience.",
                "day": detected.date(),
                "detected": detected,
                # far from each other: each canary lands in its own map cell
                "lat": -40.0 + 10 * index,
                "lon": -150.0 + 35 * index,
                "place": c.place,
                **marks,
            },
        )
        for code in TARGETED:
            con.execute(
                "insert into incident_country values ($id, $code, 'targeted')",
                {"id": c.incident_id, "code": code},
            )
        con.execute(
            "insert into incident_target values ($id, 'journalist_or_media', 'women', 'none')",
            {"id": c.incident_id},
        )
        for technique in TECHNIQUES:
            con.execute(
                "insert into incident_technique values ($id, $technique, $version)",
                {"id": c.incident_id, "technique": technique, "version": version},
            )
        con.execute(
            "insert into incident_source (incident_id, url, source_category, published_on)"
            " values ($id, $url, 'research_report', $day)",
            {
                "id": c.incident_id,
                "url": f"https://example.org/{c.source}",
                "day": detected.date(),
            },
        )
        con.execute(
            "insert into report (report_id, title, summary, report_type, published_at, url, tlp,"
            " originator_member, releasable_to, created_at, updated_at) values ($id, $title,"
            " $title, 'alert', $published, $url, $tlp, $originator, $releasable, $created,"
            " $created)",
            {
                "id": c.report_id,
                "title": f"{c.report} alert",
                "published": now - timedelta(hours=1 + index),
                "url": f"https://example.org/{c.report_id}",
                **marks,
            },
        )
        con.execute(
            "insert into response (response_id, title, response_type, lead_member, status,"
            " proposed_at, outcome, tlp, originator_member, releasable_to, created_at,"
            " updated_at) values ($id, $title, 'information_sharing', 'FR', 'proposed',"
            " $proposed, $title, $tlp, $originator, $releasable, $created, $created)",
            {
                "id": c.response_id,
                "title": f"{c.response} response",
                # the hub (CLEAR) is the newest, so it is the one the Responses view opens
                "proposed": now - timedelta(hours=1 + index),
                **marks,
            },
        )
        for member, position in (("FR", "lead"), ("CA", "join")):
            con.execute(
                "insert into response_member values ($id, $member, $position, null)",
                {"id": c.response_id, "member": member, "position": position},
            )

    for index, c in enumerate(CANARY_RECORDS):
        # each incident links its own actor, narrative and channel; the hub links them all
        linked = CANARY_RECORDS if c is HUB else (c,)
        for other in linked:
            con.execute(
                "insert into incident_actor values ($incident, $actor, 'perpetrator')",
                {"incident": c.incident_id, "actor": other.actor_id},
            )
            con.execute(
                "insert into incident_narrative values ($incident, $narrative)",
                {"incident": c.incident_id, "narrative": f"{other.incident_id}-narrative"},
            )
        platforms = enumerate(CANARY_RECORDS) if c is HUB else [(index, c)]
        for position, other in platforms:
            con.execute(
                "insert into incident_platform values ($incident, $platform, $channel)",
                {
                    "incident": c.incident_id,
                    "platform": PLATFORMS[position],
                    "channel": f"{other.incident_id}-channel",
                },
            )
        responses_linked = CANARY_RECORDS if c is HUB else (c,)
        for other in responses_linked:
            con.execute(
                "insert into response_incident values ($response, $incident)",
                {"response": c.response_id, "incident": other.incident_id},
            )


def build_canary_warehouse(published: Path, today: date) -> Path:
    """The demo, then the canaries on top, both through rrm_dash.ingest.load.publish."""
    publish_demo(published, incidents=DEMO_INCIDENTS, today=today)
    publish(published, lambda con: add_canaries(con, today))
    return published
