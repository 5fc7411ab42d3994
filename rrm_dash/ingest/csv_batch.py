"""A CSV incident file as an import batch: the template parser, checked against a snapshot's facts."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from rrm_dash.ingest.batch import ORDER, Batch, EntityTable, sha256_hex
from rrm_dash.ingest.csv_incidents import check_incident_csv
from rrm_dash.ingest.csv_read import ROW
from rrm_dash.ingest.facts import WarehouseFacts
from rrm_dash.ingest.messages import Text, msg


def read_csv_batch(
    data: bytes,
    file_name: str,
    facts: WarehouseFacts,
    progress: Callable[[float], None] | None = None,
    *,
    originator: str | None = None,
) -> Batch:
    """Every valid row becomes an incident entity (upserted by incident_id), held as columns;
    every problem is kept. `originator` is recorded for Chatham House rows exported without
    their originator. The file's digest is computed meanwhile (hashing releases the GIL)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(sha256_hex, data)
        batch = _checked_batch(data, file_name, facts, progress, originator)
    batch.sha256 = digest.result()
    return batch


def _checked_batch(
    data: bytes,
    file_name: str,
    facts: WarehouseFacts,
    progress: Callable[[float], None] | None,
    originator: str | None,
) -> Batch:
    checked = check_incident_csv(
        data,
        file_name,
        facts.vocabularies,
        facts.technique_ids,
        facts.member_codes,
        threat_heading=facts.threat_heading,
        retired_technique_ids=facts.retired_technique_ids,
        country_codes=facts.country_codes,
        disarm_version=facts.disarm_version,
        stored_ids={
            "actors": facts.actor_ids,
            "narratives": facts.narrative_ids,
            "election_id": facts.election_ids,
        },
        progress=progress,
        withheld_originator=originator,
    )
    rows = checked.incidents.rename({ROW: ORDER})
    entities = EntityTable("incident", "incident_id", rows, checked.links, _row)
    return Batch("csv", file_name, "", entities, list(checked.problems))


def _row(number: int) -> Text:
    """An entity's origin: its row in the file."""
    return msg("item.row", row=number)
