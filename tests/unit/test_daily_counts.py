"""Counts summed from the per-day counts equal counts over the period's own incidents.

rrm_dash/queries/daily.py reads the filtered incidents per day once for the whole history; the
Overview's key figures, its headings and members, and the weekly counts of the early warning
sum those days for their periods. Each is checked here against a count the warehouse makes
over `filtered_incident()` with the period itself set, for several viewers and filter bars.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from rrm_dash.access import PUBLIC, TLP_LEVELS, Principal, Role
from rrm_dash.briefing.queries import highest_incident_marking
from rrm_dash.filters import Filters
from rrm_dash.queries import daily, overview, warning
from rrm_dash.queries.runner import Source, scoped_cursor
from tests.conftest import TODAY

VIEWERS = {
    "analyst": Principal("analyst", Role.ANALYST),
    "au_observer": Principal("au-observer", Role.OBSERVER, "AU"),
    "public": PUBLIC,
}
FILTERS = {
    "default": Filters.default(TODAY),
    "narrow": Filters(
        date_from=TODAY - timedelta(days=29), date_to=TODAY, members=("FR",), headings=("MIE",)
    ),
    "one_week": Filters(date_from=TODAY - timedelta(days=100), date_to=TODAY - timedelta(days=94)),
    "whole_history": Filters(threat_types=("voter_suppression", "fimi_campaign")),
}

every_viewer_and_filter_bar = pytest.mark.parametrize(
    ("viewer", "name"), [(viewer, name) for viewer in VIEWERS for name in FILTERS]
)


def _count(source: Source, viewer: Principal, filters: Filters, sql: str) -> pl.DataFrame:
    with scoped_cursor(source, viewer, filters) as cursor:
        return cursor.sql(sql).pl()


@every_viewer_and_filter_bar
def test_key_figures_equal_counts_over_the_periods_incidents(
    demo_source: Source, viewer: str, name: str
) -> None:
    filters, principal = FILTERS[name], VIEWERS[viewer]
    expected = _count(
        demo_source,
        principal,
        filters,
        """select
            count(*) as incidents,
            (select count(distinct code) from (
                select unnest(targeted_members) as code from filtered_incident())
             where code in (select member_code from member)) as members_targeted,
            (select count(distinct actor_id) from (
                select unnest(actor_ids) as actor_id from filtered_incident())
             where actor_id in (select actor_id from scoped_actor())) as actors_seen,
            count(*) filter (where gender_dimension <> 'none' or targets_women
                or targets_vulnerable) as gender_or_vulnerable
        from filtered_incident()""",
    ).row(0, named=True)
    assert overview.key_figures(demo_source, principal, filters) == overview.KeyFigures(**expected)


@every_viewer_and_filter_bar
def test_headings_and_members_equal_counts_over_each_periods_incidents(
    demo_source: Source, viewer: str, name: str
) -> None:
    filters, principal = FILTERS[name], VIEWERS[viewer]
    periods = {"current": filters, "previous": filters.previous_period()}
    by_heading = overview.incidents_by_heading(demo_source, principal, filters)
    by_member = overview.incidents_by_targeted_member(demo_source, principal, filters)
    for column, period in periods.items():
        if period is None:
            assert by_heading[column].null_count() == by_heading.height
            continue
        headings = _count(
            demo_source,
            principal,
            period,
            "select heading, count(*) as n from filtered_incident() group by heading",
        )
        members = _count(
            demo_source,
            principal,
            period,
            "select code, count(*) as n from"
            " (select unnest(targeted_members) as code from filtered_incident()) group by code",
        )
        heading_counts = dict(headings.iter_rows())
        member_counts = dict(members.iter_rows())
        assert dict(by_heading.select("heading", column).iter_rows()) == {
            heading: heading_counts.get(heading, 0) for heading in by_heading["heading"]
        }
        assert dict(by_member.select("member_code", column).iter_rows()) == {
            code: member_counts.get(code, 0) for code in by_member["member_code"]
        }
        if (viewer, name) == ("analyst", "default"):
            assert sum(heading_counts.values()) > 0 and sum(member_counts.values()) > 0


@pytest.mark.parametrize("viewer", VIEWERS)
def test_weekly_counts_equal_counts_over_each_weeks_incidents(
    demo_source: Source, viewer: str
) -> None:
    principal, as_of = VIEWERS[viewer], TODAY - timedelta(days=3)
    filters = Filters(headings=("MIE", "DIP"))
    weekly = warning.weekly_counts(demo_source, principal, filters, as_of=as_of, weeks=8)
    first_week = min(weekly["week"])
    counted = _count(
        demo_source,
        principal,
        filters.with_changes(date_from=first_week, date_to=as_of),
        """select 'heading' as scope, heading as key, date_trunc('week', detected_at)::date as week,
                  count(*) as n
           from filtered_incident() group by all
           union all
           select 'country', code, week, count(*)
           from (select unnest(targeted_members) as code,
                        date_trunc('week', detected_at)::date as week from filtered_incident())
           group by all""",
    )
    expected = {(scope, key, week): n for scope, key, week, n in counted.iter_rows()}
    assert {(scope, key, week): n for scope, key, week, n in weekly.iter_rows() if n} == expected
    assert weekly.height == 8 * len(set(weekly["key"]))


def test_the_day_counts_ignore_the_period_and_hold_no_incident(demo_source: Source) -> None:
    principal = VIEWERS["analyst"]
    whole = daily.heading_days(demo_source, principal, Filters())
    assert whole.equals(daily.heading_days(demo_source, principal, FILTERS["default"]))
    assert whole.columns == ["day", "heading", "incidents", "gender_or_vulnerable", "highest_rank"]
    assert whole.select("day", "heading").is_duplicated().sum() == 0
    assert daily.in_period(whole, date(2000, 1, 1), date(2000, 1, 2)).is_empty()


@every_viewer_and_filter_bar
def test_the_briefings_incident_marking_is_the_highest_over_the_periods_incidents(
    demo_source: Source, viewer: str, name: str
) -> None:
    filters, principal = FILTERS[name], VIEWERS[viewer]
    rank = _count(
        demo_source, principal, filters, "select max(tlp_rank(tlp)) from filtered_incident()"
    ).item()
    expected = None if rank is None else TLP_LEVELS[rank]
    assert highest_incident_marking(demo_source, principal, filters) == expected


@every_viewer_and_filter_bar
def test_top_actors_equal_counts_and_targets_over_the_periods_incidents(
    demo_source: Source, viewer: str, name: str
) -> None:
    filters, principal = FILTERS[name], VIEWERS[viewer]
    expected = _count(
        demo_source,
        principal,
        filters,
        """with seen as (
               select unnest(actor_ids) as actor_id, targeted_members from filtered_incident()
           ),
           named as (
               select distinct seen.actor_id, member.name_en, member.name_fr
               from (select actor_id, unnest(targeted_members) as code from seen) as seen
               join member on member.member_code = seen.code
           )
           select actor_id, count(*) as incidents,
                  (select string_agg(name_en, ', ' order by name_en) from named
                   where named.actor_id = seen.actor_id) as members_en,
                  (select string_agg(name_fr, ', ' order by name_fr) from named
                   where named.actor_id = seen.actor_id) as members_fr
           from seen
           where actor_id in (select actor_id from scoped_actor())
           group by actor_id""",
    )
    everyone = overview.top_actors(demo_source, principal, filters, limit=1000)
    if (viewer, name) == ("analyst", "default"):
        assert everyone.height > 1 and everyone["members_en"].null_count() == 0
    assert {row[0]: row[1:] for row in expected.rows()} == {
        row[0]: row[1:]
        for row in everyone.select("actor_id", "incidents", "members_en", "members_fr").rows()
    }
    top = overview.top_actors(demo_source, principal, filters, limit=3)
    assert top.rows() == everyone.head(top.height).rows()
    assert top["incidents"].to_list() == sorted(top["incidents"].to_list(), reverse=True)
