"""Warm a new app process for its first visitors: the Python modules every page imports, the
live snapshot's read model, and the landing page's queries for the usual viewers.

Streamlit imports the app's modules and runs app.py only when a session connects, so without
this the first visitor after a start pays for all of it (seconds at a million incidents).
The queries go through `rrm_dash.queries.runner.run`, so their results land in the process's
result cache under the same key (snapshot, viewer scope, filters, parameters) the Overview
asks for with the default filter bar. Nothing is written: no audit line, no session.
"""

from __future__ import annotations

import ast
import importlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from pathlib import Path

from rrm_dash import PACKAGE_DIR, PROJECT_DIR
from rrm_dash.access import PUBLIC, Principal, Role, demo_principal, with_role_ceiling
from rrm_dash.analytics.alerts import warning_picture
from rrm_dash.auth.users import User, UsersError, load_users
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.queries import filters as options
from rrm_dash.queries import overview
from rrm_dash.queries.dataset import is_synthetic_demo
from rrm_dash.queries.meeting import highest_marking
from rrm_dash.queries.runner import Source
from rrm_dash.ui.navigation import default_view

log = logging.getLogger(__name__)

#: The scripts Streamlit runs and the UI modules they use, the landing page's first: their
#: imports are what a first visit would import.
APP_SCRIPTS = (
    PROJECT_DIR / "app.py",
    PROJECT_DIR / "views" / "overview.py",
    *sorted((PACKAGE_DIR / "ui").glob("*.py")),
    *sorted((PROJECT_DIR / "views").glob("*.py")),
)
#: Libraries Streamlit imports only when a page first draws a table, a chart or an icon.
DRAWING_MODULES = (
    "pandas",
    "pyarrow.pandas_compat",
    "plotly.offline",
    "PIL.Image",
    "streamlit.material_icon_names",
    "streamlit.dataframe.lazy_df_adapters",
)
#: Never imported here: modules that declare Streamlit components (the sign-in cookie's)
#: register them with the server only when a session's script imports them, so the UI
#: modules and the sign-in library are left to the first session (a fraction of a second).
SESSION_ONLY_MODULES = ("rrm_dash.ui", "streamlit_authenticator", "extra_streamlit_components")
#: The page every role lands on (rrm_dash.ui.navigation.default_view).
LANDING_VIEW = "overview"
#: What views/overview.py asks for; tests/unit/test_warmup.py checks that a following
#: Overview run finds every one of its query results already kept.
TOP_ACTORS = 5
TOP_ALERTS = 3
#: At most this many viewer scopes are warmed (the time budget usually ends it sooner).
MAX_VIEWERS = 16
#: Roles that need no member code: warmed after the users file's viewers, budget allowing.
MEMBERLESS_ROLES = (Role.ANALYST, Role.ADMIN, Role.LEADERSHIP)


