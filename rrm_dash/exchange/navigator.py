"""A DISARM Navigator layer: DISARM techniques scored by the incidents a viewer may see.

The layer is the ATT&CK Navigator layer format v4.5 with `domain: "DISARM"`, which the DISARM
Navigator (an ATT&CK Navigator loaded with DISARM's STIX bundle) opens. Scores come from the
scoped, filtered query `export_navigator/technique_scores`: a technique counts the incidents
tagged with it or one of its sub-techniques, a sub-technique those tagged with it.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from typing import Any

import polars as pl

from rrm_dash.access import TLP_LEVELS, Principal
from rrm_dash.charts.theme import COUNT_SCALE
from rrm_dash.filters import Filters
from rrm_dash.ingest.disarm_bundle import tactic_shortname
from rrm_dash.queries.runner import Source, run

LAYER_VERSION = "4.5"
NAVIGATOR_VERSION = "4.9.1"
DOMAIN = "DISARM"
#: The platforms every technique of DISARM's STIX bundle lists (x_mitre_platforms); a layer
#: filtering on other platforms would hide the techniques in the Navigator.
PLATFORMS = ("Windows", "Linux", "Mac")
#: Navigator `sorting` 3: techniques by descending score within each tactic.
SORT_BY_SCORE_DESCENDING = 3


def navigator_layer(
    source: Source, principal: Principal, filters: Filters | None, *, name: str
) -> bytes:
    """The layer JSON (UTF-8) for the incidents `principal` may see under `filters` (all the
    incidents in scope when None). The same data gives the same bytes."""
    scores = run(source, principal, "export_navigator/technique_scores", filters)
    facts = run(source, principal, "export_navigator/layer_facts", filters).row(0, named=True)
    layer = build_layer(scores, facts, principal, filters, name=name)
    return (json.dumps(layer, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build_layer(
    scores: pl.DataFrame,
    facts: dict[str, Any],
    principal: Principal,
    filters: Filters | None,
    *,
    name: str,
) -> dict[str, Any]:
    """The layer object from the scores (disarm_id, name, parent_id, retired, tactic_id,
    tactic_name, incidents) and the facts of the scored set (export_navigator/layer_facts)."""
    rows = scores.to_dicts()
    parents_with_scored_subs = {row["parent_id"] for row in rows if row["parent_id"]}
    top = max((int(row["incidents"]) for row in rows), default=0)
    marking = _marking(facts["highest_tlp_rank"])
    return {
        "name": name,
        "versions": {"layer": LAYER_VERSION, "navigator": NAVIGATOR_VERSION},
        "domain": DOMAIN,
        "description": _description(facts, principal, marking),
        "filters": {"platforms": list(PLATFORMS)},
        "sorting": SORT_BY_SCORE_DESCENDING,
        "layout": {
            "layout": "side",
            "aggregateFunction": "max",
            "showID": True,
            "showName": True,
            "showAggregateScores": False,
            "countUnscored": False,
            "expandedSubtechniques": "annotated",
        },
        "hideDisabled": False,
        "techniques": [_technique(row, parents_with_scored_subs) for row in rows],
        "gradient": {"colors": list(COUNT_SCALE), "minValue": 0, "maxValue": max(top, 1)},
        "legendItems": [
            {"label": "Fewest incidents", "color": COUNT_SCALE[0]},
            {"label": f"Most incidents ({top})", "color": COUNT_SCALE[-1]},
        ],
        "metadata": _metadata(facts, principal, filters, marking),
        "links": [],
        "showTacticRowBackground": False,
        "selectTechniquesAcrossTactics": True,
        "selectSubtechniquesWithParent": False,
        "selectVisibleTechniques": False,
    }


def _technique(row: dict[str, Any], parents_with_scored_subs: set[str]) -> dict[str, Any]:
    count = int(row["incidents"])
    comment = f"{count} incident" + ("" if count == 1 else "s")
    if row["disarm_id"] in parents_with_scored_subs:
        comment += " (with its sub-techniques)"
    if row["retired"]:
        comment += "; retired from the DISARM version loaded"
    return {
        "techniqueID": row["disarm_id"],
        "tactic": tactic_shortname(row["tactic_name"]),
        "score": count,
        "color": "",
        "comment": comment,
        "enabled": True,
        "metadata": [],
        "links": [],
        "showSubtechniques": row["disarm_id"] in parents_with_scored_subs,
    }


def _marking(rank: int | None) -> str | None:
    return None if rank is None else TLP_LEVELS[int(rank)]


def _description(facts: dict[str, Any], principal: Principal, marking: str | None) -> str:
    text = (
        f"Incidents per DISARM technique: {facts['tagged_incidents']} of the "
        f"{facts['incidents']} incidents of the filtered set that {principal.username} may see "
        "carry a DISARM technique. A technique scores the incidents tagged with it or with one "
        "of its sub-techniques (each incident once); a sub-technique, those tagged with it."
    )
    if marking is not None:
        text += f" Counts incidents marked up to TLP:{marking}: share the layer accordingly."
    return text


def _metadata(
    facts: dict[str, Any], principal: Principal, filters: Filters | None, marking: str | None
) -> list[dict[str, str]]:
    viewer = principal.role.value + (f" {principal.member_code}" if principal.member_code else "")
    items = [
        ("source", "RRM Dash"),
        ("counted for", f"{principal.username} ({viewer}, up to TLP:{principal.ceiling})"),
        ("incidents in the filtered set", str(facts["incidents"])),
        ("incidents with a DISARM technique", str(facts["tagged_incidents"])),
        ("most restrictive TLP counted", f"TLP:{marking}" if marking else "none"),
        ("DISARM version", str(facts["disarm_version"] or "unknown")),
    ]
    items += [(f"filter: {label}", value) for label, value in _filter_items(filters)]
    return [{"name": label, "value": value} for label, value in items]


def _filter_items(filters: Filters | None) -> list[tuple[str, str]]:
    """Every filter that narrows the set, by its field name, in the Filters field order."""
    if filters is None:
        return []
    items = []
    for field in fields(filters):
        value = getattr(filters, field.name)
        if value is None or value == ():
            continue
        if isinstance(value, tuple):
            text = ", ".join(str(item) for item in value)
        elif isinstance(value, date):
            text = value.isoformat()
        else:
            text = str(value)
        items.append((field.name.replace("_", " "), text))
    return items
