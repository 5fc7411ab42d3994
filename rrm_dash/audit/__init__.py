"""The audit log: who signed in, saw, downloaded or imported what (append-only, batched writes)."""

from rrm_dash.audit.events import (
    ACTIONS,
    AuditEvent,
    detail_view_event,
    download_event,
    event_for,
    import_event,
    page_view_event,
    sign_in_event,
    sign_in_failed_event,
    sign_out_event,
)
from rrm_dash.audit.writer import AuditWriter, flush, record, writer_for
from rrm_dash.config import audit_path

__all__ = [
    "ACTIONS",
    "AuditEvent",
    "AuditWriter",
    "audit_path",
    "detail_view_event",
    "download_event",
    "event_for",
    "flush",
    "import_event",
    "page_view_event",
    "record",
    "sign_in_event",
    "sign_in_failed_event",
    "sign_out_event",
    "writer_for",
]
