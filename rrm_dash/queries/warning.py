"""Queries behind the Early warning page: small aggregated frames for rrm_dash.analytics."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.analytics.election_risk import (
    HORIZON_DAYS,
    INTERFERENCE_TECHNIQUES,
    ActivityPeriod,
    activity_period,
)
from rrm_dash.analytics.signals import window_start
from rrm_dash.analytics.surges import week_start
from rrm_dash.filters import Filters
from rrm_dash.queries import daily
from rrm_dash.queries.months import by_month
from rrm_dash.queries.quarters import by_quarter
from rrm_dash.queries.runner import Source, run

#: Weeks `weekly_counts` reads by default: the current week, its 52-week baseline, and 4 more
#: so that the week before the current one can be judged too.
DEFAULT_WEEKS = 57


def weekly_counts(
    source: Source,
    principal: Principal,
    filters: Filters,
    *,
    as_of: date,
    weeks: int = DEFAULT_WEEKS,
) -> pl.DataFrame:
    """scope ("country" | "heading"), key, week (Monday), incidents: the `weeks` weeks up to the
    one `as_of` falls in (counted up to `as_of`), every week listed, zeros included.

    The filter bar's period is replaced by those weeks; its other filters apply. Countries are
    the targeted ones (only the filter bar's members when it names any); every heading is listed.
    """
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, not {weeks}")
    last_week = week_start(as_of)
    first_week = last_week - timedelta(weeks=weeks - 1)
    spine = pl.date_range(first_week, last_week, interval="1w", eager=True).alias("week")
    countries = daily.member_days(source, principal, filters).rename({"code": "key"})
    if filters.members:
        countries = countries.filter(pl.col("key").is_in(filters.members))
    countries = daily.weekly(countries, ["key"], first_week, as_of)
    headings = daily.heading_days(source, principal, filters).rename({"heading": "key"})
    scopes = {
        "country": (countries, countries.select("key").unique()),
        "heading": (
            daily.weekly(headings, ["key"], first_week, as_of),
            daily.heading_list(source, principal).select(key="heading"),
        ),
    }
    frames = [
        keys.join(spine.to_frame(), how="cross")
        .join(counts, on=["key", "week"], how="left")
        .select(pl.lit(scope).alias("scope"), "key", "week", pl.col("incidents").fill_null(0))
        for scope, (counts, keys) in scopes.items()
    ]
    return pl.concat(frames).sort("scope", "key", "week")


def _activity_filters(filters: Filters) -> Filters:
    """The filter bar's filters but its period, members and election: the election counts set
    the days and countries themselves."""
    return filters.with_changes(date_from=None, date_to=None, members=(), election=None)


def election_inputs(
    source: Source,
    principal: Principal,
    filters: Filters,
    *,
    as_of: date,
    horizon_days: int = HORIZON_DAYS,
) -> dict[str, pl.DataFrame]:
    """The frames `rrm_dash.analytics.election_risk.election_risk` takes, by argument name.

    "elections": the elections whose watch window is open on `as_of` or opens within
    `horizon_days` (of the filter bar's members when it names any; postponed ones left out),
    with labels in both languages and their activity period (period_start, period_end);
    "window": election_id, incidents, interference_incidents; "baseline": election_id,
    baseline_incidents; "techniques": election_id, disarm_id, name, incidents; "actors":
    election_id, actor_id, name, actor_kind, incidents. Incidents are those targeting the
    election's country, counted with the filter bar's filters other than period, members and
    election.
    """
    elections = run(
        source,
        principal,
        "warning/upcoming_elections",
        as_of=as_of,
        horizon_days=horizon_days,
        members=list(filters.members),
    )
    periods = [
        (row["election_id"], row["country"], activity_period(row["watch_window_start"], as_of))
        for row in elections.iter_rows(named=True)
    ]
    elections = elections.with_columns(
        pl.Series("period_start", [period.start for _, _, period in periods], dtype=pl.Date),
        pl.Series("period_end", [period.end for _, _, period in periods], dtype=pl.Date),
    )
    others = _activity_filters(filters)
    counts = _election_counts(source, principal, others, periods)
    tagged = (
        counts.filter(pl.col("part") != "actor")
        .select("election_id", pl.col("id").alias("disarm_id"), "name", "incidents")
        .sort(
            [pl.col("election_id"), pl.col("disarm_id").is_not_null(), "incidents", "disarm_id"],
            descending=[False, False, True, False],
        )
    )
    window, baseline = _window_and_baseline(
        daily.member_days(source, principal, others), periods, tagged
    )
    actors = (
        counts.filter(pl.col("part") == "actor")
        .select("election_id", pl.col("id").alias("actor_id"), "name", "actor_kind", "incidents")
        .sort(["election_id", "incidents", "name"], descending=[False, True, False])
    )
    return {
        "elections": elections,
        "window": window,
        "baseline": baseline,
        "techniques": tagged.filter(pl.col("disarm_id").is_not_null()),
        "actors": actors,
    }


_ELECTION_COUNTS = pl.Schema(
    {
        "election_id": pl.String,
        "part": pl.String,
        "id": pl.String,
        "name": pl.String,
        "actor_kind": pl.String,
        "incidents": pl.Int64,
    }
)


def _election_counts(
    source: Source,
    principal: Principal,
    others: Filters,
    periods: list[tuple[str, str, ActivityPeriod]],
) -> pl.DataFrame:
    """election_id, part, id, name, actor_kind, incidents: each election's interference
    techniques ('technique'), interfering incidents ('interfering', id null) and actors
    ('actor') over its activity period, summed from warning/election_days read a whole month at
    a time (rrm_dash/queries/months.py): a slide of the as-of day reads at most one new month."""
    if not periods:
        return pl.DataFrame(schema=_ELECTION_COUNTS)

    def read(first: date, last: date) -> pl.DataFrame:
        month = others.with_changes(date_from=first, date_to=last)
        return run(
            source,
            principal,
            "warning/election_days",
            month,
            interference=list(INTERFERENCE_TECHNIQUES),
        )

    days = by_month(
        read,
        min(period.start for _, _, period in periods),
        max(period.end for _, _, period in periods),
    )
    return pl.concat(
        [
            days.filter(
                (pl.col("country") == country) & pl.col("day").is_between(period.start, period.end)
            )
            .group_by("part", "id", "name", "actor_kind")
            .agg(pl.col("incidents").sum())
            .select(pl.lit(election_id).alias("election_id"), pl.all())
            for election_id, country, period in periods
        ]
    ).select(pl.col(name).cast(dtype) for name, dtype in _ELECTION_COUNTS.items())


def _window_and_baseline(
    days: pl.DataFrame, periods: list[tuple[str, str, ActivityPeriod]], tagged: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """election_id, incidents, interference_incidents of each activity period, and election_id,
    baseline_incidents of its baseline: the incidents targeting the election's country per day
    (`days`, from daily.member_days) summed over each span; the interference count is the null
    technique row of the election counts (`tagged`)."""

    def total(country: str, first: date, last: date) -> int:
        return int(
            daily.in_period(days.filter(pl.col("code") == country), first, last)["incidents"].sum()
        )

    interfering = dict(
        tagged.filter(pl.col("disarm_id").is_null()).select("election_id", "incidents").iter_rows()
    )
    window = pl.DataFrame(
        [
            (election_id, total(country, period.start, period.end), interfering.get(election_id, 0))
            for election_id, country, period in periods
        ],
        schema={
            "election_id": pl.String,
            "incidents": pl.Int64,
            "interference_incidents": pl.Int64,
        },
        orient="row",
    ).sort("election_id")
    baseline = pl.DataFrame(
        [
            (election_id, total(country, period.baseline_start, period.start - timedelta(days=1)))
            for election_id, country, period in periods
        ],
        schema={"election_id": pl.String, "baseline_incidents": pl.Int64},
        orient="row",
    ).sort("election_id")
    return window, baseline


def signals(
    source: Source, principal: Principal, filters: Filters, *, as_of: date, window_days: int
) -> pl.DataFrame:
    """kind, item, label, members, incidents, first_seen, last_seen: the cross-member signals of
    the `window_days` days ending `as_of`, unranked and counted in the warehouse as
    `rrm_dash.analytics.signals.cross_member_signals` defines them (a combination's label is
    null: see rrm_dash.analytics.signals.with_combination_labels).

    The filter bar's period is replaced by those days and its members filter is dropped (a
    signal is about the other members: pass the filter bar's members to
    `ranked_signals(..., involving=...)`); its other filters apply.
    """
    period = filters.with_changes(
        date_from=window_start(as_of, window_days), date_to=as_of, members=()
    )
    return run(source, principal, "warning/signals", period)


def technique_names(source: Source, principal: Principal) -> pl.DataFrame:
    """disarm_id, name of every DISARM technique (labels of technique combinations)."""
    return run(source, principal, "warning/technique_names")


def latency_stages(source: Source, principal: Principal, filters: Filters) -> pl.DataFrame:
    """member (originator, null when withheld), quarter ("2026-Q3", of detection), stage (see
    rrm_dash.analytics.latency.STAGES), median_days, p25_days, p75_days, incidents: the filtered
    incidents' handling times, aggregated in the warehouse (as `latency_by_member_quarter`),
    one quarter of the period at a time (rrm_dash/queries/quarters.py)."""

    def read(date_from: date | None, date_to: date | None) -> pl.DataFrame:
        piece = filters.with_changes(date_from=date_from, date_to=date_to)
        return run(source, principal, "warning/latency_stages", piece)

    frame = by_quarter(read, filters.date_from, filters.date_to)
    return frame.sort(["member", "quarter"], nulls_last=True, maintain_order=True)


def gender_inputs(source: Source, principal: Principal, filters: Filters) -> pl.DataFrame:
    """heading, month (first day), incidents, women, vulnerable: the filtered incidents per
    heading and month of detection, and how many target women or a vulnerable group (every
    heading and month of the period listed; see rrm_dash.analytics.gender)."""
    return run(source, principal, "warning/gender_counts", filters)


def data_as_of(source: Source, principal: Principal) -> datetime | None:
    """The latest detection time among the incidents `principal` may see (None when none)."""
    value = run(source, principal, "warning/data_as_of").item()
    return value if isinstance(value, datetime) else None
