"""Audit writes that never slow a page: record() queues, a daemon thread writes in batches.

One AuditWriter per audit database per process. `record(event)` appends to an in-memory queue
and returns; the writer's thread flushes the queue in one transaction every `interval_s`
seconds, or sooner when `batch_size` events are waiting. A failed write is logged and its
events are kept for the next try. `flush()` runs at interpreter exit (atexit), so a clean
shutdown loses nothing; a killed process loses at most the last interval's events.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections import deque
from pathlib import Path

from rrm_dash.audit import store
from rrm_dash.audit.events import AuditEvent
from rrm_dash.config import audit_path

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 1.0
DEFAULT_BATCH_SIZE = 200
#: Events held while the database cannot be written; beyond this the oldest are dropped
#: (and the loss logged as an error) rather than letting memory grow without end.
MAX_PENDING = 100_000


class AuditWriter:
    """A batched, thread-safe writer of one audit database."""

    def __init__(
        self,
        path: Path,
        *,
        interval_s: float = DEFAULT_INTERVAL_S,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_pending: int = MAX_PENDING,
    ) -> None:
        self.path = path
        self.interval_s = interval_s
        self.batch_size = batch_size
        self.max_pending = max_pending
        self.flushes = 0
        """Transactions written so far (one per successful flush that had events)."""
        self.failures = 0
        """Flushes that failed (their events were kept)."""
        self.dropped = 0
        """Events given up because the queue was full while the database failed."""
        self._pending: deque[AuditEvent] = deque()
        self._lock = threading.Lock()  # guards _pending, counters and the thread
        self._flush_lock = threading.Lock()  # one flush at a time, in order
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._failing = False

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def record(self, event: AuditEvent) -> None:
        """Queue `event` and return at once: never touches the database, never raises."""
        try:
            with self._lock:
                self._pending.append(event)
                if len(self._pending) > self.max_pending:
                    self._pending.popleft()
                    self.dropped += 1
                    if self.dropped == 1 or self.dropped % 1000 == 0:
                        log.error(
                            "audit log %s unwritable: %d event(s) dropped", self.path, self.dropped
                        )
                full = len(self._pending) >= self.batch_size
                self._ensure_thread()
            if full:
                self._wake.set()
        except Exception:  # an audit failure must never break the page
            log.warning("could not queue an audit event", exc_info=True)

    def flush(self) -> int:
        """Write every queued event in one transaction; the number written (0 on failure,
        when the events stay queued for the next try). Never raises."""
        with self._flush_lock:
            with self._lock:
                batch = list(self._pending)
                self._pending.clear()
            if not batch:
                return 0
            try:
                written = store.append_many(self.path, batch)
            except Exception as error:
                with self._lock:
                    self._pending.extendleft(reversed(batch))
                    overflow = len(self._pending) - self.max_pending
                    for _ in range(max(overflow, 0)):
                        self._pending.popleft()
                    self.dropped += max(overflow, 0)
                    self.failures += 1
                    first = not self._failing
                    self._failing = True
                if first:
                    log.warning(
                        "audit log %s not written (%s); %d event(s) kept for the next try",
                        self.path,
                        error,
                        len(batch),
                    )
                else:
                    log.debug("audit log %s still not written: %s", self.path, error)
                return 0
            with self._lock:
                self.flushes += 1
                recovered = self._failing
                self._failing = False
            if recovered:
                log.warning("audit log %s written again after a failure", self.path)
            return written

    def close(self) -> None:
        """Stop the thread and write what is queued (a clean shutdown)."""
        self._stopped.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=max(self.interval_s, 1.0) * 5)
        self.flush()

    def _ensure_thread(self) -> None:
        # Called with self._lock held. Started lazily, so importing never starts a thread,
        # and restarted after a fork (threads do not survive one).
        if (self._thread is not None and self._thread.is_alive()) or self._stopped.is_set():
            return
        self._thread = threading.Thread(
            target=self._run, name=f"audit-writer:{self.path.name}", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        while not self._stopped.is_set():
            self._wake.wait(self.interval_s)
            self._wake.clear()
            self.flush()


_writers: dict[Path, AuditWriter] = {}
_writers_lock = threading.Lock()


def writer_for(path: str | os.PathLike[str] | None = None) -> AuditWriter:
    """The process's writer of the audit database at `path` (default: RRM_AUDIT_DB)."""
    resolved = audit_path(path)
    with _writers_lock:
        writer = _writers.get(resolved)
        if writer is None or writer._stopped.is_set():
            writer = AuditWriter(resolved)
            _writers[resolved] = writer
        return writer


def record(event: AuditEvent, path: str | os.PathLike[str] | None = None) -> None:
    """Queue `event` for the audit log (default: RRM_AUDIT_DB); returns at once, never raises."""
    try:
        writer_for(path).record(event)
    except Exception:  # an audit failure must never break the page
        log.warning("could not queue an audit event", exc_info=True)


def flush(path: str | os.PathLike[str] | None = None) -> int:
    """Write what is queued now: for `path`'s writer, or every writer when None. Never raises."""
    with _writers_lock:
        if path is None:
            writers = list(_writers.values())
        else:
            found = _writers.get(audit_path(path))
            writers = [found] if found is not None else []
    return sum(writer.flush() for writer in writers)


def reset() -> None:
    """Close and forget every writer (tests; what a restart does)."""
    with _writers_lock:
        writers = list(_writers.values())
        _writers.clear()
    for writer in writers:
        writer.close()


atexit.register(flush)
