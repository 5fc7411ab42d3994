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
    View("views/overview.py", "nav.overview", ":material/dashboard:", "overview"),
    View("views/incidents.py", "incidents.nav", ":material/table_rows:", "incidents"),
    View("views/map.py", "map.nav", ":material/public:", "map"),
    View("views/timeline.py", "timeline.nav", ":material/timeline:", "timeline"),
    View("views/elections.py", "elections.nav", ":material/how_to_vote:", "elections"),
    View("views/disarm.py", "disarm.nav", ":material/grid_view:", "disarm"),
    View("views/engagement.py", "engagement.nav", ":material/groups:", "engagement"),
    View("views/responses.py", "responses.nav", ":material/handshake:", "responses"),
    View("views/wire.py", "wire.nav", ":material/library_books:", "wire"),
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
