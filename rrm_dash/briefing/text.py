"""The briefing's words, shared by the page and the PDF so that both say exactly the same thing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

import polars as pl

from rrm_dash.briefing.content import Briefing, Development, ElectionAhead, KeyFigure
from rrm_dash.filters import Filters
from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import date_span, moment, number, percent
from rrm_dash.tables.warning import incidents_link

#: Filter fields named in the "narrowed to" line, with their filter-bar label keys.
_FILTER_LABELS = (
    ("members", "filters.members"),
    ("headings", "filters.headings"),
    ("threat_types", "filters.threat_types"),
    ("actors", "filters.actors"),
    ("platforms", "filters.platforms"),
    ("tactics", "filters.tactics"),
    ("techniques", "filters.techniques"),
    ("tlp", "filters.tlp"),
)


def marking_label(marking: str) -> str:
    """A TLP marking as written on every page, e.g. TLP:GREEN (the same in every language)."""
    return f"TLP:{marking}"


def signed(value: int, lang: str) -> str:
    return ("+" if value > 0 else "") + number(value, lang)


def period_line(briefing: Briefing, t: Translate) -> str:
    period = date_span(*briefing.period, t.lang)
    if briefing.previous is None:
        return t("briefing.period", period=period)
    return t(
        "briefing.period_compared", period=period, previous=date_span(*briefing.previous, t.lang)
    )


def generated_time(when: datetime, lang: str) -> str:
    """The generation time in UTC, e.g. '3 Jul 2026, 14:05:00 UTC'."""
    utc = when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when
    return f"{moment(utc, lang)} UTC"


def generated_line(briefing: Briefing, t: Translate) -> str:
    reader = briefing.reader + (f" ({briefing.member})" if briefing.member else "")
    return t(
        "briefing.generated",
        time=generated_time(briefing.generated_at, t.lang),
        reader=reader,
        role=t(f"auth.role.{briefing.role}"),
    )


def marking_note(briefing: Briefing, t: Translate) -> str:
    """Why the briefing carries its marking, and the ceiling it was made under."""
    return t(
        "briefing.marking_note",
        marking=marking_label(briefing.marking),
        ceiling=marking_label(briefing.ceiling),
    )


def narrowed_line(
    filters: Filters, t: Translate, names: Mapping[str, str] | None = None
) -> str | None:
    """The filters beyond the period, e.g. 'Narrowed to: Targeted member or observer: FR'."""
    known = names or {}
    parts = []
    for field, label_key in _FILTER_LABELS:
        codes = getattr(filters, field)
        if codes:
            values = ", ".join(known.get(code, code) for code in codes)
            parts.append(t("briefing.item", label=t(label_key), value=values))
    if filters.election:
        parts.append(t("briefing.item", label=t("filters.election"), value=filters.election))
    return t("briefing.narrowed", filters="; ".join(parts)) if parts else None


def figure_value(figure: KeyFigure, lang: str) -> str:
    return number(figure.value, lang)


def figure_change(figure: KeyFigure, t: Translate) -> str:
    """'+12 (+15 %) on the previous period', 'no change', or 'no previous period'."""
    if figure.change is None:
        return t("briefing.change.none")
    if figure.change == 0:
        return t("briefing.change.same")
    relative = figure.relative_change
    if relative is None:
        return t("briefing.change.from_zero", change=signed(figure.change, t.lang))
    share = ("+" if relative > 0 else "") + percent(relative, t.lang)
    return t("briefing.change.by", change=signed(figure.change, t.lang), percent=share)


def election_when(election: ElectionAhead, t: Translate) -> str:
    dates = date_span(election.date_start, election.date_end, t.lang)
    if election.days_to_vote <= 0:
        return t("briefing.election.under_way", dates=dates)
    return t("briefing.election.in_days", dates=dates, days=number(election.days_to_vote, t.lang))


def election_risk(election: ElectionAhead, t: Translate) -> str:
    return t(f"briefing.risk.{election.risk or 'none'}")


@dataclass(frozen=True)
class Headings:
    """Section titles, in order."""

    figures: str
    developments: str
    weekly: str
    headings: str
    elections: str
    responses: str


def headings(t: Translate) -> Headings:
    return Headings(
        figures=t("briefing.section.figures"),
        developments=t("briefing.section.developments"),
        weekly=t("briefing.section.weekly"),
        headings=t("briefing.section.headings"),
        elections=t("briefing.section.elections"),
        responses=t("briefing.section.responses"),
    )


def responses_line(briefing: Briefing, t: Translate) -> str:
    """'Proposed: 3 · Under consultation: 2 · ...' (every status, zeros included)."""
    return " · ".join(
        t("briefing.item", label=status.label, value=number(status.responses, t.lang))
        for status in briefing.responses
    )


def elections_frame(briefing: Briefing, t: Translate) -> pl.DataFrame:
    """The elections ahead as the page's table: country, election, when, risk."""
    rows = briefing.elections
    return pl.DataFrame(
        {
            t("briefing.election.country"): [e.country for e in rows],
            t("briefing.election.body"): [e.body for e in rows],
            t("briefing.election.when"): [election_when(e, t) for e in rows],
            t("briefing.election.risk"): [election_risk(e, t) for e in rows],
        },
        schema={
            t(f"briefing.election.{name}"): pl.String
            for name in ("country", "body", "when", "risk")
        },
    )


def development_link(development: Development, filters: Filters, today: date, lang: str) -> str:
    """A relative link to the incidents behind a development: the briefing's filters with the
    development's own (member, period, actor...) over them, in `lang`."""
    return incidents_link(filters, Filters.default(today), development.link_params, lang)
