"""What a page run sends the browser, read from an AppTest's element tree: the protobuf size of
every element (charts carry their Plotly JSON, tables their Arrow bytes, maps their deck JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block


@dataclass(frozen=True)
class ElementPayload:
    kind: str
    key: str | None
    bytes: int


@dataclass(frozen=True)
class Payload:
    """The elements of one run and their sizes in bytes."""

    elements: tuple[ElementPayload, ...]

    @property
    def total_bytes(self) -> int:
        return sum(element.bytes for element in self.elements)

    @property
    def largest(self) -> ElementPayload | None:
        return max(self.elements, key=lambda element: element.bytes, default=None)


def _size(proto: Any) -> int:
    return int(proto.ByteSize()) if proto is not None and hasattr(proto, "ByteSize") else 0


def page_payload(at: AppTest) -> Payload:
    """Every element of the last run (main area and sidebar) with its serialised size; the
    containers' own protos count too, under their block type."""
    found: list[ElementPayload] = []
    pending: list[Any] = [at.main, at.sidebar]
    while pending:
        node = pending.pop()
        if isinstance(node, Block):
            pending.extend(node.children.values())
            if node.proto is not None:
                found.append(ElementPayload(node.type, None, _size(node.proto)))
            continue
        key = getattr(node, "key", None)
        found.append(
            ElementPayload(node.type, key if isinstance(key, str) else None, _size(node.proto))
        )
    return Payload(tuple(found))
