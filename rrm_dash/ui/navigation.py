"""The views of the app, in menu order: one entry per page file."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from rrm_dash.i18n import Translator


@dataclass(frozen=True)
class View:
    path: str
    title_key: str
    icon: str
    url_path: str


VIEWS = (
    View("pages/overview.py", "nav.overview", ":material/dashboard:", "overview"),
    View("pages/timeline.py", "timeline.nav", ":material/timeline:", "timeline"),
    View("pages/elections.py", "elections.nav", ":material/how_to_vote:", "elections"),
    View("pages/engagement.py", "engagement.nav", ":material/groups:", "engagement"),
    View("pages/incidents.py", "incidents.nav", ":material/table_rows:", "incidents"),
    View("pages/disarm.py", "disarm.nav", ":material/grid_view:", "disarm"),
    View("pages/responses.py", "responses.nav", ":material/handshake:", "responses"),
    View("pages/wire.py", "wire.nav", ":material/library_books:", "wire"),
    View("pages/map.py", "map.nav", ":material/public:", "map"),
)


def pages(t: Translator) -> list[st.Page]:
    """Streamlit pages for every view; the first is the default."""
    return [
        st.Page(
            view.path,
            title=t(view.title_key),
            icon=view.icon,
            url_path=view.url_path,
            default=index == 0,
        )
        for index, view in enumerate(VIEWS)
    ]
