"""Warehouse sizes as people write them on the command line: 100k, 1m, 10m or plain numbers."""

from __future__ import annotations

import re

_SIZE = re.compile(r"^(\d+(?:\.\d+)?)([km]?)$")
_FACTORS = {"": 1, "k": 1_000, "m": 1_000_000}


def parse_size(text: str) -> int:
    """Incidents in a size like '100k', '1m', '2.5m', '5000' or '1_000'; ValueError otherwise."""
    cleaned = text.strip().lower().replace("_", "").replace(",", "")
    match = _SIZE.match(cleaned)
    if not match:
        raise ValueError(f"expected a size like 100k, 1m, 10m or 5000, got {text!r}")
    rows = float(match.group(1)) * _FACTORS[match.group(2)]
    if rows < 1 or rows != int(rows):
        raise ValueError(f"expected a whole number of incidents of at least 1, got {text!r}")
    return int(rows)


def parse_sizes(text: str) -> list[int]:
    """The sizes of a comma-separated list, in the order given, each once."""
    sizes = [parse_size(part) for part in text.split(",") if part.strip()]
    if not sizes:
        raise ValueError(f"expected at least one size, got {text!r}")
    return list(dict.fromkeys(sizes))


def size_label(rows: int) -> str:
    """The short name of a size: 100k, 1m, 10m, 2500 (also the name of its cache folder)."""
    for suffix, factor in (("m", 1_000_000), ("k", 1_000)):
        if rows >= factor and rows % factor == 0:
            return f"{rows // factor}{suffix}"
    return str(rows)
