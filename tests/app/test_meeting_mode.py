"""Meeting mode from a link: a banner with the ceiling, and nothing above it in any figure."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.access import demo_principal
from rrm_dash.filters import Filters
from rrm_dash.i18n import translator
from rrm_dash.i18n.formatting import number
from rrm_dash.queries import overview
from rrm_dash.queries.runner import Source
from rrm_dash.ui.components import tlp_badge_markdown
from tests.app.conftest import open_page
from tests.conftest import TODAY


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_meeting_link_caps_the_overview_at_green_and_says_so(
    app: AppTest, demo_source: Source, lang: str
) -> None:
    open_page(app, "overview", meeting="1", lang=lang)
    t = translator(lang)
    banners = [info.value for info in app.info]
    green = tlp_badge_markdown("GREEN")
    assert t("meeting.banner", ceiling=green, highest=green) in banners
    capped = demo_principal().with_ceiling("GREEN")
    expected = overview.key_figures(demo_source, capped, Filters.default(TODAY)).incidents
    everything = overview.key_figures(
        demo_source, demo_principal(), Filters.default(TODAY)
    ).incidents
    assert expected < everything
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics[t("overview.kpi.incidents")] == number(expected, lang)
    assert app.toggle(key="meeting").value is True


def test_without_meeting_mode_there_is_no_ceiling_banner(app: AppTest) -> None:
    open_page(app, "overview")
    assert not [info for info in app.info if "TLP\\:GREEN" in info.value]
    app.toggle(key="meeting").set_value(True).run()
    assert [info for info in app.info if "TLP\\:GREEN" in info.value]
    assert app.query_params["meeting"] == "1"
