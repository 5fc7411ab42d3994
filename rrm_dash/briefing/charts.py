"""The briefing's two small charts as PNG images, drawn offline by matplotlib's Agg renderer.

No pyplot and no global backend: each chart is its own Figure on an Agg canvas, so drawing is
thread-safe under Streamlit and never opens a window or a network connection. Text is in the
caller's language (labels are passed in; month names and numbers go through Babel).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from rrm_dash.charts.theme import NEUTRAL, PERIOD_COLOURS
from rrm_dash.i18n.formatting import locale_for, number

#: Size of one chart in the PDF (millimetres) and its resolution.
WIDTH_MM = 88.0
HEIGHT_MM = 52.0
DPI = 200
_MM_PER_INCH = 25.4
ELECTION_COLOUR = "#D55E00"


@dataclass(frozen=True)
class WeekPoint:
    week: date
    incidents: int


@dataclass(frozen=True)
class Marker:
    """A vertical line on the weekly chart: an election's first voting day."""

    day: date
    label: str


@dataclass(frozen=True)
class HeadingBar:
    heading: str
    label: str
    current: int
    previous: int | None


def _figure() -> Figure:
    figure = Figure(figsize=(WIDTH_MM / _MM_PER_INCH, HEIGHT_MM / _MM_PER_INCH), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _style(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=6, colors=NEUTRAL, length=2)
    axes.grid(axis="both", color="#E5E5E5", linewidth=0.5)
    axes.set_axisbelow(True)
    axes.xaxis.label.set_fontsize(6)
    axes.yaxis.label.set_fontsize(6)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _count_formatter(lang: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _: number(int(value), lang))


def weekly_chart(
    weeks: Sequence[WeekPoint],
    markers: Sequence[Marker],
    *,
    lang: str,
    axis_label: str,
    election_label: str,
) -> bytes:
    """Incidents per week as bars, each election's first voting day a dashed line labelled with
    its country; months on the axis in `lang`."""
    figure = _figure()
    axes = figure.add_subplot()
    _style(axes)
    days = [point.week for point in weeks]
    axes.bar(
        [d.toordinal() for d in days],
        [point.incidents for point in weeks],
        width=5.5,
        align="edge",
        color=PERIOD_COLOURS["current"],
        linewidth=0,
    )
    top = max((point.incidents for point in weeks), default=0)
    axes.set_ylim(0, max(top * 1.2, 1))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    axes.yaxis.set_major_formatter(_count_formatter(lang))
    axes.set_ylabel(axis_label)
    if days:
        first, last = days[0], days[-1]
        axes.set_xlim(first.toordinal() - 1, last.toordinal() + 7)
        ticks = month_ticks(first, last)
        axes.set_xticks([tick.toordinal() for tick in ticks])
        axes.set_xticklabels(
            [format_date(tick, "MMM yy", locale=locale_for(lang)) for tick in ticks]
        )
        shown = [
            m for m in markers if first.toordinal() <= m.day.toordinal() <= last.toordinal() + 6
        ]
        for index, marker in enumerate(shown):
            x = marker.day.toordinal()
            axes.axvline(x, color=ELECTION_COLOUR, linewidth=0.8, linestyle="--")
            y = axes.get_ylim()[1] * (0.97 - 0.09 * (index % 3))
            axes.text(x, y, f" {marker.label}", fontsize=5.5, color=ELECTION_COLOUR, va="top")
        if shown:
            axes.plot(
                [], [], color=ELECTION_COLOUR, linewidth=0.8, linestyle="--", label=election_label
            )
            axes.legend(fontsize=5.5, frameon=False, loc="upper left", bbox_to_anchor=(0, 1.16))
    figure.subplots_adjust(left=0.12, right=0.98, top=0.88, bottom=0.14)
    return _png(figure)


def month_ticks(first: date, last: date) -> list[date]:
    """First days of months between `first` and `last`, thinned to at most six."""
    months: list[date] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        tick = date(year, month, 1)
        if first <= tick <= last:
            months.append(tick)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    step = max(1, -(-len(months) // 6))
    return months[::step] or [first]


def heading_chart(
    bars: Sequence[HeadingBar],
    *,
    lang: str,
    axis_label: str,
    current_label: str,
    previous_label: str,
) -> bytes:
    """Incidents per heading: this period (strong) beside the previous one (pale)."""
    figure = _figure()
    axes = figure.add_subplot()
    _style(axes)
    positions = list(range(len(bars)))
    has_previous = any(bar.previous is not None for bar in bars)
    height = 0.38 if has_previous else 0.6
    if has_previous:
        axes.barh(
            [p - height / 2 for p in positions],
            [bar.previous or 0 for bar in bars],
            height=height,
            color=PERIOD_COLOURS["previous"],
            label=previous_label,
        )
    axes.barh(
        [p + (height / 2 if has_previous else 0) for p in positions],
        [bar.current for bar in bars],
        height=height,
        color=PERIOD_COLOURS["current"],
        label=current_label,
    )
    axes.set_yticks(positions)
    axes.set_yticklabels([_wrap(bar.label, 22) for bar in bars])
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    axes.xaxis.set_major_formatter(_count_formatter(lang))
    axes.set_xlabel(axis_label)
    axes.legend(fontsize=5.5, frameon=False, loc="lower right")
    figure.subplots_adjust(left=0.32, right=0.98, top=0.96, bottom=0.17)
    return _png(figure)


def _wrap(text: str, width: int) -> str:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)
