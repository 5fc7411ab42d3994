"""The benchmark's results file: written after every measurement so that an interrupted run
keeps what it measured, and merged with earlier runs on the same machine (a measurement taken
again replaces the old one; results from another machine are never mixed in)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from rrm_dash.bench import report


def _previous(path: Path, machine: dict[str, str], fresh: bool) -> dict[str, Any]:
    """Results of earlier runs on this machine to merge with (none with --fresh)."""
    if fresh or not path.exists():
        return {}
    try:
        earlier: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    same = all(earlier.get("machine", {}).get(name) == machine[name] for name in ("cpu", "ram"))
    return earlier if same else {}


def _merge(
    earlier: list[dict[str, Any]], newer: list[dict[str, Any]], keys: tuple[str, ...]
) -> list[dict[str, Any]]:
    """`newer` over `earlier`, entry by entry (same values of `keys`) and field by field: a
    field the new run left empty (a page measured again with --skip-naive has no naive
    baseline) keeps the earlier run's value."""

    def key(entry: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(entry.get(name) for name in keys)

    previous = {key(entry): entry for entry in earlier}
    replaced = {key(entry) for entry in newer}
    kept = [entry for entry in earlier if key(entry) not in replaced]
    updated = [
        {**previous.get(key(entry), {}), **{k: v for k, v in entry.items() if v is not None}}
        for entry in newer
    ]
    return kept + updated


class Results:
    """This run's results, and the earlier ones of the file it writes to."""

    KEYS: ClassVar[dict[str, tuple[str, ...]]] = {
        "pages": ("size", "page", "filter"),
        "concurrency": ("size", "sessions", "think_s"),
        "imports": ("rows",),
        "soak": ("size",),
    }

    def __init__(self, path: Path, settings: dict[str, Any], fresh: bool) -> None:
        self.path = path
        machine = report.machine()
        self.earlier = _previous(path, machine, fresh)
        self.data: dict[str, Any] = {"machine": machine, "settings": settings, "notes": []}
        for section in self.KEYS:
            self.data[section] = []

    def add(self, section: str, entries: list[dict[str, Any]]) -> None:
        """Add measurements to a section (pages, concurrency, imports) and save at once."""
        self.data[section] += entries
        self.save()

    def merged(self) -> dict[str, Any]:
        """This run's results over the earlier ones: same machine, same measurement replaced."""
        merged = dict(self.data)
        merged["notes"] = list(dict.fromkeys([*self.earlier.get("notes", []), *self.data["notes"]]))
        for section, keys in self.KEYS.items():
            merged[section] = _merge(self.earlier.get(section, []), self.data[section], keys)
        return merged

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.merged(), indent=1) + "\n", encoding="utf-8")
