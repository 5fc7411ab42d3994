"""What an importer checks a file against: the vocabularies, reference ids and stored ids of a snapshot.

Importers run with write rights (admin, analyst): they read the warehouse tables directly, not
through the viewer's access scope, because a file must be checked against every stored id.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from rrm_dash.access import COORDINATION_UNIT


@dataclass(frozen=True)
class WarehouseFacts:
    vocabularies: dict[str, frozenset[str]]
    #: threat_type code → its heading code.
    threat_heading: dict[str, str]
    technique_ids: frozenset[str]
    retired_technique_ids: frozenset[str]
    #: The network's members, observers and the Coordination Unit (CU).
    member_codes: frozenset[str]
    country_codes: frozenset[str]
    #: The DISARM version the warehouse's technique table describes.
    disarm_version: str
    actor_ids: frozenset[str]
    narrative_ids: frozenset[str]
    election_ids: frozenset[str]
    incident_ids: frozenset[str]
    #: STIX id → (table, key) for every stored row that has a STIX id (incidents, actors).
    stix_ids: dict[str, tuple[str, str]]

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection) -> WarehouseFacts:
        """Read the facts of the database `con` is connected to (a snapshot with the schema)."""

        def ids(sql: str) -> frozenset[str]:
            return frozenset(value for (value,) in con.execute(sql).fetchall())

        vocabularies: dict[str, set[str]] = {}
        for name, code in con.execute("select vocabulary, code from vocabulary").fetchall():
            vocabularies.setdefault(name, set()).add(code)
        threat_heading = dict(
            con.execute(
                "select code, parent from vocabulary where vocabulary = 'threat_type'"
            ).fetchall()
        )
        techniques = con.execute("select disarm_id, retired from disarm_technique").fetchall()
        version = con.execute("select value from meta where key = 'disarm_version'").fetchall()
        stix_rows = con.execute(
            "select stix_id, 'incident', incident_id from incident where stix_id is not null "
            "union all "
            "select stix_id, 'actor', actor_id from actor where stix_id is not null"
        ).fetchall()
        return cls(
            vocabularies={name: frozenset(codes) for name, codes in vocabularies.items()},
            threat_heading=threat_heading,
            technique_ids=frozenset(i for i, retired in techniques if not retired),
            retired_technique_ids=frozenset(i for i, retired in techniques if retired),
            member_codes=ids("select member_code from member") | {COORDINATION_UNIT},
            country_codes=ids("select country_code from country"),
            disarm_version=version[0][0] if version else "",
            actor_ids=ids("select actor_id from actor"),
            narrative_ids=ids("select narrative_id from narrative"),
            election_ids=ids("select election_id from election"),
            incident_ids=ids("select incident_id from incident"),
            stix_ids={stix: (table, key) for stix, table, key in stix_rows},
        )
