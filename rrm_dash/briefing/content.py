"""What a leadership briefing says, as data: built once, shown by the Briefing page and the PDF.

Everything comes from the scoped queries for the reader (so the TLP rules, the Chatham House
Rule and any ceiling apply exactly as on screen): the period's key figures against the period
before, the three most important developments (rrm_dash.analytics.alerts.top_alerts), the
elections ahead, the responses by status, the data of two small charts, and the highest
marking among all of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import polars as pl

from rrm_dash.access import TLP_RANK, Principal
from rrm_dash.analytics.alerts import Alert, WarningPicture, alert_text, warning_picture
from rrm_dash.analytics.election_risk import BASELINE_DAYS
from rrm_dash.analytics.signals import window_start
from rrm_dash.analytics.surges import week_start
from rrm_dash.briefing import queries as briefing_queries
from rrm_dash.briefing.charts import HeadingBar, Marker, WeekPoint
from rrm_dash.filters import Filters
from rrm_dash.i18n import translator
from rrm_dash.queries import daily, overview, responses, timeline
from rrm_dash.queries.dataset import is_synthetic_demo
from rrm_dash.queries.filters import code_names
from rrm_dash.queries.runner import Source

#: Developments the briefing lists (the issue: "the three most important").
DEVELOPMENTS = 3
MAX_ELECTIONS = 6
#: Key figures, in the order shown, with their i18n label keys (briefing.figure.<key>).
FIGURE_KEYS = ("incidents", "members_targeted", "actors_seen", "gender_or_vulnerable")


@dataclass(frozen=True)
class KeyFigure:
    """One key figure of the period and the same figure over the period before."""

    key: str
    value: int
    previous: int | None

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.value - self.previous

    @property
    def relative_change(self) -> float | None:
        """(value - previous) / previous; None without a previous value or from zero."""
        if not self.previous:
            return None
        return (self.value - self.previous) / self.previous


@dataclass(frozen=True)
class Development:
    """One of the most important developments, written out in the briefing's language."""

    kind: str
    level: str
    text: str
    link_params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ElectionAhead:
    election_id: str
    country: str
    body: str
    date_start: date
    date_end: date
    days_to_vote: int
    in_watch_window: bool
    risk: str | None
    """"high" | "elevated" | "low" from the election-risk analysis; None when not assessed."""


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    responses: int


@dataclass(frozen=True)
class Briefing:
    """One briefing: what it covers, for whom, and everything it shows (labels in `lang`)."""

    lang: str
    generated_at: datetime
    period: tuple[date, date]
    previous: tuple[date, date] | None
    filters: Filters
    reader: str
    role: str
    member: str | None
    ceiling: str
    marking: str
    """The most restrictive TLP level among what the briefing shows (CLEAR when it shows no
    marked record)."""
    synthetic_demo: bool
    figures: tuple[KeyFigure, ...]
    developments: tuple[Development, ...]
    elections: tuple[ElectionAhead, ...]
    responses: tuple[StatusCount, ...]
    weeks: tuple[WeekPoint, ...]
    election_markers: tuple[Marker, ...]
    headings: tuple[HeadingBar, ...]
    names: Mapping[str, str] = field(default_factory=dict)
    """Country, member and heading codes → names in `lang` (for codes the text mentions)."""

    @property
    def has_incidents(self) -> bool:
        return any(figure.key == "incidents" and figure.value for figure in self.figures)


def briefing_filters(filters: Filters, today: date) -> Filters:
    """`filters` with a closed period: open ends become the app's default (the last 12 months
    up to `today`), and an end after today becomes today."""
    default = Filters.default(today)
    end = min(filters.date_to or today, today)
    start = filters.date_from or (default.date_from if filters.date_to is None else None)
    if start is None:
        start = end - timedelta(days=364)
    start = min(start, end)
    return filters.with_changes(date_from=start, date_to=end)


