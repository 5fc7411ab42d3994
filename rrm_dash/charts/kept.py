"""Figures kept by what they show: a rerun that draws the same rows in the same language reuses
the figure instead of building it again.

Building a figure (its specs, Plotly's figure object, and Streamlit's copy of it) was most of a
warm rerun of the pages with the largest charts — the Engagement page's latency chart and
sparklines, the Timeline's bars and gender panels (docs/benchmarks.md); builders now skip
Plotly's validation (spec.py), and a rerun with unchanged data skips building altogether. A
chart builder is a pure function of
its arguments, so `kept(builder, *args)` keys the figure on the builder and the arguments'
content: frames by a 128-bit digest of their serialized rows, translators by their language,
mappings by their items. Equal content gives the same figure to whoever asks, which can only show them what
their own arguments hold. Callers hand the figure to Streamlit and never change it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import plotly.graph_objects as go
import polars as pl

from rrm_dash.i18n import Translator

#: Figures kept per process (a few tens of KB each).
KEPT_FIGURES = 64

_figures: OrderedDict[Hashable, go.Figure] = OrderedDict()
_lock = threading.Lock()


def kept(builder: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> go.Figure:
    """`builder(*args, **kwargs)`, or the figure it built before from equal arguments."""
    key = (
        builder.__module__,
        builder.__qualname__,
        tuple(content_key(arg) for arg in args),
        tuple((name, content_key(value)) for name, value in sorted(kwargs.items())),
    )
    with _lock:
        figure = _figures.get(key)
        if figure is not None:
            _figures.move_to_end(key)
            return figure
    figure = builder(*args, **kwargs)
    with _lock:
        _figures[key] = figure
        while len(_figures) > KEPT_FIGURES:
            _figures.popitem(last=False)
    return figure


def content_key(value: object) -> Hashable:
    """What `value` holds, as a hashable key: equal content, equal key."""
    if isinstance(value, pl.DataFrame):
        return ("frame", hashlib.blake2b(value.serialize(), digest_size=16).digest())
    if isinstance(value, Translator):
        return ("translator", value.lang)
    if isinstance(value, Mapping):
        return ("mapping", tuple(sorted((str(k), content_key(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(content_key(item) for item in value))
    if isinstance(value, Hashable):
        return value
    raise TypeError(f"cannot key a figure on a {type(value).__name__}")


def forget_figures() -> None:
    """Drop every kept figure (tests start from none)."""
    with _lock:
        _figures.clear()
