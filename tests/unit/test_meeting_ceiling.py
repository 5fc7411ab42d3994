"""Meeting mode and leadership views cap what is shown; the banner names the highest marking."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from rrm_dash.access import Principal, Role, with_role_ceiling
from rrm_dash.config import load_settings
from rrm_dash.filters import Filters
from rrm_dash.ingest.load import publish
from rrm_dash.queries.meeting import highest_marking
from rrm_dash.queries.runner import Source
from tests.conftest import TODAY, insert_incident

ANALYST = Principal("analyst", Role.ANALYST)


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    insert_incident(con, "green", tlp="GREEN", originator="FR")
    insert_incident(con, "amber", tlp="AMBER", originator="FR")


def test_leadership_views_default_to_a_green_ceiling() -> None:
    assert with_role_ceiling(Principal("boss", Role.LEADERSHIP)).ceiling == "GREEN"
    assert with_role_ceiling(ANALYST).ceiling == "RED"


def test_the_meeting_ceiling_is_a_setting_and_a_bad_value_is_the_most_restrictive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert load_settings().meeting_ceiling == "GREEN"
    monkeypatch.setenv("RRM_MEETING_CEILING", "TLP:AMBER")
    assert load_settings().meeting_ceiling == "AMBER"
    monkeypatch.setenv("RRM_MEETING_CEILING", "PURPLE")
    assert load_settings().meeting_ceiling == "RED"


def test_the_highest_marking_on_screen_respects_the_ceiling(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _fill)
    source = Source.live(empty_warehouse)
    filters = Filters.default(TODAY)
    assert highest_marking(source, ANALYST, filters) == "AMBER"
    assert highest_marking(source, ANALYST.with_ceiling("GREEN"), filters) == "GREEN"
    assert highest_marking(source, ANALYST.with_ceiling("CLEAR"), filters) is None