def _period(filters: Filters | None) -> tuple[date, date] | None:
    if filters is None or filters.date_from is None or filters.date_to is None:
        return None
    return (filters.date_from, filters.date_to)


def _figures(source: Source, principal: Principal, filters: Filters) -> tuple[KeyFigure, ...]:
    current = overview.key_figures(source, principal, filters)
    previous_filters = filters.previous_period()
    before = overview.key_figures(source, principal, previous_filters) if previous_filters else None
    return tuple(
        KeyFigure(key, getattr(current, key), getattr(before, key) if before else None)
        for key in FIGURE_KEYS
    )


def _developments(
    alerts: Sequence[Alert], lang: str, names: Mapping[str, str]
) -> tuple[Development, ...]:
    t = translator(lang)
    return tuple(
        Development(alert.kind, alert.level, alert_text(alert, t, names), alert.link_params)
        for alert in alerts
    )


def _elections(
    source: Source,
    principal: Principal,
    filters: Filters,
    as_of: date,
    lang: str,
    risks: pl.DataFrame,
) -> tuple[ElectionAhead, ...]:
    def ahead(days: int) -> pl.DataFrame:
        frame = overview.upcoming_elections(source, principal, as_of, days)
        if filters.members:
            frame = frame.filter(pl.col("country").is_in(list(filters.members)))
        return frame

    frame = ahead(overview.ELECTION_HORIZON_DAYS)
    if frame.is_empty():  # none soon: the next one, as the Overview does
        frame = ahead(overview.NEXT_ELECTION_DAYS).head(1)
    risk_of: dict[str, str] = {}
    if not risks.is_empty() and {"election_id", "level"} <= set(risks.columns):
        risk_of = dict(zip(risks["election_id"].to_list(), risks["level"].to_list(), strict=True))
    return tuple(
        ElectionAhead(
            election_id=row["election_id"],
            country=row[f"country_{lang}"],
            body=row[f"body_{lang}"],
            date_start=row["date_start"],
            date_end=row["date_end"],
            days_to_vote=int(row["days_to_vote"]),
            in_watch_window=bool(row["in_watch_window"]),
            risk=risk_of.get(row["election_id"]),
        )
        for row in frame.head(MAX_ELECTIONS).iter_rows(named=True)
    )


def _responses(
    source: Source, principal: Principal, filters: Filters, lang: str
) -> tuple[StatusCount, ...]:
    frame = responses.status_counts(source, principal, filters)
    return tuple(
        StatusCount(row["status"], row[f"label_{lang}"], int(row["responses"]))
        for row in frame.iter_rows(named=True)
    )


def _weeks(
    source: Source, principal: Principal, filters: Filters, period: tuple[date, date]
) -> tuple[WeekPoint, ...]:
    """Every week of the period (its Monday), zeros included."""
    counts = daily.weekly(daily.heading_days(source, principal, filters), [], *period)
    spine = pl.date_range(week_start(period[0]), week_start(period[1]), "1w", eager=True)
    weekly = spine.alias("week").to_frame().join(counts, on="week", how="left")
    return tuple(WeekPoint(week, int(incidents or 0)) for week, incidents in weekly.iter_rows())


def _markers(
    source: Source, principal: Principal, filters: Filters, period: tuple[date, date]
) -> tuple[tuple[Marker, ...], list[str]]:
    """Elections whose first voting day falls in the period, and their ids."""
    frame = timeline.elections_in_period(source, principal, filters, period).filter(
        pl.col("date_start").is_between(period[0], period[1])
    )
    markers = tuple(
        Marker(row["date_start"], str(row["country"])) for row in frame.iter_rows(named=True)
    )
    return markers, frame["election_id"].to_list()


def _headings(
    source: Source, principal: Principal, filters: Filters, lang: str
) -> tuple[HeadingBar, ...]:
    frame = overview.incidents_by_heading(source, principal, filters)
    return tuple(
        HeadingBar(
            row["heading"],
            row[f"label_{lang}"],
            int(row["current"] or 0),
            None if row["previous"] is None else int(row["previous"]),
        )
        for row in frame.iter_rows(named=True)
    )


