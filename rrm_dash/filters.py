"""The one filter bar shared by every view: its values, their URL form, and their SQL variable.

Pure (no Streamlit): rrm_dash/ui/filter_bar.py draws the widgets; the query runner hands
`Filters.as_variable()` to the read model's `filtered_incident()` (sql/read/scope.sql).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

DEFAULT_DAYS = 365

#: URL query-parameter name of each list filter.
LIST_PARAMS = {
    "members": "member",
    "headings": "heading",
    "threat_types": "threat",
    "actors": "actor",
    "platforms": "platform",
    "tactics": "tactic",
    "techniques": "technique",
    "tlp": "tlp",
}
#: Every URL parameter the filter bar owns; views may add their own beside them.
URL_PARAMS = frozenset({"from", "to", "election", *LIST_PARAMS.values()})
_CODE = re.compile(r"^[A-Za-z0-9_.+:-]{1,80}$")


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the views to. Empty tuples and None mean 'all'."""

    date_from: date | None = None
    date_to: date | None = None
    members: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    threat_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    tactics: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    tlp: tuple[str, ...] = ()
    election: str | None = None

    @classmethod
    def default(cls, today: date) -> Filters:
        """The last 12 months, everything else open."""
        return cls(date_from=today - timedelta(days=DEFAULT_DAYS - 1), date_to=today)

    def as_variable(self) -> dict[str, object]:
        """The read model's `filters` variable."""
        return {field.name: _sql_value(getattr(self, field.name)) for field in fields(self)}

    def with_changes(self, **changes: object) -> Filters:
        return replace(self, **changes)  # type: ignore[arg-type]

    def period_days(self) -> int | None:
        if self.date_from is None or self.date_to is None:
            return None
        return (self.date_to - self.date_from).days + 1

    def previous_period(self) -> Filters | None:
        """The same filters over the period of equal length just before this one."""
        days = self.period_days()
        if days is None or self.date_from is None:
            return None
        end = self.date_from - timedelta(days=1)
        return replace(self, date_from=end - timedelta(days=days - 1), date_to=end)


def _sql_value(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def to_query_params(filters: Filters, defaults: Filters) -> dict[str, str]:
    """The URL form of `filters`: only what differs from the defaults, so links stay short."""
    params: dict[str, str] = {}
    if filters.date_from != defaults.date_from and filters.date_from is not None:
        params["from"] = filters.date_from.isoformat()
    if filters.date_to != defaults.date_to and filters.date_to is not None:
        params["to"] = filters.date_to.isoformat()
    for name, param in LIST_PARAMS.items():
        values = getattr(filters, name)
        if values:
            params[param] = ",".join(values)
    if filters.election:
        params["election"] = filters.election
    return params


def from_query_params(
    params: Mapping[str, str], defaults: Filters, earliest: date | None = None
) -> Filters:
    """Filters from a URL; a malformed value is ignored (the default stands), never an error.

    Dates are kept between `earliest` and the default end (today): a link never asks for the future.
    """
    changes: dict[str, object] = {}
    for key, field_name in (("from", "date_from"), ("to", "date_to")):
        parsed = _parse_date(params.get(key))
        if parsed is not None:
            changes[field_name] = parsed
    for name, param in LIST_PARAMS.items():
        raw = params.get(param)
        if raw:
            codes = tuple(
                dict.fromkeys(c.strip() for c in raw.split(",") if _CODE.match(c.strip()))
            )
            changes[name] = codes
    election = params.get("election")
    if election and _CODE.match(election):
        changes["election"] = election
    latest = defaults.date_to
    for field_name in ("date_from", "date_to"):
        value = changes.get(field_name)
        if isinstance(value, date):
            if latest is not None and value > latest:
                changes[field_name] = latest
            if earliest is not None and value < earliest:
                changes[field_name] = earliest
    filters = replace(defaults, **changes)  # type: ignore[arg-type]
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        filters = replace(filters, date_from=filters.date_to, date_to=filters.date_from)
    return filters


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
