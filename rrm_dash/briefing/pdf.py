"""The briefing as a PDF of one or two A4 pages (fpdf2), entirely in the briefing's language.

Every page carries the marking (the highest TLP level among what the briefing shows, in the
TLP 2.0 colours: coloured text on black) in its header and footer, with the period, the time of
generation and "Page n of N". Text is set in DejaVu Sans, the Unicode TrueType font shipped with
matplotlib, so accents, non-breaking spaces and typographic characters render and can be
searched and copied. The charts are PNG images drawn offline (rrm_dash.briefing.charts).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from rrm_dash.briefing import text
from rrm_dash.briefing.charts import (
    HEIGHT_MM,
    WIDTH_MM,
    HeadingBar,
    Marker,
    WeekPoint,
    heading_chart,
    weekly_chart,
)
from rrm_dash.briefing.content import Briefing
from rrm_dash.charts.theme import TLP_COLOURS
from rrm_dash.i18n import Translate
from rrm_dash.i18n.formatting import date_span

FONT = "DejaVu"
MARGIN = 15.0
TOP = 22.0
BOTTOM = 16.0
INK = (33, 33, 33)
GREY = (96, 96, 96)
RULE = (200, 200, 200)
LEVEL_COLOURS = {"high": (213, 94, 0), "elevated": (230, 159, 0)}


@functools.cache
def font_files() -> dict[str, Path]:
    """DejaVu Sans regular and bold, from matplotlib's data folder (no download, no system font)."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf"}


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class _Document(FPDF):
    """An A4 page with the briefing's header and footer."""

    def __init__(self, briefing: Briefing, t: Translate) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.briefing = briefing
        self.t = t
        for style, path in font_files().items():
            self.add_font(FONT, style, str(path))
        self.set_margins(MARGIN, TOP, MARGIN)
        self.set_auto_page_break(True, margin=BOTTOM + 4)

    def marking_badge(self, x: float, y: float, align: str = "R") -> None:
        """The marking as TLP 2.0 writes it: coloured capitals on a black ground."""
        label = text.marking_label(self.briefing.marking)
        self.set_font(FONT, "B", 9)
        width = self.get_string_width(label) + 4
        left = x - width if align == "R" else x
        self.set_fill_color(0, 0, 0)
        self.set_text_color(*_rgb(TLP_COLOURS.get(self.briefing.marking, TLP_COLOURS["RED"])))
        self.set_xy(left, y)
        self.cell(width, 5.5, label, fill=True, align="C")
        self.set_text_color(*INK)

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.set_xy(MARGIN, 9)
        self.cell(0, 5.5, self.t("briefing.header"))
        self.marking_badge(self.w - MARGIN, 9)
        self.set_draw_color(*RULE)
        self.line(MARGIN, 16, self.w - MARGIN, 16)
        self.set_xy(MARGIN, TOP)
        self.set_text_color(*INK)

    def footer(self) -> None:
        y = self.h - BOTTOM + 2
        self.set_draw_color(*RULE)
        self.line(MARGIN, y - 2, self.w - MARGIN, y - 2)
        self.marking_badge(MARGIN, y, align="L")
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*GREY)
        self.set_xy(MARGIN + 28, y)
        period = date_span(*self.briefing.period, self.t.lang)
        generated = text.generated_time(self.briefing.generated_at, self.t.lang)
        self.cell(
            110,
            5.5,
            self.t("briefing.footer", period=period, time=generated),
            align="L",
            new_x=XPos.LMARGIN,
        )
        self.set_xy(self.w - MARGIN - 40, y)
        self.cell(40, 5.5, self.t("briefing.page", page=self.page_no(), pages="{nb}"), align="R")
        self.set_text_color(*INK)


def _section(pdf: _Document, title: str) -> None:
    pdf.ln(2.5)
    pdf.set_font(FONT, "B", 10.5)
    pdf.set_text_color(*INK)
    pdf.cell(0, 6, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 8.5)


