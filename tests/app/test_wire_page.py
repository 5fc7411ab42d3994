"""The RRM Wire page in English and French: paging, type filter, search, and a link's period."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.i18n import LANGUAGES, translator
from tests.app.conftest import open_page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_wire_lists_reports_with_type_originator_and_tlp(app: AppTest, lang: str) -> None:
    open_page(app, "wire", lang=lang)
    t = translator(lang)
    assert app.title[0].value == t("wire.title")
    table = app.dataframe[0].value
    assert list(table.columns) == [
        t("wire.column.published"), t("wire.column.title"), t("wire.column.type"),
        t("wire.column.originator"), t("wire.column.tlp"),
    ]  # fmt: skip
    assert all(value.startswith("TLP:") for value in table[t("wire.column.tlp")])
    assert any("-badge[TLP" in element.value for element in app.markdown)


def test_a_link_from_2018_pages_the_whole_library_and_filters_narrow_it(app: AppTest) -> None:
    open_page(app, "wire", **{"from": "2018-01-01"})
    t = translator("en")
    assert len(app.dataframe[0].value) == 50
    app.number_input(key="wire_page").set_value(2).run()
    assert not app.exception
    assert len(app.dataframe[0].value) <= 50
    app.multiselect(key="wire_types").set_value(["annual"]).run()
    assert not app.number_input  # the annual reports fit on one page
    kinds = set(app.dataframe[0].value[t("wire.column.type")])
    assert kinds == {"Annual report"}
    app.text_input(key="wire_search").set_value("no title says this").run()
    assert not app.dataframe
    assert app.info[0].value == t("wire.empty")
