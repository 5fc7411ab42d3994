"""The bytes a page run sends: every element's serialised size, in the main area and the
sidebar, with the largest one named."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from rrm_dash.bench.payload import page_payload


def _small_page() -> None:
    import streamlit as st

    st.markdown("a short line")
    with st.sidebar:
        st.selectbox("Pick", ["one", "two"], key="pick")


def _page_with_a_table() -> None:
    import pandas as pd
    import streamlit as st

    st.markdown("a short line")
    with st.sidebar:
        st.selectbox("Pick", ["one", "two"], key="pick")
    st.dataframe(pd.DataFrame({"n": range(20_000)}))


def test_every_element_is_counted_with_its_serialised_size() -> None:
    payload = page_payload(AppTest.from_function(_small_page, default_timeout=60).run())
    assert sorted(element.kind for element in payload.elements) == ["markdown", "selectbox"]
    assert all(element.bytes > 0 for element in payload.elements)
    assert payload.total_bytes == sum(element.bytes for element in payload.elements)
    assert [e.key for e in payload.elements if e.kind == "selectbox"] == ["pick"]


def test_a_table_of_rows_weighs_what_its_rows_weigh_and_is_named_the_largest() -> None:
    small = page_payload(AppTest.from_function(_small_page, default_timeout=60).run())
    large = page_payload(AppTest.from_function(_page_with_a_table, default_timeout=60).run())
    assert large.largest is not None and large.largest.kind == "dataframe"
    assert large.largest.bytes > 20_000 * 4  # at least the 20,000 numbers it carries
    assert large.total_bytes == small.total_bytes + large.largest.bytes


def test_an_empty_run_sends_nothing() -> None:
    payload = page_payload(AppTest.from_string("", default_timeout=60).run())
    assert payload.total_bytes == 0 and payload.largest is None
