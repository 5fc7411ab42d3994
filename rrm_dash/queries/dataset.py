"""What kind of warehouse is published: demo or operational."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from rrm_dash.access import Principal
from rrm_dash.queries.runner import Source, run

SYNTHETIC_DEMO = "synthetic-demo"


@functools.lru_cache(maxsize=64)
def dataset_facts(source: Source, principal: Principal) -> Mapping[str, str]:
    """The snapshot's meta table as a dict (a snapshot never changes, so this is cached)."""
    frame = run(source, principal, "warehouse/dataset_facts")
    return MappingProxyType(
        dict(zip(frame["key"].to_list(), frame["value"].to_list(), strict=True))
    )


def is_synthetic_demo(source: Source, principal: Principal) -> bool:
    return dataset_facts(source, principal).get("dataset_kind") == SYNTHETIC_DEMO
