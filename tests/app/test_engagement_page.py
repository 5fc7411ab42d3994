"""The Engagement page: 13 scorecards with trends, the method, the comparison, in en and fr."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.i18n import LANGUAGES, translator
from tests.app.conftest import open_page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_engagement_shows_a_scorecard_per_member_and_observer_and_the_method(
    app: AppTest, lang: str
) -> None:
    at = open_page(app, "engagement", lang=lang)
    t = translator(lang)
    assert at.title[0].value == t("engagement.title")
    scores = [metric for metric in at.metric if metric.label == t("engagement.card.score")]
    assert len(scores) == 13
    assert all(0 <= int(metric.value) <= 100 for metric in scores)
    assert [expander.label for expander in at.expander] == [t("engagement.method.title")]
    method = "\n".join(element.value for element in at.expander[0].markdown)
    assert t("engagement.component.incidents_contributed.name") in method
    charts = at.get("plotly_chart")
    assert len(charts) == 14  # 13 sparklines and the comparison
    comparison = json.loads(charts[-1].proto.spec)
    assert len(comparison["data"][0]["y"]) == 13
    assert at.dataframe[0].value.shape[0] == 13
    assert t("engagement.filters_note") in [caption.value for caption in at.caption]


def test_a_member_filter_in_the_url_shows_only_those_scorecards(app: AppTest) -> None:
    at = open_page(app, "engagement", member="CA,FR")
    t = translator("en")
    scores = [metric for metric in at.metric if metric.label == t("engagement.card.score")]
    assert len(scores) == 2
    names = [element.value for element in at.markdown if element.value.startswith("**")]
    assert any(name.startswith("**Canada**") for name in names)
    assert any(name.startswith("**France**") for name in names)
    assert not any(name.startswith("**Italy**") for name in names)
    assert at.dataframe[0].value.shape[0] == 2
