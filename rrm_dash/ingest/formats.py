"""Which importer reads a file: given by the user, or detected from its name and first bytes."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rrm_dash.ingest.batch import Batch
from rrm_dash.ingest.facts import WarehouseFacts

FORMATS = ("csv", "stix", "disarm")

#: Object types only the DISARM framework's own bundle holds.
_FRAMEWORK_TYPES = frozenset({"x-mitre-matrix", "x-mitre-tactic"})


def detect_format(file_name: str, data: bytes) -> str:
    """csv for a .csv or non-JSON file; disarm for a STIX bundle that describes a framework
    (tactics, a matrix); stix for any other JSON (the STIX importer reports what is wrong)."""
    if file_name.lower().endswith(".csv"):
        return "csv"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith((b"{", b"[")):
        return "csv"
    if any(f'"{kind}"'.encode() in data for kind in _FRAMEWORK_TYPES):
        return "disarm"
    return "stix"


Reader = Callable[[bytes, str, WarehouseFacts], Batch]


def reader_for(
    source_format: str,
    *,
    originator: str,
    tagged: Mapping[str, int] | None = None,
    progress: Callable[[float], None] | None = None,
) -> Reader:
    """The parser of `source_format`, with the options it needs bound (`progress` gets the
    share of a large CSV file read so far)."""
    if source_format == "csv":
        from rrm_dash.ingest.csv_batch import read_csv_batch

        return lambda data, name, facts: read_csv_batch(
            data, name, facts, progress, originator=originator
        )
    if source_format == "stix":
        from rrm_dash.ingest.stix_bundle import read_stix_bundle

        return lambda data, name, facts: read_stix_bundle(data, name, facts, originator=originator)
    if source_format == "disarm":
        from rrm_dash.ingest.disarm_bundle import read_disarm_bundle

        return lambda data, name, facts: read_disarm_bundle(data, name, facts, tagged=tagged)
    raise ValueError(f"unknown import format {source_format!r}: expected one of {FORMATS}")
