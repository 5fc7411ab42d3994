"""The briefing PDF: one or two A4 pages, entirely in the chosen language, the marking in the
header and footer of every page, the period, the generation time and page numbers; charts drawn
without any network; nothing above the ceiling (read back with pypdf)."""

from __future__ import annotations

import io
import re
import socket
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest

from rrm_dash.access import Principal, Role
from rrm_dash.briefing.charts import HeadingBar, Marker, WeekPoint
from rrm_dash.briefing.content import (
    Briefing,
    Development,
    ElectionAhead,
    KeyFigure,
    StatusCount,
    build_briefing,
)
from rrm_dash.briefing.pdf import briefing_pdf, render_briefing
from rrm_dash.briefing.text import generated_time
from rrm_dash.filters import Filters
from rrm_dash.i18n import LANGUAGES, translator
from rrm_dash.i18n.formatting import date_span, number
from rrm_dash.queries.runner import Source
from tests.canary import CANARY_RECORDS, VIEWERS, build_canary_warehouse, may_see
from tests.conftest import TODAY

START, END = date(2026, 1, 1), date(2026, 3, 31)
GENERATED = datetime(2026, 4, 1, 9, 30, tzinfo=UTC)


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces (any kind) made single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " "))


def constructed(
    lang: str, *, marking: str = "GREEN", developments: int = 3, elections: int = 2
) -> Briefing:
    names = {"FR": "France", "CA": "Canada"}
    return Briefing(
        lang=lang,
        generated_at=GENERATED,
        period=(START, END),
        previous=(date(2025, 10, 2), date(2025, 12, 31)),
        filters=Filters(date_from=START, date_to=END, members=("FR", "CA")),
        reader="ana",
        role="analyst",
        member=None,
        ceiling="GREEN",
        marking=marking,
        synthetic_demo=True,
        figures=(
            KeyFigure("incidents", 1234, 1000),
            KeyFigure("members_targeted", 9, 9),
            KeyFigure("actors_seen", 14, 0),
            KeyFigure("gender_or_vulnerable", 30, None),
        ),
        developments=tuple(
            Development(
                "surge",
                "high",
                f"Development {index}: incidents against France rose sharply; "
                + "a long explanation of what changed and why it matters. " * 3,
            )
            for index in range(developments)
        ),
        elections=tuple(
            ElectionAhead(
                f"fr.election.{index}",
                "France",
                f"Élection présidentielle {index}",
                date(2026, 4, 10) + timedelta(days=index),
                date(2026, 4, 24) + timedelta(days=index),
                10 + index,
                index == 0,
                "high" if index == 0 else None,
            )
            for index in range(elections)
        ),
        responses=(StatusCount("proposed", "Proposed", 3), StatusCount("agreed", "Agreed", 1)),
        weeks=tuple(WeekPoint(START + timedelta(weeks=i), 3 + i % 4) for i in range(13)),
        election_markers=(Marker(date(2026, 3, 15), "FR"),),
        headings=(
            HeadingBar("DIP", "Democratic institutions", 40, 30),
            HeadingBar("MIE", "Media and information ecosystem", 80, None),
        ),
        names=names,
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_holds_the_figures_period_marking_and_time_in_the_chosen_language(
    lang: str,
) -> None:
    t = translator(lang)
    pages = pages_text(briefing_pdf(constructed(lang), t))
    text = flat("\n".join(pages))
    assert flat(t("briefing.title")) in text
    assert flat(date_span(START, END, lang)) in text
    assert flat(generated_time(GENERATED, lang)) in text
    for value in (1234, 9, 14, 30):
        assert flat(number(value, lang)) in text
    assert flat(t("briefing.section.developments")) in text
    assert "Élection présidentielle 0" in text and "France" in text
    assert flat(t("briefing.risk.high")) in text
    other = translator("fr" if lang == "en" else "en")
    for key in ("briefing.section.figures", "briefing.section.elections", "briefing.title"):
        assert flat(other(key)) not in text, key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_carries_the_marking_twice_and_its_number(lang: str) -> None:
    t = translator(lang)
    rendered = render_briefing(constructed(lang, marking="AMBER", elections=6), t)
    pages = pages_text(rendered.data)
    assert len(pages) == rendered.pages
    for number_, text in enumerate(pages, start=1):
        assert text.count("TLP:AMBER") >= 2, text  # header and footer
        assert flat(t("briefing.page", page=number_, pages=len(pages))) in flat(text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_fullest_briefing_still_fits_on_two_pages(lang: str) -> None:
    full = constructed(lang, developments=3, elections=6)
    assert 1 <= render_briefing(full, translator(lang)).pages <= 2


def test_the_marking_is_printed_in_its_tlp_colour_on_black() -> None:
    """TLP 2.0: amber text (#FFC000) on a black ground."""
    data = briefing_pdf(constructed("en", marking="AMBER"), translator("en"))
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    stream = page.get_contents()
    assert stream is not None
    content = stream.get_data().decode("latin-1")
    # a box filled in PDF's default black (set outside any q/Q block, no colour operator
    # before it), then the amber text on it: in the header and in the footer
    badges = re.findall(r"\nq [0-9. -]+ re f BT [0-9. ]+ Td 1 0\.75[0-9]* 0 rg", content)
    assert len(badges) == 2, "header and footer"


def test_the_pdf_is_made_without_any_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the briefing tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert briefing_pdf(constructed("fr"), translator("fr")).startswith(b"%PDF")


def test_a_quiet_period_says_nothing_stands_out() -> None:
    t = translator("en")
    text = flat("\n".join(pages_text(briefing_pdf(constructed("en", developments=0), t))))
    assert flat(t("briefing.no_developments")) in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_demo_briefing_reads_as_a_finished_document(demo_source: Source, lang: str) -> None:
    t = translator(lang)
    reader = Principal("lead", Role.LEADERSHIP).with_ceiling("GREEN")
    briefing = build_briefing(
        demo_source, reader, Filters.default(TODAY), lang=lang, now=datetime.now(UTC)
    )
    rendered = render_briefing(briefing, t)
    pages = pages_text(rendered.data)
    assert 1 <= len(pages) <= 2
    text = flat("\n".join(pages))
    incidents = next(f.value for f in briefing.figures if f.key == "incidents")
    assert incidents > 0 and flat(number(incidents, lang)) in text
    assert briefing.marking in ("CLEAR", "GREEN")
    assert all(page.count(f"TLP:{briefing.marking}") >= 2 for page in pages)
    assert briefing.developments, "the demo data builds surges and risks in"
    for development in briefing.developments:
        assert flat(development.text)[:40] in text


@pytest.fixture(scope="module")
def canary_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_canary_warehouse(tmp_path_factory.mktemp("canary") / "rrm.duckdb", TODAY)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_analysts_green_briefing_holds_no_canary_above_green(
    canary_warehouse: Path, lang: str
) -> None:
    source = Source.live(canary_warehouse)
    reader = VIEWERS["analyst"].with_ceiling("GREEN")
    filters = Filters.default(TODAY)
    briefing = build_briefing(source, reader, filters, lang=lang, now=datetime.now(UTC))
    text = "\n".join(pages_text(briefing_pdf(briefing, translator(lang))))
    above = [
        token
        for canary in CANARY_RECORDS
        if not may_see(reader, canary.marking)
        for token in canary.tokens()
    ]
    assert above and not [token for token in above if token in text]
    assert "TLP:GREEN" in text and "TLP:AMBER" not in text and "TLP:RED" not in text
    # ... and so that this can fail: without the ceiling the same reader's briefing is RED.
    uncapped = build_briefing(source, VIEWERS["analyst"], filters, lang=lang, now=datetime.now(UTC))
    assert "TLP:RED" in "\n".join(pages_text(briefing_pdf(uncapped, translator(lang))))
