"""What the naive baseline draws for each view, from the filtered incidents in pandas."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd  # type: ignore[import-untyped]
import plotly.express as px
import streamlit as st

from rrm_dash.bench import naive_frames as naive
from rrm_dash.bench.naive_cache import table

SEARCH_KEY = "incidents_search"  # the Incidents page's search box (views/incidents.py)


def overview(frame: pd.DataFrame, snapshot: str) -> None:
    countries, members = table(snapshot, "incident_country"), table(snapshot, "member")
    left, right = st.columns(2)
    left.metric("Incidents", len(frame))
    right.metric("Members targeted", naive.members_targeted(frame, countries, members))
    by_heading = naive.by_heading(frame, table(snapshot, "heading"))
    st.plotly_chart(px.bar(by_heading, x="incidents", y="label_en", orientation="h"))
    by_member = naive.by_member(frame, countries, members)
    st.plotly_chart(px.bar(by_member, x="name_en", y="incidents"))


def incident_list(frame: pd.DataFrame, snapshot: str) -> None:
    found = naive.searched(frame, st.text_input("Search", key=SEARCH_KEY))
    st.caption(f"{len(found):,} incidents")
    countries, members = table(snapshot, "incident_country"), table(snapshot, "member")
    st.dataframe(naive.incident_page(found, countries, members), hide_index=True)


def country_map(frame: pd.DataFrame, snapshot: str) -> None:
    totals = naive.country_totals(frame, table(snapshot, "incident_country"))
    located = totals.merge(table(snapshot, "country"), on="country_code").dropna()
    st.map(located, latitude="latitude", longitude="longitude", size="incidents")
    st.dataframe(totals, hide_index=True)


def timeline(frame: pd.DataFrame, snapshot: str) -> None:
    weekly = naive.weekly_bins(frame)
    st.plotly_chart(px.bar(weekly, x="bin_start", y="incidents", color="heading"))


def disarm(frame: pd.DataFrame, snapshot: str) -> None:
    techniques = table(snapshot, "disarm_technique")
    counts = naive.technique_counts(frame, table(snapshot, "incident_technique"), techniques)
    named = counts.merge(techniques[["disarm_id", "name", "tactic_id"]], on="disarm_id")
    st.plotly_chart(px.density_heatmap(named, x="tactic_id", y="name", z="incidents"))
    st.dataframe(named, hide_index=True)


#: Each view of the baseline by the app's url path (rrm_dash/bench/scenarios.NAIVE_VIEWS).
VIEWS: dict[str, Callable[[pd.DataFrame, str], None]] = {
    "overview": overview,
    "incidents": incident_list,
    "map": country_map,
    "timeline": timeline,
    "disarm": disarm,
}
