"""Cross-member signals: the "who else is seeing this" list that opens a coordination discussion.

An item (an actor, a narrative, or a combination of DISARM techniques) is a signal when
incidents linked to it targeted two or more members within the last `window_days` days up to
and including the as-of day; every sighting then lies within `window_days` of the others.
A single incident targeting two members counts for both.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import polars as pl

DEFAULT_WINDOW_DAYS = 14
#: Kinds of items, in the order the page lists them.
KINDS = ("actor", "narrative", "techniques")
#: A technique combination is the incident's sorted DISARM ids joined by this separator.
COMBINATION_SEPARATOR = "+"
MIN_MEMBERS = 2

SIGNAL_SCHEMA = pl.Schema(
    {
        "kind": pl.String(),
        "item": pl.String(),
        "label": pl.String(),
        "members": pl.List(pl.String()),
        "incidents": pl.Int64(),
        "first_seen": pl.Date(),
        "last_seen": pl.Date(),
    }
)


def window_start(as_of: date, window_days: int = DEFAULT_WINDOW_DAYS) -> date:
    """The first day of the `window_days` days that end with `as_of`."""
    if window_days < 1:
        raise ValueError(f"window_days must be at least 1, not {window_days}")
    return as_of - timedelta(days=window_days - 1)


def cross_member_signals(
    sightings: pl.DataFrame,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    as_of: date,
    involving: Sequence[str] = (),
) -> pl.DataFrame:
    """Items seen against at least two members within the `window_days` days ending `as_of`:
    the definition, over every sighting (the warehouse computes the same in
    sql/queries/warning/signals.sql, `rrm_dash.queries.warning.signals`).

    `sightings` has incident_id, member (targeted member code), day (date), kind ("actor" |
    "narrative" | "techniques"), item (actor id, narrative id, or technique combination such as
    "T0049.001+T0085.003") and label. The result is ranked as `ranked_signals` ranks.
    """
    start = window_start(as_of, window_days)
    recent = sightings.filter(pl.col("day").is_between(start, as_of))
    signals = (
        recent.group_by("kind", "item")
        .agg(
            pl.col("label").drop_nulls().first(),
            pl.col("member").drop_nulls().unique().sort().alias("members"),
            pl.col("incident_id").n_unique().alias("incidents"),
            pl.col("day").min().alias("first_seen"),
            pl.col("day").max().alias("last_seen"),
        )
        .filter(pl.col("members").list.len() >= MIN_MEMBERS)
    )
    return ranked_signals(signals, involving=involving)


def ranked_signals(signals: pl.DataFrame, *, involving: Sequence[str] = ()) -> pl.DataFrame:
    """`signals` (kind, item, label, members as sorted codes, incidents, first_seen, last_seen)
    widest first: most members, then most incidents, then latest seen. With `involving`, only
    the signals one of those members is part of."""
    if involving:
        chosen = pl.lit(list(involving), dtype=pl.List(pl.String))
        signals = signals.filter(pl.col("members").list.set_intersection(chosen).list.len() > 0)
    return signals.sort(
        [pl.col("members").list.len(), "incidents", "last_seen", "kind", "item"],
        descending=[True, True, True, False, False],
    ).select(pl.col(name).cast(dtype) for name, dtype in SIGNAL_SCHEMA.items())


def with_combination_labels(signals: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """`signals` with each technique combination labelled by its techniques' names, in the
    combination's (id) order, joined by " + " (an id `names` lacks stands for itself).

    `names` has disarm_id and name. Only the signals' own combinations are labelled: the
    signals query leaves them unlabelled, since naming every combination seen in the window
    cost more than finding the signals."""
    combinations = signals.filter(pl.col("kind") == "techniques").select("kind", "item").unique()
    if combinations.is_empty():
        return signals
    labels = (
        combinations.with_columns(
            pl.col("item").str.split(COMBINATION_SEPARATOR).alias("disarm_id"),
        )
        .explode("disarm_id")
        .join(names.select("disarm_id", "name"), on="disarm_id", how="left", maintain_order="left")
        .group_by("kind", "item", maintain_order=True)
        .agg(pl.coalesce("name", "disarm_id").str.join(" + ").alias("combination"))
    )
    return (
        signals.join(labels, on=["kind", "item"], how="left", maintain_order="left")
        .with_columns(pl.coalesce("combination", "label").alias("label"))
        .drop("combination")
    )