def _figures(pdf: _Document, briefing: Briefing, t: Translate) -> None:
    count = len(briefing.figures)
    gap = 3.0
    width = (pdf.epw - gap * (count - 1)) / count
    top = pdf.get_y()
    for index, figure in enumerate(briefing.figures):
        x = pdf.l_margin + index * (width + gap)
        pdf.set_draw_color(*RULE)
        pdf.rect(x, top, width, 21)
        pdf.set_xy(x + 2, top + 1.5)
        pdf.set_text_color(*GREY)
        label = t(f"briefing.figure.{figure.key}")
        _fit_font(pdf, label, width - 4, 7.5)
        pdf.cell(width - 4, 4, label)
        pdf.set_xy(x + 2, top + 6)
        pdf.set_font(FONT, "B", 15)
        pdf.set_text_color(*INK)
        pdf.cell(width - 4, 7, text.figure_value(figure, t.lang))
        pdf.set_xy(x + 2, top + 14)
        pdf.set_font(FONT, "", 7)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(width - 4, 3.2, text.figure_change(figure, t), align="L", new_x=XPos.LMARGIN)
    pdf.set_text_color(*INK)
    pdf.set_xy(pdf.l_margin, top + 23)


def _fit_font(pdf: _Document, label: str, width: float, size: float) -> None:
    """The regular font at `size`, or smaller until `label` fits in `width`."""
    pdf.set_font(FONT, "", size)
    while size > 5 and pdf.get_string_width(label) > width:
        size -= 0.25
        pdf.set_font(FONT, "", size)


def _developments(pdf: _Document, briefing: Briefing, t: Translate) -> None:
    if not briefing.developments:
        pdf.multi_cell(0, 4.5, t("briefing.no_developments"), align="L", new_x=XPos.LMARGIN)
        return
    for number, development in enumerate(briefing.developments, start=1):
        top = pdf.get_y()
        pdf.set_font(FONT, "B", 8.5)
        pdf.set_text_color(*LEVEL_COLOURS.get(development.level, INK))
        pdf.set_x(pdf.l_margin)
        label = f"{number}. {t(f'briefing.level.{development.level}')}"
        pdf.cell(24, 4.5, label)
        pdf.set_text_color(*INK)
        pdf.set_font(FONT, "", 8.5)
        pdf.set_xy(pdf.l_margin + 24, top)
        pdf.multi_cell(pdf.epw - 24, 4.5, development.text, align="L", new_x=XPos.LMARGIN)
        pdf.ln(0.8)


@dataclass(frozen=True)
class ChartImages:
    """The briefing's two charts as PNG bytes."""

    weekly: bytes
    headings: bytes


def chart_images(briefing: Briefing, t: Translate) -> ChartImages:
    """Incidents per week (elections marked) and incidents by heading, labelled in `t`'s
    language, for the PDF (the page draws the same values in the browser:
    rrm_dash/charts/briefing.py)."""
    return _drawn(
        briefing.weeks,
        briefing.election_markers,
        briefing.headings,
        t.lang,
        (t("chart.incidents"), t("briefing.chart.election")),
        (t("period.current"), t("period.previous")),
    )


@functools.lru_cache(maxsize=32)
def _drawn(
    weeks: tuple[WeekPoint, ...],
    markers: tuple[Marker, ...],
    headings: tuple[HeadingBar, ...],
    lang: str,
    labels: tuple[str, str],
    periods: tuple[str, str],
) -> ChartImages:
    # The images depend only on these values: a second PDF of the same briefing reuses them.
    axis_label, election_label = labels
    current_label, previous_label = periods
    weekly = weekly_chart(
        weeks, markers, lang=lang, axis_label=axis_label, election_label=election_label
    )
    by_heading = heading_chart(
        headings,
        lang=lang,
        axis_label=axis_label,
        current_label=current_label,
        previous_label=previous_label,
    )
    return ChartImages(weekly, by_heading)


