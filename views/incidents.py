"""Incidents: a searchable, sortable, paged table of the filtered incidents, and one incident's detail."""

from __future__ import annotations

import streamlit as st

from rrm_dash.audit import record
from rrm_dash.audit.events import detail_view_event
from rrm_dash.i18n.formatting import number
from rrm_dash.queries import incidents
from rrm_dash.tables import incident_detail as detail
from rrm_dash.tables.incidents import (
    SORT_LABEL_KEYS,
    clamp_page,
    csv_payload,
    export_label,
    incident_table,
    page_count,
)
from rrm_dash.ui.components import empty_state, page_header, tlp_badge_markdown
from rrm_dash.ui.context import page_context
from rrm_dash.ui.exchange_downloads import incident_downloads

SEARCH, SORT, DIRECTION = "incidents_search", "incidents_sort", "incidents_direction"
PAGE, OPEN, SIGNATURE, WRITTEN = (
    "incidents_page",
    "incidents_open",
    "incidents_sig",
    "incidents_url",
)
PAGE_IDS, RELATED_IDS = "incidents_page_ids", "incidents_related_ids"
TABLE, RELATED = "incidents_table", "incidents_related"
DIRECTIONS = ("descending", "ascending")
#: URL parameter -> session key; the filter bar rewrites the URL each run, so the page re-adds these.
URL_KEYS = {"q": SEARCH, "sort": SORT, "order": DIRECTION, "page": PAGE, "incident": OPEN}
DEFAULTS: dict[str, object] = {SEARCH: "", SORT: "detected", DIRECTION: "descending", PAGE: 1}

ctx = page_context("incidents")
t = ctx.t


def _arrival_params() -> dict[str, str]:
    """This view's parameters in the URL (the filter bar keeps the parameters it does not own)."""
    return {name: st.query_params[name] for name in URL_KEYS if name in st.query_params}


def _from_url() -> None:
    """Take search, order, page and open incident from a link (later runs own the URL)."""
    incoming = _arrival_params()
    if not incoming or incoming == st.session_state.get(WRITTEN):
        return
    st.session_state[SEARCH] = incidents.clean_search(incoming.get("q"))
    sort, order = incoming.get("sort"), incoming.get("order")
    st.session_state[SORT] = sort if sort in incidents.SORT_KEYS else DEFAULTS[SORT]
    st.session_state[DIRECTION] = order if order in DIRECTIONS else DEFAULTS[DIRECTION]
    page = incoming.get("page", "1")
    st.session_state[PAGE] = int(page) if page.isdigit() else 1
    st.session_state[OPEN] = incoming.get("incident") or None
    st.session_state[SIGNATURE] = _signature()


def _signature() -> tuple[object, ...]:
    state = st.session_state
    return (ctx.filters, state.get(SEARCH), state.get(SORT), state.get(DIRECTION))


def _to_url() -> None:
    """Mirror this view in the URL next to the filter bar's parameters (a value back at its
    default leaves the URL, or a later run would take the old one back from it)."""
    params = {
        name: str(st.session_state[key])
        for name, key in URL_KEYS.items()
        if st.session_state.get(key) not in (None, DEFAULTS.get(key))
    }
    for name in URL_KEYS:
        if name not in params and name in st.query_params:
            del st.query_params[name]
    st.query_params.update(params)
    st.session_state[WRITTEN] = params


def _open_selected(table_key: str, ids_key: str) -> None:
    rows = st.session_state[table_key].selection.rows
    if rows:
        st.session_state[OPEN] = st.session_state[ids_key][rows[0]]


def _turn(step: int) -> None:
    st.session_state[PAGE] = int(st.session_state.get(PAGE, 1)) + step


def _close() -> None:
    st.session_state[OPEN] = None


_from_url()
for key, value in DEFAULTS.items():
    st.session_state.setdefault(key, value)
page_header(ctx, "incidents.title", "incidents.caption")

search_column, sort_column, direction_column = st.columns([3, 1, 1])
with search_column:
    st.text_input(t("incidents.search"), key=SEARCH, help=t("incidents.search_help"))
with sort_column:
    st.selectbox(
        t("incidents.sort_by"),
        options=incidents.SORT_KEYS,
        format_func=lambda code: t(SORT_LABEL_KEYS[code]),
        key=SORT,
    )
with direction_column:
    st.selectbox(
        t("incidents.order"),
        options=DIRECTIONS,
        format_func=lambda code: t(f"incidents.direction.{code}"),
        key=DIRECTION,
    )
if _signature() != st.session_state.get(SIGNATURE):
    st.session_state[SIGNATURE] = _signature()
    st.session_state[PAGE] = 1

search = st.session_state[SEARCH]
order = {"sort": st.session_state[SORT], "descending": st.session_state[DIRECTION] != "ascending"}
with st.spinner(t("common.loading")):
    total = incidents.incident_count(ctx.source, ctx.principal, ctx.filters, search=search, **order)
    page = clamp_page(int(st.session_state[PAGE]), total, incidents.PAGE_SIZE)
    st.session_state[PAGE] = page
    rows = incidents.incident_page(
        ctx.source, ctx.principal, ctx.filters, search=search, page=page, **order
    )

if total == 0:
    empty_state(ctx, "incidents.empty")
