"""Response and Wire tables: labels in the reader's language, dates written out, originator withheld."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from rrm_dash.charts.responses import StatusLabels, lifecycle_chart
from rrm_dash.charts.theme import RESPONSE_STATUS_COLOURS
from rrm_dash.i18n import translator
from rrm_dash.tables.responses import position_table, response_facts
from rrm_dash.tables.wire import highest_marking, report_table

REPORTS = pl.DataFrame(
    {
        "report_id": ["r1", "r2"],
        "title": ["[Click](http://x) *now*", "Plain"],
        "report_type": ["alert", "brief"],
        "type_en": ["Alert", "Brief"],
        "type_fr": ["Alerte", "Note d'information"],
        "originator_member": [None, "FR"],
        "originator_en": [None, "France"],
        "originator_fr": [None, "France"],
        "published_at": [datetime(2026, 4, 18, 8), datetime(2026, 4, 17, 8)],
        "tlp": ["GREEN", "AMBER"],
    }
)


def test_a_withheld_originator_says_so_in_each_language() -> None:
    for lang in ("en", "fr"):
        t = translator(lang)
        table = report_table(REPORTS, t)
        assert table[t("wire.column.originator")].to_list() == [t("wire.withheld"), "France"]
        assert table[t("wire.column.tlp")].to_list() == ["TLP:GREEN", "TLP:AMBER"]
    assert report_table(REPORTS, translator("fr")).row(0)[0] == "18 avr. 2026"


def test_titles_stay_plain_data_and_the_highest_marking_is_named() -> None:
    table = report_table(REPORTS, translator("en"))
    assert table[translator("en")("wire.column.title")][0] == "[Click](http://x) *now*"
    assert highest_marking(REPORTS) == "AMBER"
    assert highest_marking(REPORTS.with_columns(pl.lit("bogus").alias("tlp"))) == "RED"


def test_the_lifecycle_chart_colours_each_status_the_same_way_everywhere() -> None:
    frame = pl.DataFrame(
        {
            "status": ["proposed", "executed"],
            "label_en": ["Proposed", "Executed"],
            "label_fr": ["Proposée", "Exécutée"],
            "responses": [3, 5],
        }
    )
    figure = lifecycle_chart(frame, "fr", StatusLabels("Réponses", "Statut"))
    bar = figure.data[0]
    assert list(bar.y) == ["Proposée", "Exécutée"]
    assert list(bar.marker.color) == [
        RESPONSE_STATUS_COLOURS["proposed"],
        RESPONSE_STATUS_COLOURS["executed"],
    ]
    assert figure.layout.xaxis.title.text == "Réponses"


def test_a_response_reads_as_a_sheet_and_silent_members_are_named() -> None:
    t = translator("en")
    row: dict[str, object] = {
        "type_en": "Joint statement", "lead_en": "France", "lead_member": "FR",
        "status_en": "Executed", "proposed_at": datetime(2026, 4, 1), "agreed_at": None,
        "executed_at": datetime(2026, 4, 9), "closed_at": None,
        "effectiveness_en": "High effect", "outcome": None, "tlp": "GREEN",
    }  # fmt: skip
    sheet = response_facts(row, t)
    values = dict(sheet.iter_rows())
    assert values[t("responses.column.executed")] == "9 Apr 2026"
    assert values[t("responses.column.agreed")] == ""
    assert values[t("responses.column.outcome")] == t("responses.no_outcome")
    positions = pl.DataFrame(
        {
            "name_en": ["France", "Australia"],
            "position_en": ["Lead", None],
            "decided_at": [datetime(2026, 4, 1), None],
        }
    )
    table = position_table(positions, t)
    assert table[t("responses.column.position")].to_list() == ["Lead", t("responses.no_position")]