def _charts(pdf: _Document, briefing: Briefing, t: Translate) -> None:
    images = chart_images(briefing, t)
    weekly, by_heading = images.weekly, images.headings
    titles = text.headings(t)
    if pdf.get_y() + HEIGHT_MM + 12 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(2.5)
    top = pdf.get_y()
    second = pdf.l_margin + pdf.epw - WIDTH_MM
    for x, title, png in (
        (pdf.l_margin, titles.weekly, weekly),
        (second, titles.headings, by_heading),
    ):
        pdf.set_xy(x, top)
        pdf.set_font(FONT, "B", 10.5)
        pdf.cell(WIDTH_MM, 6, title)
        pdf.image(io.BytesIO(png), x=x, y=top + 6.5, w=WIDTH_MM, h=HEIGHT_MM)
    pdf.set_xy(pdf.l_margin, top + 6.5 + HEIGHT_MM + 1)


def _elections(pdf: _Document, briefing: Briefing, t: Translate) -> None:
    if not briefing.elections:
        pdf.multi_cell(
            0,
            4.5,
            t("briefing.no_elections"),
            align="L",
            new_x=XPos.LMARGIN,
        )
        return
    pdf.set_font(FONT, "", 8)
    pdf.set_draw_color(*RULE)
    with pdf.table(
        col_widths=(28, 62, 66, 24),
        text_align=("LEFT", "LEFT", "LEFT", "LEFT"),
        line_height=4.6,
        borders_layout="HORIZONTAL_LINES",
        first_row_as_headings=True,
        headings_style=_heading_style(),
    ) as table:
        table.row(
            [
                t("briefing.election.country"),
                t("briefing.election.body"),
                t("briefing.election.when"),
                t("briefing.election.risk"),
            ]
        )
        for election in briefing.elections:
            table.row(
                [
                    election.country,
                    election.body,
                    text.election_when(election, t),
                    text.election_risk(election, t),
                ]
            )


def _heading_style() -> FontFace:
    return FontFace(family=FONT, emphasis="BOLD", size_pt=8)


def _header_block(pdf: _Document, briefing: Briefing, t: Translate) -> None:
    pdf.set_font(FONT, "B", 17)
    pdf.cell(0, 9, t("briefing.title"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 4.6, text.period_line(briefing, t), align="L", new_x=XPos.LMARGIN)
    pdf.set_font(FONT, "", 7.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 3.8, text.generated_line(briefing, t), align="L", new_x=XPos.LMARGIN)
    pdf.multi_cell(0, 3.8, text.marking_note(briefing, t), align="L", new_x=XPos.LMARGIN)
    narrowed = text.narrowed_line(briefing.filters, t, briefing.names)
    if narrowed:
        pdf.multi_cell(0, 3.8, narrowed, align="L", new_x=XPos.LMARGIN)
    if briefing.synthetic_demo:
        pdf.set_text_color(*LEVEL_COLOURS["high"])
        pdf.multi_cell(0, 3.8, t("demo.label"), align="L", new_x=XPos.LMARGIN)
    pdf.set_text_color(*INK)
    pdf.ln(1.5)


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def briefing_pdf(briefing: Briefing, t: Translate) -> bytes:
    """The briefing as PDF bytes, in `t`'s language (which should be the briefing's)."""
    return render_briefing(briefing, t).data


def render_briefing(briefing: Briefing, t: Translate) -> RenderedPdf:
    """The briefing as PDF bytes and its number of pages."""
    pdf = _Document(briefing, t)
    pdf.set_lang(t.lang)
    pdf.set_title(t("briefing.title"))
    pdf.set_creator("RRM Dash")
    pdf.set_creation_date(briefing.generated_at)
    pdf.add_page()
    titles = text.headings(t)
    _header_block(pdf, briefing, t)
    _section(pdf, titles.figures)
    _figures(pdf, briefing, t)
    _section(pdf, titles.developments)
    _developments(pdf, briefing, t)
    _charts(pdf, briefing, t)
    _section(pdf, titles.elections)
    _elections(pdf, briefing, t)
    _section(pdf, titles.responses)
    pdf.multi_cell(0, 4.5, text.responses_line(briefing, t), align="L", new_x=XPos.LMARGIN)
    return RenderedPdf(bytes(pdf.output()), pdf.pages_count)
