"""What the audit log records: one AuditEvent per sign-in, view, download or import.

The builders take the viewer (a Principal, or a page context carrying one) so a caller only
says what happened; `rrm_dash.audit.record(event)` queues it without waiting for the disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Protocol
from urllib.parse import urlencode

from rrm_dash.access import Principal
from rrm_dash.filters import Filters, to_query_params

#: The warehouse vocabulary `access_action`, in its display order.
ACTIONS = (
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "page_view",
    "detail_view",
    "download",
    "import",
)

#: The role recorded for a failed sign-in, when nobody is known to have signed in.
UNKNOWN_ROLE = "unknown"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AuditEvent:
    """One line of the audit log: who (username, role, member), did what (action), to what
    (object_type, object_id), when (`at`, UTC), with a free `detail` (filters, file, rows)."""

    username: str
    role: str
    member_code: str | None
    action: str
    object_type: str | None = None
    object_id: str | None = None
    detail: str | None = None
    at: datetime = field(default_factory=utc_now)

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"action must be one of {ACTIONS}, not {self.action!r}")
        if not self.username or not self.role:
            raise ValueError("an audit event needs a username and a role")
        if self.at.tzinfo is None:
            raise ValueError("audit times must be timezone-aware (UTC)")
        object.__setattr__(self, "at", self.at.astimezone(UTC))


class _ViewContext(Protocol):
    """What page_view_event needs of rrm_dash.ui.context.PageContext (not imported: no
    Streamlit here, and no import cycle when the context module records sign-ins)."""

    @property
    def principal(self) -> Principal: ...

    @property
    def filters(self) -> Filters: ...

    @property
    def today(self) -> date: ...


def event_for(
    principal: Principal,
    action: str,
    object_type: str | None = None,
    object_id: str | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """An event of `action` by `principal`, now."""
    return AuditEvent(
        username=principal.username,
        role=principal.role.value,
        member_code=principal.member_code,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )


def view_detail(principal: Principal, filters: Filters, today: date) -> str | None:
    """What narrowed the view, as a query string: the filter bar's URL form (only what differs
    from the defaults) and the TLP ceiling when one applied (meeting mode, briefings)."""
    params = to_query_params(filters, Filters.default(today))
    if principal.ceiling != "RED":
        params["ceiling"] = principal.ceiling
    return urlencode(params, safe=",:+") or None


def page_view_event(ctx: _ViewContext, page_name: str) -> AuditEvent:
    """A page view by the context's viewer, with the filters and ceiling it was shown under."""
    return event_for(
        ctx.principal,
        "page_view",
        "page",
        page_name,
        view_detail(ctx.principal, ctx.filters, ctx.today),
    )


def detail_view_event(principal: Principal, object_type: str, object_id: str) -> AuditEvent:
    """One record opened in full (an incident, a report, a response...)."""
    return event_for(principal, "detail_view", object_type, object_id)


def download_event(
    principal: Principal, what: str, file_name: str, rows: int | None = None
) -> AuditEvent:
    """A file taken away: `what` is the kind of export (incidents, wire, audit_log, stix...)."""
    detail = None if rows is None else f"rows={rows}"
    return event_for(principal, "download", what, file_name, detail)


def import_event(
    principal: Principal, file_name: str, source_format: str, detail: str | None = None
) -> AuditEvent:
    """A file imported into the warehouse (csv, stix...): `detail` says what it changed."""
    return event_for(principal, "import", source_format, file_name, detail)


def sign_in_event(principal: Principal) -> AuditEvent:
    return event_for(principal, "sign_in")


def sign_out_event(principal: Principal) -> AuditEvent:
    return event_for(principal, "sign_out")


def sign_in_failed_event(username: str, reason: str | None = None) -> AuditEvent:
    """A refused sign-in: the name as typed (never the password), role 'unknown'."""
    return AuditEvent(
        username=username.strip()[:200] or "(empty)",
        role=UNKNOWN_ROLE,
        member_code=None,
        action="sign_in_failed",
        detail=reason,
    )
