"""TLP, PAP, originator, releasable_to and Chatham House markings for any generated table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from rrm_dash.access import FULL_MEMBERS, OBSERVERS, TLP_LEVELS
from rrm_dash.demo.frames import choice, distinct_per_row, labels, list_column
from rrm_dash.demo.profiles import COORDINATION_UNIT, ORIGINATORS, originator_weights

#: The network-wide mix of markings: CLEAR, GREEN, AMBER, AMBER+STRICT, RED.
DEFAULT_TLP_MIX = (0.15, 0.40, 0.30, 0.10, 0.05)
PAP_LEVELS = ("CLEAR", "GREEN", "AMBER", "RED")
#: PAP given TLP (rows: TLP level; columns: PAP level): sharing and action rules move together.
_PAP_GIVEN_TLP = np.array(
    [
        [0.60, 0.40, 0.00, 0.00],
        [0.10, 0.80, 0.10, 0.00],
        [0.00, 0.35, 0.60, 0.05],
        [0.00, 0.05, 0.70, 0.25],
        [0.00, 0.00, 0.30, 0.70],
    ]
)
_OBSERVERS = tuple(sorted(OBSERVERS))
_MEMBERS = tuple(sorted(FULL_MEMBERS))
#: Release lists name focal points (members then observers) and sometimes the CU.
_RELEASE_CODES = (*_MEMBERS, *_OBSERVERS, COORDINATION_UNIT)
_CU = len(_RELEASE_CODES) - 1
CHATHAM_HOUSE_SHARE = 0.05


def draw_originators(
    rng: np.random.Generator,
    n: int,
    preferred: np.ndarray | None = None,
    p_preferred: np.ndarray | None = None,
) -> np.ndarray:
    """Originator indices into ORIGINATORS, weighted by engagement.

    Where `preferred` is given (an index into ORIGINATORS per row, -1 for none), that row's
    originator is the preferred one with probability `p_preferred` (per row), e.g. a member
    reporting an incident that targets itself.
    """
    drawn = choice(rng, n, originator_weights())
    if preferred is None or p_preferred is None:
        return drawn
    keep = (preferred >= 0) & (rng.random(n) < p_preferred)
    return np.where(keep, preferred, drawn)


def draw_tlp(
    rng: np.random.Generator, n: int, mix: Sequence[float] = DEFAULT_TLP_MIX
) -> np.ndarray:
    """TLP indices into TLP_LEVELS with the given mix."""
    return choice(rng, n, mix)


def marking_columns(
    rng: np.random.Generator,
    originator: np.ndarray,
    tlp: np.ndarray,
    chatham_share: float = CHATHAM_HOUSE_SHARE,
) -> pl.DataFrame:
    """tlp, pap, originator_member, releasable_to and chatham_house columns for these rows."""
    n = len(tlp)
    pap = np.empty(n, dtype=np.int64)
    for level in range(len(TLP_LEVELS)):
        rows = np.flatnonzero(tlp == level)
        pap[rows] = choice(rng, len(rows), _PAP_GIVEN_TLP[level])
    return pl.DataFrame(
        [
            labels(TLP_LEVELS, tlp, "tlp"),
            labels(PAP_LEVELS, pap, "pap"),
            labels(ORIGINATORS, originator, "originator_member"),
            _releasable_to(rng, tlp, originator),
            pl.Series("chatham_house", rng.random(n) < chatham_share),
        ]
    )


def _releasable_to(rng: np.random.Generator, tlp: np.ndarray, originator: np.ndarray) -> pl.Series:
    """Mostly empty; AMBER sometimes names observers; AMBER+STRICT and RED name 1-3 members."""
    n = len(tlp)
    amber, strict = tlp == 2, tlp >= 3
    count = np.zeros(n, dtype=np.int64)
    count[amber] = np.where(rng.random(amber.sum()) < 0.25, rng.integers(1, 3, amber.sum()), 0)
    count[strict] = rng.integers(1, 4, strict.sum())
    # Observers for AMBER; members (and now and then an observer) for the stricter levels.
    n_members, n_observers = len(_MEMBERS), len(_OBSERVERS)
    pick_observer = amber[:, None] | (rng.random((n, 3)) < 0.15)
    candidates = np.where(
        pick_observer,
        n_members + rng.integers(0, n_observers, (n, 3)),
        rng.integers(0, n_members, (n, 3)),
    )
    candidates = np.where(np.arange(3)[None, :] < count[:, None], candidates, -1)
    with_cu = strict & (rng.random(n) < np.where(tlp == 4, 0.45, 0.15))
    matrix = np.column_stack([candidates, np.where(with_cu, _CU, -1)])
    # Never the originator itself, and each code once.
    own = np.array([_RELEASE_CODES.index(c) if c in _RELEASE_CODES else -2 for c in ORIGINATORS])
    matrix[matrix == own[originator][:, None]] = -1
    matrix = distinct_per_row(matrix)
    # In code order (members, observers, CU), as a person would write the list.
    blank = len(_RELEASE_CODES)
    matrix = np.sort(np.where(matrix < 0, blank, matrix), axis=1)
    return list_column("releasable_to", _RELEASE_CODES, np.where(matrix == blank, -1, matrix))
