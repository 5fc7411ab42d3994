"""The Briefing page's charts show the PDF's values: weeks with election lines, headings by period."""

from __future__ import annotations

from datetime import date, timedelta

from rrm_dash.briefing.charts import HeadingBar, Marker, WeekPoint
from rrm_dash.charts.briefing import headings_chart, weekly_incidents_chart
from rrm_dash.charts.overview import PeriodLabels

MONDAY = date(2026, 1, 5)
WEEKS = tuple(
    WeekPoint(MONDAY + timedelta(weeks=i), incidents)
    for i, incidents in enumerate((3, 0, 7, 2, 5, 1, 4, 6, 2))
)
LABELS = PeriodLabels(current="Cette période", previous="Période précédente", axis="Incidents")


def test_the_weekly_chart_has_a_bar_per_week_and_a_line_per_election_within_them() -> None:
    inside = Marker(MONDAY + timedelta(days=17), "Canada")
    outside = Marker(MONDAY - timedelta(days=30), "Japon")
    figure = weekly_incidents_chart(WEEKS, (inside, outside), "fr", "Incidents", "Élection")
    bars = figure.data[0]
    assert list(bars.x) == [point.week.isoformat() for point in WEEKS]
    assert list(bars.y) == [point.incidents for point in WEEKS]
    assert bars.customdata[0] == "5 janv. 2026"
    lines = figure.layout.shapes
    assert [(line.x0, line.line.dash) for line in lines] == [(inside.day.isoformat(), "dash")]
    assert [note.text for note in figure.layout.annotations] == ["Canada"]
    assert [trace.name for trace in figure.data[1:]] == ["Élection"]
    assert list(figure.layout.xaxis.ticktext) == ["févr. 26", "mars 26"]


def test_the_weekly_chart_without_elections_has_no_line_and_no_legend_entry() -> None:
    figure = weekly_incidents_chart(WEEKS, (), "en", "Incidents", "Election")
    assert len(figure.data) == 1 and not figure.layout.shapes
    assert weekly_incidents_chart((), (), "en", "Incidents", "Election").data[0].x == ()


def test_the_headings_chart_compares_the_periods_when_there_is_a_previous_one() -> None:
    bars = (HeadingBar("DIP", "Institutions", 4, 6), HeadingBar("MIE", "Médias", 9, 2))
    figure = headings_chart(bars, LABELS)
    assert [trace.name for trace in figure.data] == ["Période précédente", "Cette période"]
    assert list(figure.data[1].x) == [4, 9] and list(figure.data[0].x) == [6, 2]
    alone = headings_chart(
        tuple(HeadingBar(b.heading, b.label, b.current, None) for b in bars), LABELS
    )
    assert [trace.name for trace in alone.data] == ["Cette période"]