def _named_ids(alerts: Sequence[Alert], kind: str) -> list[str]:
    """Ids of the records of `kind` ("actor", "narrative") that the alerts name."""
    prefix = f"{kind}:"
    return [
        alert.key.removeprefix(prefix)
        for alert in alerts
        if alert.kind == "signal" and alert.key.startswith(prefix)
    ]


def _counted_from(warning: WarningPicture) -> date:
    """The earliest day whose incidents the early-warning analyses may have counted: the first
    week of the surge baselines, the signals' window, the elections' baselines."""
    starts = [window_start(warning.as_of, warning.window_days)]
    first_week: date | None = warning.weekly["week"].min()  # type: ignore[assignment]
    if first_week is not None:
        starts.append(first_week)
    if "period_start" in warning.risks.columns:
        first_period: date | None = warning.risks["period_start"].min()  # type: ignore[assignment]
        if first_period is not None:
            starts.append(first_period - timedelta(days=BASELINE_DAYS))
    return min(starts)


def _marking(
    source: Source,
    principal: Principal,
    filters: Filters,
    *,
    earliest: date,
    alerts: Sequence[Alert],
    election_ids: Sequence[str],
) -> str:
    """The highest marking among the incidents counted from `earliest` to the period's end
    (figures, charts and the alerts' inputs), the responses of the period, and the actors,
    narratives and elections named."""
    # The analyses behind the developments read beyond the filter bar's members and election
    # (signals across members, election activity by country): so does the marking.
    span = filters.with_changes(date_from=earliest, members=(), election=None)
    counted = briefing_queries.highest_incident_marking(source, principal, span)
    shown = briefing_queries.highest_marking(
        source,
        principal,
        filters,
        actor_ids=_named_ids(alerts, "actor"),
        narrative_ids=_named_ids(alerts, "narrative"),
        election_ids=[
            *election_ids,
            *(alert.key for alert in alerts if alert.kind == "election"),
        ],
    )
    found = [level for level in (counted, shown) if level is not None]
    return max(found, key=TLP_RANK.__getitem__, default="CLEAR")


def build_briefing(
    source: Source,
    principal: Principal,
    filters: Filters,
    *,
    lang: str,
    now: datetime,
    today: date | None = None,
) -> Briefing:
    """The briefing `principal` may read over `filters` (open period ends are closed with the
    app's default period ending `today`, the date of `now` unless the caller's clock says
    otherwise, as the app's filter bar does), in `lang`, generated at `now`."""
    chosen = briefing_filters(filters, today or now.date())
    period = _period(chosen)
    assert period is not None
    previous = _period(chosen.previous_period())
    as_of = period[1]
    warning = warning_picture(source, principal, chosen, as_of=as_of)
    alerts = warning.top_alerts(DEVELOPMENTS)
    names = code_names(source, principal, lang)
    elections = _elections(source, principal, chosen, as_of, lang, warning.risks)
    markers, marker_ids = _markers(source, principal, chosen, period)
    earliest = min(previous[0] if previous else period[0], _counted_from(warning), period[0])
    marking = _marking(
        source,
        principal,
        chosen,
        earliest=earliest,
        alerts=alerts,
        election_ids=[*(e.election_id for e in elections), *marker_ids],
    )
    return Briefing(
        lang=lang,
        generated_at=now,
        period=period,
        previous=previous,
        filters=chosen,
        reader=principal.username,
        role=principal.role.value,
        member=principal.member_code,
        ceiling=principal.ceiling,
        marking=marking,
        synthetic_demo=is_synthetic_demo(source, principal),
        figures=_figures(source, principal, chosen),
        developments=_developments(alerts, lang, names),
        elections=elections,
        responses=_responses(source, principal, chosen, lang),
        weeks=_weeks(source, principal, chosen, period),
        election_markers=markers,
        headings=_headings(source, principal, chosen, lang),
        names=names,
    )
