"""Map: countries targeted by the filtered incidents, and where incidents happened, offline."""

from __future__ import annotations

import streamlit as st

from rrm_dash.charts.kept import kept
from rrm_dash.charts.map import MapLabels, legend_chart, targeted_map, top_countries_table
from rrm_dash.i18n.formatting import number
from rrm_dash.queries import map as map_queries
from rrm_dash.ui.components import csv_download, empty_state
from rrm_dash.ui.context import page_context

MEMBER_FILTER_KEY = "filter_member"  # the filter bar's targeted-member widget (ui/filter_state)
FOCUS_KEY, DECK_KEY = "map_focus", "map_deck"

ctx = page_context("map")
t, lang = ctx.t, ctx.lang

with st.spinner(t("common.loading")):
    countries = map_queries.targeted_countries(ctx.source, ctx.principal, ctx.filters)
    bins = map_queries.incident_bins(ctx.source, ctx.principal, ctx.filters)

cell = bins["cell"][0] if bins.height else map_queries.GRID_CELLS[0]
st.title(t("map.title"))
st.caption(t("map.caption", cell=number(cell, lang)))
if countries.is_empty():
    empty_state(ctx, "map.no_incidents")
    st.stop()

names = dict(zip(countries["country_code"], countries[f"name_{lang}"], strict=True))
filterable = countries.filter(countries["filterable"])["country_code"].to_list()


def _focus_on(code: str | None) -> None:
    """Callback (runs before the next script run): set the filter bar's targeted-member filter."""
    st.session_state[MEMBER_FILTER_KEY] = [code] if code else []


def _on_focus_change() -> None:
    _focus_on(st.session_state.get(FOCUS_KEY))


labels = MapLabels(
    targeted=t("map.tooltip.targeted"),
    not_filterable=t("map.tooltip.not_filterable"),
    located=t("map.tooltip.located"),
    around=t("map.tooltip.around"),
    unnamed_place=t("map.tooltip.unnamed_place"),
)
left, right = st.columns([5, 3], gap="medium")
with left:
    st.pydeck_chart(
        targeted_map(countries, bins, lang, labels),
        height=520,
        key=DECK_KEY,
        alt=t("map.map_alt"),
    )
    st.plotly_chart(
        kept(legend_chart, countries, lang, t("map.legend")),
        key="map_legend",
        config={"displaylogo": False, "staticPlot": True},
    )
    if bins.is_empty():
        st.caption(t("map.no_locations"))

with right:
    chosen = list(ctx.filters.members)
    st.session_state[FOCUS_KEY] = chosen[0] if len(chosen) == 1 and chosen[0] in names else ""
    st.selectbox(
        t("map.focus"),
        options=["", *filterable],
        format_func=lambda code: names[code] if code else t("map.focus_none"),
        key=FOCUS_KEY,
        on_change=_on_focus_change,
        help=t("map.focus_help"),
    )
    if chosen:
        shown = ", ".join(names.get(code, code) for code in chosen)
        st.caption(t("map.focused", name=shown))
    others = countries.filter(~countries["filterable"])
    if others.height:
        st.caption(t("map.not_filterable", count=number(others.height, lang)))
    st.subheader(t("map.table"))
    columns = {
        key: t(f"map.column.{key}") for key in ("country", "incidents", "filterable", "yes", "no")
    }
    table = top_countries_table(countries, lang, columns)
    rows_height = 38 + 35 * min(table.height, 12)  # no empty rows under a short table
    st.dataframe(table, key="map_top_countries", hide_index=True, height=rows_height)
    csv_download(ctx, table, "rrm-targeted-countries", key="map_top_countries_csv")
