"""The export formats: how each file is built for a viewer, and what a built file holds (how
many items, and the most restrictive TLP marking among them)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl

from rrm_dash.access import TLP_LEVELS, TLP_RANK, Principal, normalise_marking
from rrm_dash.exchange.csv_out import records_csv
from rrm_dash.exchange.navigator import navigator_layer
from rrm_dash.exchange.records import incident_records
from rrm_dash.exchange.stix import export_stix
from rrm_dash.filters import Filters
from rrm_dash.ingest.stix_markings import STANDARD_LEVELS
from rrm_dash.queries.runner import Source

FORMATS = ("stix", "navigator", "csv")


@dataclass(frozen=True)
class FileSummary:
    """`items` things of kind `noun` (e.g. 800 incidents); `highest_marking` is None when the file
    carries no marked data; `counts` gives a STIX bundle's objects by type."""

    items: int
    noun: str
    highest_marking: str | None
    counts: Mapping[str, int] = field(default_factory=dict)


def highest(markings: Iterable[str | None]) -> str | None:
    """The most restrictive of `markings` (unknown spellings count as RED); None for none."""
    ranks = [TLP_RANK[normalise_marking(marking)] for marking in markings if marking is not None]
    return TLP_LEVELS[max(ranks)] if ranks else None


def stix_summary(data: bytes) -> FileSummary:
    """Objects of a STIX bundle by type, and the most restrictive TLP marking any object carries
    (object or granular markings; the bundle's own TLP definitions name the unknown ids)."""
    objects = [obj for obj in json.loads(data).get("objects", []) if isinstance(obj, dict)]
    levels = dict(STANDARD_LEVELS)
    for obj in objects:
        name = obj.get("name")
        if obj.get("type") == "marking-definition" and str(name).upper().startswith("TLP"):
            levels.setdefault(str(obj.get("id")), normalise_marking(str(name)))
    used: list[str | None] = []
    for obj in objects:
        if obj.get("type") == "marking-definition":
            continue
        refs = list(obj.get("object_marking_refs", []))
        refs += [granular.get("marking_ref") for granular in obj.get("granular_markings", [])]
        used += [levels[ref] for ref in refs if ref in levels]
    counts = Counter(str(obj.get("type")) for obj in objects)
    return FileSummary(len(objects), "STIX objects", highest(used), dict(counts))


def navigator_summary(data: bytes, records: pl.DataFrame) -> FileSummary:
    """Techniques scored in a Navigator layer; the layer carries no marking, so the highest one
    is that of the incidents it counts (`records`: the incident records it was built from)."""
    layer: dict[str, Any] = json.loads(data)
    techniques = [t for t in layer.get("techniques", []) if isinstance(t, dict)]
    scored = [t for t in techniques if isinstance(t.get("score"), int | float) and t["score"] > 0]
    tagged = records.filter(pl.col("techniques").list.len() > 0)["tlp"].to_list()
    return FileSummary(len(scored), "techniques", highest(tagged))


@dataclass(frozen=True)
class ExportedFile:
    data: bytes
    summary: FileSummary


def build_export(
    fmt: str,
    source: Source,
    principal: Principal,
    filters: Filters | None,
    *,
    now: datetime,
    name: str,
) -> ExportedFile:
    """The file of format `fmt` (csv, stix or navigator) with what `principal` may see of the
    incidents `filters` select (all in scope when None), and its summary. `now` stamps a STIX
    bundle; `name` names a Navigator layer."""
    if fmt == "csv":
        records = incident_records(source, principal, filters)
        data = records_csv(records)
        return ExportedFile(data, FileSummary(records.height, "incidents", highest(records["tlp"])))
    if fmt == "stix":
        data = export_stix(source, principal, filters, now=now)
        return ExportedFile(data, stix_summary(data))
    if fmt == "navigator":
        data = navigator_layer(source, principal, filters, name=name)
        records = incident_records(source, principal, filters)
        return ExportedFile(data, navigator_summary(data, records))
    raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
