"""The naive baseline's cache: whole tables kept by `st.cache_data` (every hit hands the page a
fresh unpickled copy of the table, as `st.cache_data` does).

The cached loader lives in an imported module, not in the page script: a cached function
defined in the script would keep every run's script globals, and their frames, alive.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd  # type: ignore[import-untyped]
import streamlit as st

from rrm_dash.bench.naive_frames import load_table


@st.cache_data(show_spinner=False, max_entries=16)
def table(snapshot: str, name: str) -> pd.DataFrame:
    """The whole table `name` of `snapshot`, from the cache after the first call."""
    return load_table(Path(snapshot), name)
