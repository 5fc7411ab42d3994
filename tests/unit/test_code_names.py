"""Codes are written out by name in alerts and briefings: members, any country, headings."""

from __future__ import annotations

import pytest

from rrm_dash.access import demo_principal
from rrm_dash.queries.filters import code_names
from rrm_dash.queries.runner import Source


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", {"CU": "Coordination Unit (RRM Canada)", "UA": "Ukraine", "FR": "France"}),
        ("fr", {"UA": "Ukraine", "DE": "Allemagne"}),
    ],
)
def test_members_other_countries_and_headings_have_names(
    demo_source: Source, lang: str, expected: dict[str, str]
) -> None:
    names = code_names(demo_source, demo_principal(), lang)
    assert {code: names[code] for code in expected} == expected
    assert names["MIE"] and names["MIE"] != "MIE"
    assert names["CU"] != "Cuba"
