"""Deterministic synthetic demo data for RRM Dash: fictional actors and incidents, real reference data."""

from __future__ import annotations

from rrm_dash.demo.build import DATASET_KIND, DEMO_TABLES, GENERATOR, DemoSummary, build_demo

__all__ = ["DATASET_KIND", "DEMO_TABLES", "GENERATOR", "DemoSummary", "build_demo"]
