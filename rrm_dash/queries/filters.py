"""Options of the filter bar, each limited to what the viewer may see."""

from __future__ import annotations

import functools

import polars as pl

from rrm_dash.access import Principal
from rrm_dash.queries.runner import Source, run

#: Each option frame has code, label_en, label_fr (and sometimes parent).
_CACHE = functools.lru_cache(maxsize=256)


@_CACHE
def member_options(source: Source, principal: Principal) -> pl.DataFrame:
    return run(source, principal, "filters/member_options")


@_CACHE
def vocabulary_options(source: Source, principal: Principal, vocabulary: str) -> pl.DataFrame:
    return run(source, principal, "filters/vocabulary_options", vocabulary=vocabulary)


@_CACHE
def actor_options(source: Source, principal: Principal) -> pl.DataFrame:
    """Only actors the viewer may see, linked to incidents the viewer may see."""
    return run(source, principal, "filters/actor_options")


@_CACHE
def tactic_options(source: Source, principal: Principal) -> pl.DataFrame:
    return run(source, principal, "filters/tactic_options")


@_CACHE
def technique_options(source: Source, principal: Principal) -> pl.DataFrame:
    return run(source, principal, "filters/technique_options")


@_CACHE
def election_options(source: Source, principal: Principal) -> pl.DataFrame:
    return run(source, principal, "filters/election_options")


@_CACHE
def code_names(source: Source, principal: Principal, lang: str) -> dict[str, str]:
    """Member, country and G7 heading codes → their names in `lang` ("en" or "fr"); a member
    code names the member (CU is the Coordination Unit), other codes their country."""
    frame = run(source, principal, "filters/code_names")
    column = "name_fr" if lang == "fr" else "name_en"
    return dict(zip(frame["code"].to_list(), frame[column].to_list(), strict=True))
