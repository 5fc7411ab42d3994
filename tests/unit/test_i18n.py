"""Every string a user reads exists in English and French, with the same placeholders."""

from __future__ import annotations

import re
import string
from datetime import date

import pytest

from rrm_dash import PROJECT_DIR
from rrm_dash.i18n import LANGUAGES, catalogue, normalise_language, translator
from rrm_dash.i18n.formatting import date_span, day, number

CODE_DIRS = [PROJECT_DIR / "app.py", PROJECT_DIR / "pages", PROJECT_DIR / "rrm_dash"]
# t("key") and t(f"prefix.{x}") calls; f-string keys are checked by their literal prefix.
KEY_CALL = re.compile(r"""\bt\(\s*(f?)["']([a-z0-9_.{}\[\]'"-]+)["']""")
KEY_ARGUMENT = re.compile(r"""_key"?\s*[=,:]?\s*["']([a-z0-9_]+\.[a-z0-9_.]+)["']""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _python_files() -> list[str]:
    files = []
    for base in CODE_DIRS:
        paths = [base] if base.is_file() else sorted(base.rglob("*.py"))
        files += [path.read_text(encoding="utf-8") for path in paths]
    return files


def test_english_and_french_have_exactly_the_same_keys() -> None:
    assert set(catalogue("en")) == set(catalogue("fr"))


def test_every_string_has_the_same_placeholders_in_both_languages() -> None:
    english, french = catalogue("en"), catalogue("fr")
    for key, text in english.items():
        assert _placeholders(text) == _placeholders(french[key]), key


def test_no_string_is_left_empty() -> None:
    for lang in LANGUAGES:
        assert all(text.strip() for text in catalogue(lang).values()), lang


def test_every_key_used_in_code_exists() -> None:
    keys = set(catalogue("en"))
    used, prefixes = set(), set()
    for source in _python_files():
        for is_f, key in KEY_CALL.findall(source):
            if is_f:
                prefixes.add(key.split("{")[0])
            else:
                used.add(key)
        used.update(KEY_ARGUMENT.findall(source))
    assert used, "the scan found no t() call: the pattern is broken"
    assert used - keys == set()
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in keys), prefix


def test_a_missing_key_is_an_error_not_a_silent_fallback() -> None:
    with pytest.raises(KeyError, match="no fr string"):
        translator("fr")("no.such.key")


@pytest.mark.parametrize(
    ("asked", "lang"), [("fr", "fr"), ("FR", "fr"), ("fr-CA", "fr"), ("de", "en"), (None, "en")]
)
def test_the_language_comes_from_user_input_with_english_as_the_fallback(
    asked: str | None, lang: str
) -> None:
    assert normalise_language(asked) == lang


def test_numbers_and_dates_are_written_the_way_each_language_writes_them() -> None:
    assert number(12345, "en") == "12,345"
    assert number(12345, "fr") == "12\u202f345"
    assert day(date(2026, 4, 18), "en") == "18 Apr 2026"
    assert day(date(2026, 4, 18), "fr") == "18 avr. 2026"
    assert date_span(date(2024, 6, 6), date(2024, 6, 9), "fr") == "6 juin 2024 – 9 juin 2024"
