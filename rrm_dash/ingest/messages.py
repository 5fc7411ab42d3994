"""What an importer tells the user (a problem's "expected …", a note, a skip reason), in any language.

A Message is a key of the `import_messages` i18n area with its parameters; it is rendered when
shown: in the viewer's language on the Import page, in English on the command line and in the
import history. A parameter is rendered by its type: a Message in the same language, a list
as its items joined by ", ", anything else as `str()` (values quoted from a file, codes and
numbers stay as they are). Keys whose text depends on a count have `.one` and `.other` forms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field

from rrm_dash.i18n import catalogue, translator

AREA = "import_messages"
#: How many codes "one of …" lists before it ends with "…".
LISTED_CODES = 20


@dataclass(frozen=True)
class Message:
    """One sentence or phrase: an i18n key (`import_messages.*`) and its parameters."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        """The text in `lang` ("en" or "fr"; anything else falls back to English)."""
        t = translator(lang)
        values = {name: _render(value, t.lang) for name, value in self.params.items()}
        return t(_plural_key(self.key, self.params.get("count"), t.lang), **values)

    def __str__(self) -> str:
        return self.render("en")

    def __hash__(self) -> int:
        # params may hold lists; equal messages have the same key and parameter names.
        return hash((self.key, tuple(sorted(self.params))))


#: A text that is either already final (a code, a STIX id) or a Message to render.
Text = str | Message


def msg(name: str, /, **params: object) -> Message:
    """The message `import_messages.<name>` with `params` (always call with a literal name: a
    test checks that every name used in rrm_dash/ingest exists in English and French)."""
    return Message(f"{AREA}.{name}", params)


def render(text: Text, lang: str) -> str:
    """A Text in `lang`: a string as it is, a Message rendered."""
    return text.render(lang) if isinstance(text, Message) else text


def listed(codes: Iterable[str], *, limit: int = LISTED_CODES, sort: bool = True) -> str:
    """Codes as a list a user reads: "A, B, C", cut after `limit` with ", …"."""
    ordered = sorted(codes) if sort else list(codes)
    return ", ".join(ordered[:limit]) + (", …" if len(ordered) > limit else "")


def one_of(codes: Set[str] | Iterable[str], *, limit: int = LISTED_CODES) -> Message:
    """ "one of A, B, …": the codes of a set sorted, of a sequence in its order."""
    return msg("one_of", codes=listed(codes, limit=limit, sort=isinstance(codes, Set)))


def problem_message(
    where: Text, value: str | None, expected: Message, suggestion: str | None
) -> Message:
    """A whole problem: "<where>: <value> — expected <expected> (did you mean <suggestion>?)"."""
    text = (
        msg("problem.value_expected", where=where, value=repr(value), expected=expected)
        if value is not None
        else msg("problem.expected", where=where, expected=expected)
    )
    if suggestion:
        return msg("problem.did_you_mean", text=text, suggestion=repr(suggestion))
    return text


def _render(value: object, lang: str) -> str:
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, list | tuple):
        return ", ".join(_render(item, lang) for item in value)
    return str(value)


def _plural_key(key: str, count: object, lang: str) -> str:
    """`key`, or its `.one` / `.other` form chosen by the `count` parameter (French uses the
    singular for 0 and 1, English for 1 only)."""
    if key in catalogue(lang) or f"{key}.other" not in catalogue(lang):
        return key
    one = isinstance(count, int) and (count in (0, 1) if lang == "fr" else count == 1)
    return f"{key}.one" if one else f"{key}.other"
