"""Every string a user reads, in English and French: t(key, **params) over i18n/<lang>/*.toml.

Each view owns one file per language, named after its area: `en/elections.toml` holds the
`elections.*` keys; `common.toml` holds keys shared by every view, without a prefix.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
_DIR = Path(__file__).resolve().parent


class Translate(Protocol):
    lang: str

    def __call__(self, key: str, /, **params: Any) -> str: ...


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, key + "."))
        else:
            flat[key] = str(value)
    return flat


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """All keys of one language, flattened to dotted keys."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    strings: dict[str, str] = {}
    for path in sorted((_DIR / lang).glob("*.toml")):
        with open(path, "rb") as handle:
            table = tomllib.load(handle)
        prefix = "" if path.stem == "common" else path.stem + "."
        area = _flatten(table, prefix)
        clashes = set(area) & set(strings)
        if clashes:
            raise ValueError(f"{path}: keys defined twice: {sorted(clashes)}")
        strings.update(area)
    return strings


def normalise_language(value: str | None) -> str:
    """A supported language code from user input (URL, settings); English otherwise."""
    if value and value.strip().lower()[:2] in LANGUAGES:
        return value.strip().lower()[:2]
    return DEFAULT_LANGUAGE


class Translator:
    """t(key, **params) for one language; a missing key is an error in tests, never silent."""

    def __init__(self, lang: str) -> None:
        self.lang = normalise_language(lang)
        self._strings = catalogue(self.lang)

    def __call__(self, key: str, /, **params: Any) -> str:
        try:
            text = self._strings[key]
        except KeyError:
            raise KeyError(f"no {self.lang} string for {key!r} in rrm_dash/i18n") from None
        return text.format(**params) if params else text


def translator(lang: str) -> Translator:
    return Translator(lang)
