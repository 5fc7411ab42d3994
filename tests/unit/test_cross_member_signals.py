"""Cross-member signals: an item is a signal only when two members are hit within the window."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from rrm_dash.analytics.signals import cross_member_signals, window_start, with_combination_labels

AS_OF = date(2026, 5, 20)


def sightings(*rows: tuple[str, str, date, str, str]) -> pl.DataFrame:
    """(incident_id, member, day, kind, item) rows; the label is the item's name."""
    return pl.DataFrame(
        [(*row, f"Name of {row[4]}") for row in rows],
        schema={
            "incident_id": pl.String,
            "member": pl.String,
            "day": pl.Date,
            "kind": pl.String,
            "item": pl.String,
            "label": pl.String,
        },
        orient="row",
    )


def days_ago(n: int) -> date:
    return AS_OF - timedelta(days=n)


def test_an_actor_seen_against_two_members_within_the_window_is_a_signal() -> None:
    frame = sightings(
        ("i1", "FR", days_ago(10), "actor", "ACT-1"),
        ("i2", "CA", days_ago(2), "actor", "ACT-1"),
        ("i3", "CA", days_ago(1), "actor", "ACT-1"),
    )
    signals = cross_member_signals(frame, window_days=14, as_of=AS_OF)
    assert signals.rows(named=True) == [
        {
            "kind": "actor",
            "item": "ACT-1",
            "label": "Name of ACT-1",
            "members": ["CA", "FR"],
            "incidents": 3,
            "first_seen": days_ago(10),
            "last_seen": days_ago(1),
        }
    ]


def test_the_second_member_outside_the_window_makes_no_signal() -> None:
    frame = sightings(
        ("i1", "FR", days_ago(14), "actor", "ACT-1"),  # 15 days counted back: outside 14
        ("i2", "CA", days_ago(0), "actor", "ACT-1"),
    )
    assert cross_member_signals(frame, window_days=14, as_of=AS_OF).is_empty()
    # the same sightings within a 15-day window are a signal
    assert len(cross_member_signals(frame, window_days=15, as_of=AS_OF)) == 1


def test_one_member_hit_many_times_is_not_a_signal() -> None:
    frame = sightings(
        *(("i" + str(n), "FR", days_ago(n), "narrative", "NAR-1") for n in range(5)),
    )
    assert cross_member_signals(frame, as_of=AS_OF).is_empty()


def test_one_incident_targeting_two_members_is_seen_by_both() -> None:
    frame = sightings(
        ("i1", "FR", days_ago(3), "techniques", "T0049+T0085.001"),
        ("i1", "DE", days_ago(3), "techniques", "T0049+T0085.001"),
    )
    row = cross_member_signals(frame, as_of=AS_OF).row(0, named=True)
    assert (row["members"], row["incidents"]) == (["DE", "FR"], 1)


def test_sightings_after_the_as_of_day_are_not_counted() -> None:
    frame = sightings(
        ("i1", "FR", days_ago(1), "actor", "ACT-1"),
        ("i2", "CA", AS_OF + timedelta(days=1), "actor", "ACT-1"),
    )
    assert cross_member_signals(frame, as_of=AS_OF).is_empty()


def test_the_widest_signals_come_first_and_kinds_are_kept_apart() -> None:
    frame = sightings(
        ("i1", "FR", days_ago(1), "actor", "X"),
        ("i2", "CA", days_ago(1), "actor", "X"),
        ("i3", "FR", days_ago(2), "narrative", "X"),  # same id, another kind: own signal
        ("i4", "JP", days_ago(2), "narrative", "X"),
        ("i5", "DE", days_ago(2), "narrative", "X"),
    )
    signals = cross_member_signals(frame, as_of=AS_OF)
    assert signals.select("kind", "members").rows() == [
        ("narrative", ["DE", "FR", "JP"]),
        ("actor", ["CA", "FR"]),
    ]


def test_involving_keeps_the_signals_a_chosen_member_is_part_of() -> None:
    frame = sightings(
        ("i1", "FR", days_ago(1), "actor", "A"),
        ("i2", "CA", days_ago(1), "actor", "A"),
        ("i3", "JP", days_ago(1), "actor", "B"),
        ("i4", "DE", days_ago(1), "actor", "B"),
    )
    signals = cross_member_signals(frame, as_of=AS_OF, involving=("CA",))
    assert signals["item"].to_list() == ["A"]


def test_no_sightings_no_signals_and_the_window_is_at_least_a_day() -> None:
    empty = sightings()
    assert cross_member_signals(empty, as_of=AS_OF).columns == [
        "kind",
        "item",
        "label",
        "members",
        "incidents",
        "first_seen",
        "last_seen",
    ]
    assert window_start(AS_OF, 1) == AS_OF
    with pytest.raises(ValueError, match="window_days"):
        cross_member_signals(empty, as_of=AS_OF, window_days=0)


def test_a_technique_combination_is_labelled_by_its_techniques_names_in_id_order() -> None:
    frame = sightings(
        ("i1", "FR", days_ago(1), "techniques", "T0049+T0085.003+T9999"),
        ("i2", "CA", days_ago(2), "techniques", "T0049+T0085.003+T9999"),
        ("i1", "FR", days_ago(1), "actor", "ACT-1"),
        ("i2", "CA", days_ago(2), "actor", "ACT-1"),
    ).with_columns(
        pl.when(pl.col("kind") == "techniques").then(None).otherwise(pl.col("label")).alias("label")
    )
    names = pl.DataFrame(
        {
            "disarm_id": ["T0085.003", "T0049"],
            "name": ["Develop Inauthentic News Articles", "Flood Information Space"],
        }
    )
    signals = with_combination_labels(cross_member_signals(frame, as_of=AS_OF), names)
    assert dict(signals.select("item", "label").rows()) == {
        "T0049+T0085.003+T9999": "Flood Information Space + Develop Inauthentic News Articles"
        " + T9999",  # an id without a name stands for itself
        "ACT-1": "Name of ACT-1",
    }


def test_signals_without_a_combination_keep_their_labels() -> None:
    frame = sightings(
        ("i1", "FR", days_ago(1), "actor", "ACT-1"), ("i2", "CA", days_ago(2), "actor", "ACT-1")
    )
    signals = cross_member_signals(frame, as_of=AS_OF)
    names = pl.DataFrame({"disarm_id": ["T0049"], "name": ["Flood Information Space"]})
    assert with_combination_labels(signals, names).equals(signals)
