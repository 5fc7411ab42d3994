"""The naive baseline's data work, done the common way: whole tables read into pandas, then
filtered (TLP scope, period, members, headings) and grouped in pandas on every run.

Benchmarks only: the app never does this (it aggregates in DuckDB through the scoped read
model). It reads the snapshot's tables directly, read-only, and applies the TLP rules of
sql/read/scope.sql itself, so that it computes the same numbers as the app's queries.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd  # type: ignore[import-untyped]

from rrm_dash.access import TLP_RANK, Principal
from rrm_dash.filters import Filters

#: The tables the baseline loads whole, by name.
TABLES = {
    # The one list column comes as comma-separated text: a column of per-row arrays would make
    # every cache hit (which unpickles the frame) several times slower, unfairly to the baseline.
    "incident": (
        "select * replace (array_to_string(releasable_to, ',') as releasable_to) from incident"
    ),
    "incident_country": "select incident_id, country_code, role from incident_country",
    "incident_technique": "select incident_id, disarm_id from incident_technique",
    "member": "select member_code, name_en, status from member",
    "heading": "select code, label_en, rank from vocabulary where vocabulary = 'heading'",
    "disarm_technique": "select disarm_id, name, tactic_id, parent_id from disarm_technique",
    "country": "select country_code, name_en, latitude, longitude from country",
}
PAGE_SIZE = 50
_UNSUPPORTED = ("actors", "platforms", "tactics", "techniques")


def load_table(snapshot: Path, name: str) -> pd.DataFrame:
    """The whole table `name` of the snapshot as a pandas frame."""
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        return con.sql(TABLES[name]).df()
    finally:
        con.close()


def visible(incidents: pd.DataFrame, principal: Principal) -> pd.Series:
    """Which incidents `principal` may see: the TLP rules of sql/read/scope.sql, in pandas."""
    viewer = principal.viewer()
    member = viewer["member"]
    signed_in, is_cu = bool(viewer["signed_in"]), bool(viewer["is_cu"])
    rank = incidents["tlp"].map(TLP_RANK).fillna(len(TLP_RANK) - 1)
    named = ("," + incidents["releasable_to"] + ",").str.contains(f",{member},", regex=False)
    own = incidents["originator_member"] == member
    allowed = (
        (rank == 0)
        | ((rank == 1) & signed_in)
        | ((rank == 2) & signed_in & (is_cu or bool(viewer["is_full_member"]) or named))
        | ((rank == 3) & signed_in & (is_cu | own | named))
        | ((rank >= 4) & signed_in & (own | named))
    )
    return allowed & (rank <= int(str(viewer["ceiling"])))


def filtered(
    incidents: pd.DataFrame, countries: pd.DataFrame, principal: Principal, filters: Filters
) -> pd.DataFrame:
    """The incidents `principal` may see, narrowed by the period, targeted members, headings,
    threat types and TLP of `filters` (the filters the benchmark sets; others are refused)."""
    unsupported = [name for name in _UNSUPPORTED if getattr(filters, name)]
    if unsupported or filters.election:
        raise ValueError(f"the naive baseline does not filter by {unsupported or 'election'}")
    frame = incidents[visible(incidents, principal)]
    if filters.date_from is not None:
        frame = frame[frame["detected_at"] >= pd.Timestamp(filters.date_from)]
    if filters.date_to is not None:
        end = pd.Timestamp(filters.date_to) + pd.Timedelta(days=1)
        frame = frame[frame["detected_at"] < end]
    for column, chosen in (
        ("heading", filters.headings),
        ("threat_type", filters.threat_types),
        ("tlp", filters.tlp),
    ):
        if chosen:
            frame = frame[frame[column].isin(chosen)]
    if filters.members:
        targeted = countries[(countries["role"] == "targeted")]
        ids = targeted[targeted["country_code"].isin(filters.members)]["incident_id"]
        frame = frame[frame["incident_id"].isin(ids)]
    return frame


def _targeted(frame: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    links = countries[countries["role"] == "targeted"]
    return links[links["incident_id"].isin(frame["incident_id"])]


def members_targeted(frame: pd.DataFrame, countries: pd.DataFrame, members: pd.DataFrame) -> int:
    """How many members and observers the incidents target."""
    codes = _targeted(frame, countries)["country_code"]
    return int(codes[codes.isin(members["member_code"])].nunique())


def by_heading(frame: pd.DataFrame, headings: pd.DataFrame) -> pd.DataFrame:
    """heading, label_en, incidents: every heading, in display order, zero when none."""
    counts = frame.groupby("heading").size().rename("incidents")
    table = headings.sort_values("rank").rename(columns={"code": "heading"})
    table = table.merge(counts, left_on="heading", right_index=True, how="left")
    table["incidents"] = table["incidents"].fillna(0).astype(int)
    return table[["heading", "label_en", "incidents"]].reset_index(drop=True)


def by_member(frame: pd.DataFrame, countries: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """member_code, name_en, incidents: every member and observer, busiest first."""
    counts = _targeted(frame, countries).groupby("country_code").size().rename("incidents")
    table = members[members["status"] != "secretariat"]
    table = table.merge(counts, left_on="member_code", right_index=True, how="left")
    table["incidents"] = table["incidents"].fillna(0).astype(int)
    table = table.sort_values(["incidents", "member_code"], ascending=[False, True])
    return table[["member_code", "name_en", "incidents"]].reset_index(drop=True)


def searched(frame: pd.DataFrame, search: str) -> pd.DataFrame:
    """The incidents whose title or summary holds `search` (any case); all when it is blank."""
    needle = search.strip()
    if not needle:
        return frame
    title = frame["title"].str.contains(needle, case=False, regex=False)
    summary = frame["summary"].fillna("").str.contains(needle, case=False, regex=False)
    return frame[title | summary]


def incident_page(
    frame: pd.DataFrame, countries: pd.DataFrame, members: pd.DataFrame, page: int = 1
) -> pd.DataFrame:
    """One page of incidents, latest detected first, with the names of the members targeted."""
    ordered = frame.sort_values(["detected_at", "incident_id"], ascending=[False, True])
    shown = ordered.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    names = _targeted(shown, countries).merge(
        members, left_on="country_code", right_on="member_code"
    )
    targeted = (
        names.sort_values("name_en")
        .groupby("incident_id")["name_en"]
        .agg(", ".join)
        .rename("targeted_en")
    )
    columns = ["incident_id", "detected_at", "title", "heading", "threat_type", "tlp", "status"]
    return shown[columns].merge(targeted, left_on="incident_id", right_index=True, how="left")


def country_totals(frame: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """country_code, incidents: how many incidents target each country, busiest first."""
    totals = _targeted(frame, countries).groupby("country_code")["incident_id"].nunique()
    table = totals.rename("incidents").reset_index()
    return table.sort_values(["incidents", "country_code"], ascending=[False, True]).reset_index(
        drop=True
    )


def weekly_bins(frame: pd.DataFrame) -> pd.DataFrame:
    """bin_start (Monday), heading, incidents: incidents per week and heading (weeks with
    incidents only)."""
    detected = frame["detected_at"].dt.normalize()
    week = detected - pd.to_timedelta(detected.dt.day_of_week, unit="D")
    counts = frame.assign(bin_start=week).groupby(["bin_start", "heading"]).size()
    return counts.rename("incidents").reset_index()


def technique_counts(
    frame: pd.DataFrame, links: pd.DataFrame, techniques: pd.DataFrame
) -> pd.DataFrame:
    """disarm_id, incidents: incidents per DISARM technique, sub-techniques counted in their
    parent (an incident once per technique), busiest first."""
    tagged = links[links["incident_id"].isin(frame["incident_id"])].merge(
        techniques, on="disarm_id"
    )
    tagged["technique"] = tagged["parent_id"].fillna(tagged["disarm_id"])
    pairs = tagged[["incident_id", "technique"]].drop_duplicates()
    counts = pairs.groupby("technique").size().rename("incidents").reset_index()
    counts = counts.rename(columns={"technique": "disarm_id"})
    return counts.sort_values(["incidents", "disarm_id"], ascending=[False, True]).reset_index(
        drop=True
    )
