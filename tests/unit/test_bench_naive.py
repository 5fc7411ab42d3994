"""The naive baseline computes the same numbers as the app's queries (so the benchmark compares
like with like), for viewers of different TLP scopes, and draws each page it stands in for."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.access import PUBLIC, Principal, Role, demo_principal
from rrm_dash.bench import naive_frames as naive
from rrm_dash.bench import naive_views
from rrm_dash.bench.pages import NAIVE_APP
from rrm_dash.bench.scenarios import NAIVE_VIEWS, filter_query
from rrm_dash.filters import Filters
from rrm_dash.queries import disarm, incidents, map, overview, timeline
from rrm_dash.queries.runner import Source
from tests.app.conftest import isolate_side_files
from tests.conftest import TODAY

VIEWERS = {
    "analyst": demo_principal(),
    "focal point FR": Principal("fp", Role.FOCAL_POINT, "FR"),
    "observer NZ": Principal("nz", Role.OBSERVER, "NZ"),
    "meeting mode": demo_principal().with_ceiling("GREEN"),
    "public": PUBLIC,
}
FILTERS = {
    "last year": Filters.default(TODAY),
    "one member, one heading, 90 days": Filters(
        date_from=TODAY - timedelta(days=89), date_to=TODAY, members=("FR",), headings=("MIE",)
    ),
}


@pytest.fixture(scope="module")
def tables(demo_source: Source) -> dict[str, pd.DataFrame]:
    return {name: naive.load_table(demo_source.snapshot, name) for name in naive.TABLES}


@pytest.fixture(params=list(VIEWERS))
def viewer(request: pytest.FixtureRequest) -> Principal:
    return VIEWERS[request.param]


@pytest.fixture(params=list(FILTERS))
def filters(request: pytest.FixtureRequest) -> Filters:
    return FILTERS[request.param]


def _filtered(tables: dict[str, pd.DataFrame], viewer: Principal, filters: Filters) -> Any:
    return naive.filtered(tables["incident"], tables["incident_country"], viewer, filters)


def _pairs(frame: pd.DataFrame, key: str, value: str) -> list[tuple[str, int]]:
    return [(str(k), int(v)) for k, v in zip(frame[key], frame[value], strict=True)]


def test_overview_figures_match_the_app(
    demo_source: Source, tables: dict[str, pd.DataFrame], viewer: Principal, filters: Filters
) -> None:
    frame = _filtered(tables, viewer, filters)
    figures = overview.key_figures(demo_source, viewer, filters)
    assert len(frame) == figures.incidents
    members = naive.members_targeted(frame, tables["incident_country"], tables["member"])
    assert members == figures.members_targeted
    by_heading = overview.incidents_by_heading(demo_source, viewer, filters)
    assert _pairs(naive.by_heading(frame, tables["heading"]), "heading", "incidents") == list(
        zip(by_heading["heading"], by_heading["current"], strict=True)
    )
    by_member = overview.incidents_by_targeted_member(demo_source, viewer, filters)
    drawn = naive.by_member(frame, tables["incident_country"], tables["member"])
    assert _pairs(drawn, "member_code", "incidents") == list(
        zip(by_member["member_code"], by_member["current"], strict=True)
    )


def test_the_first_page_of_incidents_and_a_search_match_the_app(
    demo_source: Source, tables: dict[str, pd.DataFrame], viewer: Principal, filters: Filters
) -> None:
    frame = _filtered(tables, viewer, filters)
    shown = naive.incident_page(frame, tables["incident_country"], tables["member"])
    expected = incidents.incident_page(demo_source, viewer, filters)
    assert shown["incident_id"].tolist() == expected["incident_id"].to_list()
    assert (
        shown["targeted_en"].fillna("").tolist() == expected["targeted_en"].fill_null("").to_list()
    )
    for word in ("diaspora", "Journalists", "nothing-matches-this"):
        assert len(naive.searched(frame, word)) == incidents.incident_count(
            demo_source, viewer, filters, search=word
        )


def test_country_totals_weekly_bins_and_technique_counts_match_the_app(
    demo_source: Source, tables: dict[str, pd.DataFrame], viewer: Principal, filters: Filters
) -> None:
    frame = _filtered(tables, viewer, filters)
    countries = map.targeted_countries(demo_source, viewer, filters)
    assert _pairs(
        naive.country_totals(frame, tables["incident_country"]), "country_code", "incidents"
    ) == list(zip(countries["country_code"], countries["incidents"], strict=True))
    period = timeline.timeline_period(filters, TODAY)
    bins = timeline.incidents_per_bin(demo_source, viewer, filters, "week", "heading", period)
    weekly = naive.weekly_bins(frame)
    assert {
        (stamp.date(), heading, int(count))
        for stamp, heading, count in weekly.itertuples(index=False)
    } == {row for row in bins.select("bin_start", "series", "incidents").iter_rows() if row[2]}
    counts = disarm.technique_counts(demo_source, viewer, filters)
    techniques = naive.technique_counts(
        frame, tables["incident_technique"], tables["disarm_technique"]
    )
    assert set(_pairs(techniques, "disarm_id", "incidents")) == {
        row for row in counts.select("disarm_id", "incidents").iter_rows() if row[1]
    }


def test_filters_the_baseline_cannot_apply_are_refused_not_ignored(
    tables: dict[str, pd.DataFrame],
) -> None:
    with pytest.raises(ValueError, match="actors"):
        _filtered(tables, demo_principal(), Filters(actors=("APT-X",)))


@pytest.mark.parametrize(
    ("view", "kinds"),
    [
        ("overview", {"plotly_chart": 2, "metric": 2}),
        ("incidents", {"dataframe": 1, "text_input": 1}),
        ("map", {"deck_gl_json_chart": 1, "dataframe": 1}),
        ("timeline", {"plotly_chart": 1}),
        ("disarm", {"plotly_chart": 1, "dataframe": 1}),
    ],
)
def test_the_baseline_draws_each_page_it_stands_in_for(
    demo_warehouse: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    view: str,
    kinds: dict[str, int],
) -> None:
    assert view in NAIVE_VIEWS and set(naive_views.VIEWS) == set(NAIVE_VIEWS)
    monkeypatch.setenv("RRM_WAREHOUSE", str(demo_warehouse))
    isolate_side_files(monkeypatch, tmp_path)
    at = AppTest.from_file(str(NAIVE_APP), default_timeout=60)
    at.query_params.update({**filter_query("typical", TODAY), "view": view})
    at.run()
    assert not at.exception, [error.value for error in at.exception]
    for kind, count in kinds.items():
        assert len(at.get(kind)) == count, kind