else:
    table = incident_table(rows, t)
    st.caption(t("incidents.matching", count=number(total, ctx.lang)))
    st.session_state[PAGE_IDS] = rows["incident_id"].to_list()
    st.dataframe(
        table,
        key=f"{TABLE}_{page}",
        hide_index=True,
        on_select=lambda: _open_selected(f"{TABLE}_{page}", PAGE_IDS),
        selection_mode="single-row",
    )
    pages = page_count(total, incidents.PAGE_SIZE)
    previous, position, following, page_csv, all_csv = st.columns([1, 1, 1, 2, 3])
    previous.button(
        t("incidents.previous"),
        key="incidents_previous",
        on_click=_turn,
        args=(-1,),
        disabled=page <= 1,
        icon=":material/chevron_left:",
    )
    position.markdown(
        t("incidents.page_of", page=number(page, ctx.lang), pages=number(pages, ctx.lang))
    )
    following.button(
        t("incidents.next"),
        key="incidents_next",
        on_click=_turn,
        args=(1,),
        disabled=page >= pages,
        icon=":material/chevron_right:",
    )
    page_csv.download_button(
        t("incidents.download_page"),
        data=csv_payload(table),
        file_name=f"incidents-page-{page}-{ctx.today.isoformat()}.csv",
        mime="text/csv",
        key="incidents_download_page",
        icon=":material/download:",
        on_click="ignore",
    )
    all_csv.download_button(
        export_label(t, total, incidents.EXPORT_CAP),
        data=lambda: csv_payload(
            incident_table(
                incidents.incident_export(
                    ctx.source, ctx.principal, ctx.filters, search=search, **order
                ),
                t,
            )
        ),
        file_name=f"incidents-{ctx.today.isoformat()}.csv",
        mime="text/csv",
        key="incidents_download_all",
        icon=":material/download:",
        on_click="ignore",
    )
    incident_downloads(ctx)

opened = st.session_state.get(OPEN)
AUDITED = "incidents_audited_detail"
if opened:
    st.divider()
    with st.spinner(t("common.loading")):
        found = incidents.incident_detail(ctx.source, ctx.principal, opened)
    if found.is_empty():
        st.warning(t("incidents.detail.not_found"), icon=":material/visibility_off:")
    else:
        incident = found.row(0, named=True)
        if st.session_state.get(AUDITED) != opened:  # one audit entry per opening, not per rerun
            record(detail_view_event(ctx.principal, "incident", opened))
            st.session_state[AUDITED] = opened
        st.caption(t("incidents.detail.heading"))
        st.subheader(detail.markdown_text(incident["title"]))
        st.markdown(
            f"{tlp_badge_markdown(incident['tlp'])} "
            f":gray-badge[{detail.markdown_text(incident[f'heading_{ctx.lang}'])}]"
        )
        if incident["summary"]:
            st.markdown(detail.markdown_text(incident["summary"]))
        st.button(t("incidents.detail.close"), key="incidents_close", on_click=_close)
        source, viewer = ctx.source, ctx.principal
        with st.spinner(t("common.loading")):
            linked = {
                "countries": detail.countries_table(
                    incidents.incident_countries(source, viewer, opened), t
                ),
                "targets": detail.targets_table(
                    incidents.incident_targets(source, viewer, opened), t
                ),
                "techniques": detail.techniques_table(
                    incidents.incident_techniques(source, viewer, opened), t
                ),
                "actors": detail.actors_table(incidents.incident_actors(source, viewer, opened), t),
                "platforms": detail.platforms_table(
                    incidents.incident_platforms(source, viewer, opened), t
                ),
                "narratives": detail.narratives_table(
                    incidents.incident_narratives(source, viewer, opened), t
                ),
                "sources": detail.sources_table(
                    incidents.incident_sources(source, viewer, opened), t
                ),
            }
            related = incidents.related_incidents(source, viewer, opened)
        facts_column, links_column = st.columns(2)
        with facts_column:
            st.markdown(f"**{t('incidents.section.facts')}**")
            st.dataframe(detail.incident_facts(incident, t), key="incidents_facts", hide_index=True)
        with links_column:
            st.markdown(f"**{t('incidents.section.election')}**")
            st.markdown(
                detail.markdown_text(
                    detail.election_text(incident, t) or t("incidents.detail.no_election")
                )
            )
            for section in ("countries", "targets"):
                st.markdown(f"**{t(f'incidents.section.{section}')}**")
                if linked[section].is_empty():
                    st.caption(t("incidents.detail.none"))
                else:
                    st.dataframe(linked[section], key=f"incidents_{section}", hide_index=True)
        links = {
            t("incidents.column.url"): st.column_config.LinkColumn(),
            t("incidents.column.archive_url"): st.column_config.LinkColumn(),
        }
        for section in ("techniques", "actors", "platforms", "narratives", "sources"):
            st.markdown(f"**{t(f'incidents.section.{section}')}**")
            if linked[section].is_empty():
                st.caption(t("incidents.detail.none"))
            else:
                st.dataframe(
                    linked[section],
                    key=f"incidents_{section}",
                    hide_index=True,
                    column_config=links if section == "sources" else None,
                )
        st.markdown(f"**{t('incidents.section.related')}**")
        if related.is_empty():
            st.caption(t("incidents.detail.none"))
        else:
            st.caption(t("incidents.detail.related_help"))
            st.session_state[RELATED_IDS] = related["incident_id"].to_list()
            st.dataframe(
                detail.related_table(related, t),
                key=f"{RELATED}_{opened}",
                hide_index=True,
                on_select=lambda: _open_selected(f"{RELATED}_{opened}", RELATED_IDS),
                selection_mode="single-row",
            )

_to_url()
