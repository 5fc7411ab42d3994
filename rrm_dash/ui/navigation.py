"""The views of the app, in menu order, and which roles may open each."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from rrm_dash.access import Role
from rrm_dash.i18n import Translator

EVERYONE = frozenset(Role)
NETWORK_ANALYSIS = frozenset(
    {Role.ADMIN, Role.ANALYST, Role.FOCAL_POINT, Role.OBSERVER, Role.TASKFORCE}
)
COORDINATION = frozenset(
    {Role.ADMIN, Role.ANALYST, Role.FOCAL_POINT, Role.OBSERVER, Role.LEADERSHIP}
)


@dataclass(frozen=True)
class View:
    path: str
    title_key: str
    icon: str
    url_path: str
    roles: frozenset[Role]


VIEWS = (
    View("views/overview.py", "nav.overview", ":material/dashboard:", "overview", EVERYONE),
    View(
        "views/early-warning.py",
        "warning.nav",
        ":material/notifications_active:",
        "early-warning",
        NETWORK_ANALYSIS,
    ),
    View("views/briefing.py", "briefing.nav", ":material/summarize:", "briefing", EVERYONE),
    View(
        "views/incidents.py",
        "incidents.nav",
        ":material/table_rows:",
        "incidents",
        NETWORK_ANALYSIS,
    ),
    View("views/map.py", "map.nav", ":material/public:", "map", NETWORK_ANALYSIS),
    View("views/timeline.py", "timeline.nav", ":material/timeline:", "timeline", EVERYONE),
    View("views/elections.py", "elections.nav", ":material/how_to_vote:", "elections", EVERYONE),
    View("views/disarm.py", "disarm.nav", ":material/grid_view:", "disarm", NETWORK_ANALYSIS),
    View("views/engagement.py", "engagement.nav", ":material/groups:", "engagement", COORDINATION),
    View("views/responses.py", "responses.nav", ":material/handshake:", "responses", COORDINATION),
    View("views/wire.py", "wire.nav", ":material/library_books:", "wire", EVERYONE),
    View(
        "views/import.py",
        "imports.nav",
        ":material/upload_file:",
        "import",
        frozenset({Role.ADMIN, Role.ANALYST}),
    ),
    View("views/audit.py", "audit.nav", ":material/policy:", "audit", frozenset({Role.ADMIN})),
)
_BY_URL = {view.url_path: view for view in VIEWS}


def allowed(role: Role, url_path: str) -> bool:
    """Whether `role` may open the view served at `url_path`."""
    view = _BY_URL.get(url_path)
    return view is not None and role in view.roles


def default_view(role: Role) -> str:
    """The url path of the view `role` lands on (Streamlit serves it at the empty path)."""
    return next(view.url_path for view in VIEWS if role in view.roles)


def pages(t: Translator, role: Role) -> list[st.Page]:
    """Streamlit pages of the views `role` may open; the first is the default, and any other
    address falls back to it."""
    return [
        st.Page(
            view.path,
            title=t(view.title_key),
            icon=view.icon,
            url_path=view.url_path,
            default=index == 0,
        )
        for index, view in enumerate(v for v in VIEWS if role in v.roles)
    ]
