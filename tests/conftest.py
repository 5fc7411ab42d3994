"""Shared fixtures: warehouses built through the real write path, and a clean Streamlit cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest
import streamlit as st

from rrm_dash.analytics.alerts import forget_warning_pictures
from rrm_dash.charts import spec
from rrm_dash.charts.kept import forget_figures
from rrm_dash.ingest.load import publish
from rrm_dash.ingest.reference import load_reference
from rrm_dash.queries.runner import Source, results

PROJECT_DIR = Path(__file__).resolve().parents[1]
SHARED_DIR = PROJECT_DIR.parent / "shared"
TODAY = date.today()
DEMO_INCIDENTS = 800

# Pages build figures without Plotly's validation (rrm_dash/charts/spec.py); every test that
# builds one validates it, so a misspelt property or a wrong value fails.
spec.VALIDATE = True


@pytest.fixture(autouse=True, scope="session")
def _side_files_never_under_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The audit log and sign-in state of the whole test session live in a temporary folder."""
    folder = tmp_path_factory.mktemp("side-files")
    saved = {name: os.environ.get(name) for name in ("RRM_AUDIT_DB", "RRM_AUTH_STATE")}
    os.environ["RRM_AUDIT_DB"] = str(folder / "audit.sqlite")
    os.environ["RRM_AUTH_STATE"] = str(folder / "auth.sqlite")
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _clear_streamlit_cache() -> Iterator[None]:
    """Each test starts with no kept results (Streamlit's cache, query results, figures)."""
    st.cache_data.clear()
    results.clear()
    forget_warning_pictures()
    forget_figures()
    yield
    st.cache_data.clear()
    results.clear()
    forget_warning_pictures()
    forget_figures()


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small published demo warehouse (built once per test session)."""
    from rrm_dash.ingest.demo import publish_demo

    published = tmp_path_factory.mktemp("demo") / "rrm.duckdb"
    publish_demo(published, incidents=DEMO_INCIDENTS, today=TODAY)
    return published


@pytest.fixture(scope="session")
def demo_source(demo_warehouse: Path) -> Source:
    return Source.live(demo_warehouse)


@pytest.fixture
def empty_warehouse(tmp_path: Path) -> Path:
    """A published warehouse with the schema and reference data (members, DISARM...), no facts."""
    published = tmp_path / "rrm.duckdb"
    publish(published, lambda con: load_reference(con, TODAY), start_empty=True)
    return published


def insert_incident(
    con: duckdb.DuckDBPyConnection,
    incident_id: str,
    *,
    tlp: str,
    originator: str,
    releasable_to: list[str] | None = None,
    chatham_house: bool = False,
    title: str | None = None,
    heading: str = "MIE",
    threat_type: str = "disinformation",
    detected: date | None = None,
) -> None:
    """One minimal incident row (tests only)."""
    moment = datetime.combine(detected or TODAY, datetime.min.time(), tzinfo=UTC).replace(
        tzinfo=None
    )
    con.execute(
        "insert into incident (incident_id, title, detected_at, heading, threat_type, tlp,"
        " originator_member, releasable_to, chatham_house, created_at, updated_at)"
        " values ($id, $title, $at, $heading, $threat, $tlp, $originator, $releasable,"
        " $chatham, $at, $at)",
        {
            "id": incident_id,
            "title": title or f"Incident {incident_id}",
            "at": moment,
            "heading": heading,
            "threat": threat_type,
            "tlp": tlp,
            "originator": originator,
            "releasable": releasable_to or [],
            "chatham": chatham_house,
        },
    )
