"""Dates and numbers written the way each language writes them (Babel)."""

from __future__ import annotations

import functools
from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

_LOCALES = {"en": "en_GB", "fr": "fr_FR"}


def locale_for(lang: str) -> str:
    return _LOCALES.get(lang, _LOCALES["en"])


# Babel parses its locale data on every call; the same few values are written again and again
# (dates, counts) on every page run, so the results are kept.
@functools.lru_cache(maxsize=8192)
def number(value: float | int, lang: str) -> str:
    return format_decimal(value, locale=locale_for(lang))


@functools.lru_cache(maxsize=4096)
def percent(value: float, lang: str, digits: int = 0) -> str:
    if digits == 0:
        return format_percent(value, locale=locale_for(lang))
    pattern = "#,##0." + "0" * digits + "%"
    return format_percent(value, format=pattern, locale=locale_for(lang))


@functools.lru_cache(maxsize=8192)
def day(value: date, lang: str, length: str = "medium") -> str:
    """A date, e.g. '22 Nov 2026' / '22 nov. 2026'."""
    return format_date(value, format=length, locale=locale_for(lang))


def moment(value: datetime, lang: str) -> str:
    return format_datetime(value, format="medium", locale=locale_for(lang))


def date_span(start: date, end: date, lang: str) -> str:
    """One day, or 'first – last' for a vote over several days."""
    if start == end:
        return day(start, lang)
    return f"{day(start, lang)} – {day(end, lang)}"