def imported_modules(script: Path) -> list[str]:
    """Absolute module names `script` imports (for `from m import n`, also `m.n`, which may
    be a submodule)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"), str(script))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def app_module_names(scripts: Sequence[Path] = APP_SCRIPTS) -> list[str]:
    """What `scripts` import, in their order, then the drawing libraries; each once, without
    the session-only modules."""
    names = [name for script in scripts for name in imported_modules(script)]
    return [name for name in dict.fromkeys([*names, *DRAWING_MODULES]) if not _session_only(name)]


def import_module(name: str) -> bool:
    """Import `name`; whether it is a module (`m.n` from `from m import n` may be a function)."""
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def _session_only(name: str) -> bool:
    return any(name == prefix or name.startswith(f"{prefix}.") for prefix in SESSION_ONLY_MODULES)


def landing_viewers(users: Iterable[User]) -> list[Principal]:
    """One viewer per distinct read scope, as the app shows them the landing page: the users
    file's, most shared first, then the roles without a member code (the demo analyst's first)."""
    candidates = [user.principal() for user in users]
    counts = Counter(_scope(principal) for principal in candidates)
    candidates.sort(key=lambda principal: -counts[_scope(principal)])  # stable: file order
    candidates.append(demo_principal())
    candidates.extend(Principal("warm-up", role) for role in MEMBERLESS_ROLES)
    viewers: dict[object, Principal] = {}
    for principal in candidates:
        shown = with_role_ceiling(principal)
        viewers.setdefault(_scope(shown), shown)
    return list(viewers.values())[:MAX_VIEWERS]


def _scope(principal: Principal) -> object:
    """What the result cache keys a viewer by (the read model's `viewer` variable)."""
    return tuple(sorted(with_role_ceiling(principal).viewer().items()))


Step = Callable[[], object]


def landing_page_steps(
    source: Source, viewer: Principal, today: date, lang: str = "en"
) -> list[Step]:
    """What app.py, the filter bar and the landing page ask for when `viewer` (as
    page_context makes it: role ceiling applied, meeting mode off) opens the app with the
    default filters on `today`, in page order, a query or two per step."""
    steps: list[Step] = [
        partial(is_synthetic_demo, source, viewer),
        partial(options.member_options, source, viewer),
        *(
            partial(options.vocabulary_options, source, viewer, vocabulary)
            for vocabulary in ("heading", "threat_type", "platform", "tlp")
        ),
        partial(options.actor_options, source, viewer),
        partial(options.tactic_options, source, viewer),
        partial(options.technique_options, source, viewer),
        partial(options.election_options, source, viewer),
    ]
    filters = Filters.default(today)
    if viewer.ceiling != "RED":  # app.py's ceiling banner
        steps.append(partial(highest_marking, source, viewer, filters))
    if default_view(viewer.role) != LANDING_VIEW:
        return steps
    previous = filters.previous_period()
    as_of = min(filters.date_to or today, today)
    upcoming = partial(overview.upcoming_elections, source, viewer, today)

    def alert_names() -> None:  # the picture is kept: asking again costs nothing
        if warning_picture(source, viewer, filters, as_of=as_of).top_alerts(TOP_ALERTS):
            options.code_names(source, viewer, lang)

    steps += [
        partial(overview.key_figures, source, viewer, filters),
        *([partial(overview.key_figures, source, viewer, previous)] if previous else []),
        partial(overview.incidents_by_heading, source, viewer, filters),
        partial(overview.incidents_by_targeted_member, source, viewer, filters),
        partial(overview.top_actors, source, viewer, filters, TOP_ACTORS),
        # one read serves the next election too, asked for when none is near
        partial(upcoming, overview.ELECTION_HORIZON_DAYS),
        partial(overview.open_responses, source, viewer, today),
        partial(warning_picture, source, viewer, filters, as_of=as_of),
        alert_names,
    ]
    if filters.date_from and filters.date_to:
        steps.append(
            partial(overview.engagement_summary, source, viewer, filters.date_from, filters.date_to)
        )
    return steps


def warm_landing_page(source: Source, viewer: Principal, today: date, lang: str = "en") -> None:
    """Run every step of `landing_page_steps` (results land in the process's caches)."""
    for step in landing_page_steps(source, viewer, today, lang):
        step()


def _users() -> list[User]:
    try:
        return list(load_users().values())
    except UsersError as error:  # the app shows its own message; warm the default viewers
        log.warning("Warm-up: the users file cannot be read (%s)", error)
        return []


def _no_visitor() -> bool:
    return False


def warm_up(
    published: Path,
    *,
    budget_s: float,
    today: date | None = None,
    viewers: Sequence[Principal] | None = None,
    visitor: Callable[[], bool] = _no_visitor,
    stop: threading.Event | None = None,
    started: float | None = None,
) -> bool:
    """Warm this process for `published`'s live snapshot within about `budget_s` seconds;
    whether all of it was warmed. Any error is logged and ends the warm-up: it never raises.

    Modules come first, then the read model, then the viewers' landing pages, one import or
    query at a time, until the budget is spent, `visitor()` says a session is open (the
    warm-up gives way rather than compete with a visitor's own page) or `stop` is set (the
    server is shutting down); an import or query under way then finishes first. `started` is
    when the warm-up began (time.monotonic()) if its caller has already logged the start."""
    if started is None:
        started = time.monotonic()
        log.info("Warm-up started (at most %.0f s)", budget_s)
    deadline = started + budget_s
    modules = 0
    done: list[str] = []

    def give_way() -> bool:
        reason = _reason_to_stop(deadline, visitor, stop)
        if reason is not None:
            log.info(
                "Warm-up stopped (%s) after %.1f s: %d modules; viewers warmed: %s",
                reason,
                time.monotonic() - started,
                modules,
                ", ".join(done) or "none",
            )
        return reason is not None

    try:
        for name in app_module_names():
            if give_way():
                return False
            modules += import_module(name)
        for lang in LANGUAGES:
            translator(lang)("nav.overview")
        source = Source.live(published)
        is_synthetic_demo(source, PUBLIC)  # app.py asks before anyone signs in
        day = today or date.today()
        for viewer in landing_viewers(_users()) if viewers is None else viewers:
            for step in landing_page_steps(source, viewer, day):
                if give_way():
                    return False
                step()
            done.append(_label(viewer))
    except Exception:
        log.exception("Warm-up failed after %.1f s; the server runs on", time.monotonic() - started)
        return False
    log.info(
        "Warm-up done in %.1f s: %d modules, snapshot %s; viewers warmed: %s",
        time.monotonic() - started,
        modules,
        source.snapshot.name,
        ", ".join(done) or "none",
    )
    return True


def _reason_to_stop(
    deadline: float, visitor: Callable[[], bool], stop: threading.Event | None
) -> str | None:
    if stop is not None and stop.is_set():
        return "the server is stopping"
    if time.monotonic() > deadline:
        return "time limit reached"
    if visitor():
        return "a visitor arrived"
    return None


def _label(viewer: Principal) -> str:
    member = f" {viewer.member_code}" if viewer.member_code else ""
    return f"{viewer.role.value}{member}"
