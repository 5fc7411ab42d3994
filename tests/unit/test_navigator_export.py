"""The DISARM Navigator layer: heatmap counts as scores, only what the viewer may see."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from rrm_dash.access import Principal, Role, demo_principal
from rrm_dash.exchange.navigator import DOMAIN, LAYER_VERSION, navigator_layer
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.queries.disarm import technique_counts
from rrm_dash.queries.runner import Source
from tests.conftest import TODAY, insert_incident

ANALYST = Principal("analyst", Role.ANALYST)
AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
#: Used only by an AMBER incident of France, not released to Australia.
CANARY_TECHNIQUE = "T0002"


def _layer(source: Source, principal: Principal, filters: Filters | None) -> dict[str, Any]:
    layer: dict[str, Any] = json.loads(navigator_layer(source, principal, filters, name="Test"))
    return layer


def _scores(layer: dict[str, Any]) -> dict[str, int]:
    return {t["techniqueID"]: t["score"] for t in layer["techniques"]}


def _metadata(layer: dict[str, Any]) -> dict[str, str]:
    return {item["name"]: item["value"] for item in layer["metadata"]}


@pytest.fixture
def tagged_source(empty_warehouse: Path) -> Source:
    """Four incidents with DISARM tags; one AMBER incident the Australian observer may not see."""

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        insert_incident(con, "g-1", tlp="GREEN", originator="FR")
        insert_incident(con, "g-2", tlp="GREEN", originator="FR")
        insert_incident(con, "g-old", tlp="GREEN", originator="FR", detected=TODAY - timedelta(400))
        insert_incident(con, "amber", tlp="AMBER", originator="FR")
        con.executemany(
            "insert into incident_technique values (?, ?, 'v1')",
            [
                ["g-1", "T0049"],
                ["g-1", "T0049.001"],
                ["g-2", "T0049.001"],
                ["g-2", "T0085"],
                ["g-old", "T0085.001"],
                ["amber", CANARY_TECHNIQUE],
                ["amber", "T0049.002"],
            ],
        )

    publish(empty_warehouse, fill)
    return Source.live(empty_warehouse)


def test_the_layer_is_a_disarm_navigator_layer(tagged_source: Source) -> None:
    layer = _layer(tagged_source, ANALYST, None)
    assert layer["domain"] == DOMAIN == "DISARM"
    assert layer["versions"]["layer"] == LAYER_VERSION == "4.5"
    assert layer["name"] == "Test"
    by_id = {t["techniqueID"]: t for t in layer["techniques"]}
    assert by_id["T0049"]["tactic"] == "maximise-exposure"
    assert by_id["T0085.001"]["tactic"] == "develop-content"
    assert by_id["T0049"]["showSubtechniques"] is True
    assert layer["gradient"]["minValue"] == 0 and layer["gradient"]["maxValue"] == 3
    assert all(set(t) >= {"techniqueID", "tactic", "score", "comment"} for t in by_id.values())


def test_a_technique_scores_its_incidents_with_its_sub_techniques_once_each(
    tagged_source: Source,
) -> None:
    scores = _scores(_layer(tagged_source, ANALYST, None))
    # T0049: g-1 (itself and .001), g-2 (.001), amber (.002) → 3; each sub-technique its own
    assert scores == {
        "T0002": 1,
        "T0049": 3,
        "T0049.001": 2,
        "T0049.002": 1,
        "T0085": 2,
        "T0085.001": 1,
    }


def test_a_technique_used_only_by_a_hidden_incident_is_absent(tagged_source: Source) -> None:
    layer = _layer(tagged_source, AU_OBSERVER, None)
    assert CANARY_TECHNIQUE not in _scores(layer)
    assert CANARY_TECHNIQUE not in json.dumps(layer)
    assert _scores(layer)["T0049"] == 2  # the AMBER incident's T0049.002 is not counted
    assert "T0049.002" not in _scores(layer)
    assert _metadata(layer)["most restrictive TLP counted"] == "TLP:GREEN"
    assert _metadata(_layer(tagged_source, ANALYST, None))["most restrictive TLP counted"] == (
        "TLP:AMBER"
    )


def test_the_filters_narrow_the_scored_set_and_are_written_in_the_layer(
    tagged_source: Source,
) -> None:
    filters = Filters.default(TODAY)
    layer = _layer(tagged_source, ANALYST, filters)
    assert "T0085.001" not in _scores(layer)  # g-old is outside the last 12 months
    assert _scores(layer)["T0085"] == 1
    assert _metadata(layer)["filter: date from"] == filters.date_from.isoformat()  # type: ignore[union-attr]
    assert _metadata(layer)["incidents in the filtered set"] == "3"


def test_the_same_data_gives_the_same_bytes(tagged_source: Source) -> None:
    first = navigator_layer(tagged_source, ANALYST, Filters(), name="Same")
    assert navigator_layer(tagged_source, ANALYST, Filters(), name="Same") == first


def test_an_empty_set_gives_a_valid_layer_without_techniques(empty_warehouse: Path) -> None:
    layer = _layer(Source.live(empty_warehouse), ANALYST, None)
    assert layer["techniques"] == [] and layer["gradient"]["maxValue"] == 1
    assert _metadata(layer)["most restrictive TLP counted"] == "none"


@pytest.mark.parametrize(
    ("principal", "filters"),
    [
        (demo_principal(), Filters()),
        (demo_principal(), Filters.default(TODAY)),
        (AU_OBSERVER, Filters()),
        (Principal("ca-focal", Role.FOCAL_POINT, "CA"), Filters(tactics=("TA06", "TA17"))),
        (Principal("leader", Role.LEADERSHIP, ceiling="GREEN"), Filters(headings=("DIP",))),
    ],
)
def test_scores_equal_the_heatmap_counts_for_the_same_viewer_and_filters(
    demo_source: Source, principal: Principal, filters: Filters
) -> None:
    scores = _scores(_layer(demo_source, principal, filters))
    rolled_up = technique_counts(demo_source, principal, filters)
    each_id = technique_counts(demo_source, principal, filters, sub_techniques=True)
    expected = {row["disarm_id"]: row["incidents"] for row in rolled_up.iter_rows(named=True)} | {
        row["disarm_id"]: row["incidents"]
        for row in each_id.iter_rows(named=True)
        if row["parent_id"] is not None
    }
    assert scores, "the demo data should give some scored techniques"
    assert scores == {disarm_id: n for disarm_id, n in expected.items() if n > 0}
