"""Early warning queries: what they count on constructed data, and that they keep to the scope."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from rrm_dash.access import Principal, Role, with_role_ceiling
from rrm_dash.analytics.alerts import warning_picture
from rrm_dash.analytics.election_risk import election_risk
from rrm_dash.analytics.latency import latency_by_member_quarter
from rrm_dash.analytics.signals import cross_member_signals, ranked_signals
from rrm_dash.analytics.surges import find_surges, week_start
from rrm_dash.filters import Filters
from rrm_dash.ingest.demo import publish_demo
from rrm_dash.ingest.load import publish
from rrm_dash.queries import warning
from rrm_dash.queries.runner import Source, results, scoped_cursor
from tests.canary import (
    CANARY_RECORDS,
    DEMO_INCIDENTS,
    VIEWERS,
    add_canaries,
    leaks,
    visible_canaries,
)
from tests.conftest import TODAY, insert_incident

AU_OBSERVER = Principal("au-observer", Role.OBSERVER, "AU")
ANALYST = Principal("analyst", Role.ANALYST)
MONDAY = date(2025, 3, 3)
#: The reference calendar's Canadian vote of 28 April 2025: watch window 27 Feb to 12 May.
CA_VOTE = "ca.legislative-lower.2025-04-28"
VOTE_AS_OF = date(2025, 4, 20)


def _incident(
    con: duckdb.DuckDBPyConnection,
    incident_id: str,
    day: date,
    countries: tuple[str, ...] = ("CA",),
    **kw: object,
) -> None:
    kw.setdefault("tlp", "GREEN")
    insert_incident(con, incident_id, originator="FR", detected=day, **kw)  # type: ignore[arg-type]
    for country in countries:
        con.execute(
            "insert into incident_country values (?, ?, 'targeted')", [incident_id, country]
        )


def _actor(con: duckdb.DuckDBPyConnection, actor_id: str, name: str, tlp: str = "GREEN") -> None:
    con.execute(
        "insert into actor (actor_id, name, actor_kind, tlp, originator_member, created_at,"
        " updated_at) values (?, ?, 'state', ?, 'FR', now(), now())",
        [actor_id, name, tlp],
    )


def _link(con: duckdb.DuckDBPyConnection, table: str, *rows: tuple[str, ...]) -> None:
    for row in rows:
        marks = ", ".join("?" for _ in row)
        con.execute(f"insert into {table} values ({marks})", list(row))


# --- weekly counts --------------------------------------------------------------------------


def _weekly(con: duckdb.DuckDBPyConnection) -> None:
    for week in range(1, 53):  # 3 a week in CA for the 52 weeks before MONDAY
        for n in range(3):
            _incident(con, f"base-{week}-{n}", MONDAY - timedelta(weeks=week) + timedelta(days=n))
    for n in range(7):  # 7 in the week of MONDAY, one of them also targeting FR
        countries = ("CA", "FR") if n == 0 else ("CA",)
        _incident(
            con,
            f"now-{n}",
            MONDAY + timedelta(days=n),
            countries,
            heading="DIP",
            threat_type="voter_suppression",
        )
    _incident(con, "now-amber", MONDAY, tlp="AMBER")
    _incident(con, "later", MONDAY + timedelta(days=7))


def test_weekly_counts_cover_every_week_with_zeros_per_country_and_heading(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _weekly)
    source = Source.live(empty_warehouse)
    weekly = warning.weekly_counts(source, ANALYST, Filters(), as_of=MONDAY + timedelta(days=6))
    series = {
        key: dict(zip(group["week"].to_list(), group["incidents"].to_list(), strict=True))
        for (_, key), group in weekly.group_by("scope", "key")
    }
    assert set(series) == {"CA", "FR", "DIP", "MIE", "HRF"}
    assert all(len(weeks) == warning.DEFAULT_WEEKS for weeks in series.values())
    assert series["CA"][MONDAY] == 8  # the seven and the AMBER one; not the one a week later
    assert series["CA"][MONDAY - timedelta(weeks=1)] == 3
    assert series["FR"][MONDAY] == 1 and series["FR"][MONDAY - timedelta(weeks=1)] == 0
    assert (series["DIP"][MONDAY], series["MIE"][MONDAY], series["HRF"][MONDAY]) == (7, 1, 0)


def test_a_surge_in_the_warehouse_is_found_in_its_week(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _weekly)
    source = Source.live(empty_warehouse)
    weekly = warning.weekly_counts(source, ANALYST, Filters(), as_of=MONDAY + timedelta(days=6))
    surges = find_surges(weekly, MONDAY)
    assert surges.filter(pl.col("scope") == "country").select("key", "current", "level").rows() == [
        ("CA", 8, "large")
    ]
    earlier = warning.weekly_counts(source, ANALYST, Filters(), as_of=MONDAY - timedelta(days=1))
    assert find_surges(earlier, week_start(MONDAY - timedelta(days=7))).is_empty()


def test_weekly_counts_keep_the_filters_but_their_own_period(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _weekly)
    source = Source.live(empty_warehouse)
    filters = Filters(date_from=date(2020, 1, 1), date_to=date(2020, 2, 1), headings=("DIP",))
    weekly = warning.weekly_counts(source, ANALYST, filters, as_of=MONDAY, weeks=2)
    assert weekly.filter(pl.col("scope") == "country").select(
        "key", "week", "incidents"
    ).rows() == [
        ("CA", MONDAY - timedelta(weeks=1), 0),
        ("CA", MONDAY, 1),  # only the DIP incident of the Monday itself: counted up to as_of
        ("FR", MONDAY - timedelta(weeks=1), 0),
        ("FR", MONDAY, 1),
    ]
    only_fr = warning.weekly_counts(source, ANALYST, Filters(members=("FR",)), as_of=MONDAY)
    assert set(only_fr.filter(pl.col("scope") == "country")["key"]) == {"FR"}


def test_weekly_counts_leave_out_what_the_viewer_may_not_see(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _weekly)
    source = Source.live(empty_warehouse)
    weekly = warning.weekly_counts(source, AU_OBSERVER, Filters(), as_of=MONDAY + timedelta(days=6))
    ca_now = weekly.filter(pl.col("key") == "CA", pl.col("week") == MONDAY)["incidents"]
    assert ca_now.to_list() == [7]  # not the AMBER one


# --- election inputs --------------------------------------------------------------------------


def _vote(con: duckdb.DuckDBPyConnection) -> None:
    opened = date(2025, 2, 27)
    for n in range(26):  # 26 in the 52 weeks before the window: half an incident a week
        _incident(con, f"before-{n}", opened - timedelta(days=1 + n * 14))
    for n in range(10):
        _incident(con, f"in-{n}", opened + timedelta(days=2 + n * 5))
    _incident(con, "amber", opened + timedelta(days=3), tlp="AMBER")
    _incident(con, "fr-only", opened + timedelta(days=3), ("FR",))
    _incident(con, "after-as-of", VOTE_AS_OF + timedelta(days=1))
    _actor(con, "ACT-1", "Operation Test")
    _actor(con, "ACT-STRICT", "Hidden Actor", tlp="AMBER+STRICT")
    _link(
        con,
        "incident_actor",
        ("in-0", "ACT-1", "perpetrator"),
        ("in-1", "ACT-1", "perpetrator"),
        ("in-2", "ACT-STRICT", "perpetrator"),
        ("amber", "ACT-1", "perpetrator"),
    )
    _link(
        con,
        "incident_technique",
        ("in-0", "T0139.001", "1.6"),
        ("in-0", "T0089.001", "1.6"),
        ("in-1", "T0089", "1.6"),
        ("in-2", "T0049", "1.6"),
        ("amber", "T0123", "1.6"),
        ("before-0", "T0139.001", "1.6"),
    )


def _inputs(
    source: Source, viewer: Principal, filters: Filters | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Each frame's row(s) for the Canadian vote."""
    inputs = warning.election_inputs(source, viewer, filters or Filters(), as_of=VOTE_AS_OF)
    return {
        name: frame.filter(pl.col("election_id") == CA_VOTE).to_dicts()
        for name, frame in inputs.items()
    }


def test_election_inputs_count_the_window_its_baseline_and_its_techniques(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _vote)
    inputs = _inputs(Source.live(empty_warehouse), ANALYST)
    (election,) = inputs["elections"]
    assert (election["period_start"], election["period_end"]) == (date(2025, 2, 27), VOTE_AS_OF)
    assert inputs["window"] == [
        {"election_id": CA_VOTE, "incidents": 11, "interference_incidents": 3}
    ]  # the ten and the AMBER one; in-0, in-1 and amber carry interference techniques
    assert inputs["baseline"] == [{"election_id": CA_VOTE, "baseline_incidents": 26}]
    techniques = {row["disarm_id"]: row["incidents"] for row in inputs["techniques"]}
    assert techniques == {"T0089": 1, "T0089.001": 1, "T0123": 1, "T0139.001": 1}
    actors = [(row["name"], row["incidents"]) for row in inputs["actors"]]
    assert actors == [("Operation Test", 3), ("Hidden Actor", 1)]


def test_election_inputs_keep_to_the_viewers_scope_and_the_filter_bar(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _vote)
    source = Source.live(empty_warehouse)
    seen = _inputs(source, AU_OBSERVER)
    assert seen["window"][0]["incidents"] == 10  # not the AMBER one
    assert seen["window"][0]["interference_incidents"] == 2
    assert "T0123" not in {row["disarm_id"] for row in seen["techniques"]}
    assert [row["name"] for row in seen["actors"]] == ["Operation Test"]
    assert seen["actors"][0]["incidents"] == 2
    # the filter bar's period and members do not narrow the window; its headings do
    others = Filters(date_from=date(2020, 1, 1), date_to=date(2020, 1, 2), members=("CA",))
    assert _inputs(source, ANALYST, others)["window"][0]["incidents"] == 11
    not_ca = warning.election_inputs(source, ANALYST, Filters(members=("FR",)), as_of=VOTE_AS_OF)
    assert CA_VOTE not in not_ca["elections"]["election_id"].to_list()
    hrf = _inputs(source, ANALYST, Filters(headings=("HRF",)))
    assert hrf["window"][0]["incidents"] == 0


def test_rounds_sharing_an_activity_period_count_alike(empty_warehouse: Path) -> None:
    second = f"{CA_VOTE}.round-2"

    def two_rounds(con: duckdb.DuckDBPyConnection) -> None:
        _vote(con)
        con.execute(
            "insert into election select * replace (? as election_id, 2 as round)"
            " from election where election_id = ?",
            [second, CA_VOTE],
        )

    publish(empty_warehouse, two_rounds)
    inputs = warning.election_inputs(
        Source.live(empty_warehouse), ANALYST, Filters(members=("CA",)), as_of=VOTE_AS_OF
    )
    for name in ("window", "baseline", "techniques", "actors"):
        frame = inputs[name]
        first = frame.filter(pl.col("election_id") == CA_VOTE).drop("election_id")
        assert not first.is_empty(), name
        assert frame.filter(pl.col("election_id") == second).drop("election_id").equals(first)


def test_sliding_the_as_of_day_reads_only_months_not_read_before(
    empty_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(empty_warehouse, _vote)
    source = Source.live(empty_warehouse)
    filters = Filters(members=("CA",))
    warning.election_inputs(source, ANALYST, filters, as_of=VOTE_AS_OF)  # 27 Feb to 20 April
    months_read: list[tuple[object, object]] = []
    keep = results.get_or_compute

    def spying(key: Hashable, compute: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        def counted() -> pl.DataFrame:
            assert isinstance(key, tuple)
            if key[1] == "warning/election_days":
                period = dict(key[3])
                months_read.append((period["date_from"], period["date_to"]))
            return compute()

        return keep(key, counted)

    monkeypatch.setattr(results, "get_or_compute", spying)
    week_before = warning.election_inputs(
        source, ANALYST, filters, as_of=VOTE_AS_OF - timedelta(days=7)
    )
    assert months_read == []  # February to April again, all kept
    assert week_before["window"]["incidents"].to_list() == [10]  # in-0 to in-8 and amber
    warning.election_inputs(source, ANALYST, filters, as_of=date(2025, 5, 2))
    assert months_read == [(date(2025, 5, 1), date(2025, 5, 31))]


def test_election_inputs_feed_election_risk(empty_warehouse: Path) -> None:
    publish(empty_warehouse, _vote)
    inputs = warning.election_inputs(
        Source.live(empty_warehouse), ANALYST, Filters(), as_of=VOTE_AS_OF
    )
    risks = election_risk(**inputs, as_of=VOTE_AS_OF)
    row = risks.filter(pl.col("election_id") == CA_VOTE).row(0, named=True)
    # 53 days: 26 / 364 * 53 = 3.8 expected, 11 seen; a quarter with interference; ACT-1 thrice
    assert row["expected"] == pytest.approx(26 * 53 / 364)
    assert row["level"] == "high"
    assert row["country_en"] == "Canada"


# --- signals, latency, gender, data as of -----------------------------------------------------

SIGNALS_AS_OF = date(2025, 6, 30)


def _sightings(con: duckdb.DuckDBPyConnection) -> None:
    def ago(days: int) -> date:
        return SIGNALS_AS_OF - timedelta(days=days)

    _incident(con, "s1", ago(2), ("CA",))
    _incident(con, "s2", ago(5), ("FR", "XA"))
    _incident(con, "s3", ago(20), ("JP",))
    _incident(con, "s4", ago(1), ("FR",))
    _actor(con, "ACT-1", "Operation Test")
    _link(
        con,
        "incident_actor",
        ("s1", "ACT-1", "perpetrator"),
        ("s2", "ACT-1", "perpetrator"),
        ("s3", "ACT-1", "perpetrator"),
    )
    _link(
        con,
        "incident_technique",
        ("s1", "T0085.003", "1.6"),
        ("s1", "T0049", "1.6"),
        ("s2", "T0049", "1.6"),
        ("s4", "T0049", "1.6"),
        ("s4", "T0085.003", "1.6"),
    )


def test_signals_are_actors_and_technique_combinations_seen_against_two_members_in_the_window(
    empty_warehouse: Path,
) -> None:
    publish(empty_warehouse, _sightings)
    source = Source.live(empty_warehouse)
    # the filter bar's members do not narrow what a signal counts (JP's sighting is too old)
    rows = warning.signals(
        source, ANALYST, Filters(members=("JP",)), as_of=SIGNALS_AS_OF, window_days=14
    ).rows(named=True)
    assert sorted(rows, key=lambda row: row["kind"]) == [
        {
            "kind": "actor",
            "item": "ACT-1",
            "label": "Operation Test",
            "members": ["CA", "FR"],  # XA is not a member or observer
            "incidents": 2,
            "first_seen": SIGNALS_AS_OF - timedelta(days=5),
            "last_seen": SIGNALS_AS_OF - timedelta(days=2),
        },
        {
            "kind": "techniques",
            "item": "T0049+T0085.003",
            "label": None,  # named once it is a signal (with_combination_labels)
            "members": ["CA", "FR"],
            "incidents": 2,
            "first_seen": SIGNALS_AS_OF - timedelta(days=2),
            "last_seen": SIGNALS_AS_OF - timedelta(days=1),
        },
    ]
    names = dict(warning.technique_names(source, ANALYST).rows())
    assert names["T0049"] == "Flood Information Space"
    assert names["T0085.003"] == "Develop Inauthentic News Articles"
    week = warning.signals(source, ANALYST, Filters(), as_of=SIGNALS_AS_OF, window_days=3)
    assert week.select("kind", "members").rows() == [("techniques", ["CA", "FR"])]


def _sightings_in_python(source: Source, principal: Principal, filters: Filters) -> pl.DataFrame:
    """Every sighting (incident_id, member, day, kind, item, label) of the filtered incidents,
    built in polars from the rows the viewer may see: the input cross_member_signals defines
    the signals over."""
    with scoped_cursor(source, principal, filters) as cursor:
        incidents = cursor.sql(
            "select incident_id, detected_at::date as day, targeted_members, actor_ids,"
            " narrative_ids, technique_ids from filtered_incident()"
        ).pl()
        actors = cursor.sql("select actor_id as item, name as label from scoped_actor()").pl()
        narratives = cursor.sql(
            "select narrative_id as item, name as label from scoped_narrative()"
        ).pl()
        members = cursor.sql(
            "select member_code from member where status in ('member', 'observer')"
        ).pl()["member_code"]
    targeted = (
        incidents.select("incident_id", "day", pl.col("targeted_members").alias("member"))
        .explode("member")
        .filter(pl.col("member").is_in(members.to_list()))
    )
    linked = [
        incidents.select("incident_id", pl.col(column).alias("item"))
        .explode("item")
        .join(names, on="item")
        .with_columns(pl.lit(kind).alias("kind"))
        for column, names, kind in (
            ("actor_ids", actors, "actor"),
            ("narrative_ids", narratives, "narrative"),
        )
    ]
    combinations = incidents.filter(pl.col("technique_ids").list.len() >= 2).select(
        "incident_id",
        pl.col("technique_ids").list.join("+").alias("item"),
        pl.lit(None, dtype=pl.String).alias("label"),
        pl.lit("techniques").alias("kind"),
    )
    items = pl.concat([*linked, combinations], how="diagonal")
    return targeted.join(items, on="incident_id").select(
        "incident_id", "member", "day", "kind", "item", "label"
    )


@pytest.mark.parametrize("principal", [ANALYST, AU_OBSERVER], ids=["analyst", "au-observer"])
@pytest.mark.parametrize("window_days", [14, 120])
def test_signals_in_the_warehouse_match_the_python_definition(
    demo_source: Source, principal: Principal, window_days: int
) -> None:
    for filters in (Filters(), Filters(headings=("MIE",))):
        window = filters.with_changes(
            date_from=TODAY - timedelta(days=window_days - 1), date_to=TODAY
        )
        expected = cross_member_signals(
            _sightings_in_python(demo_source, principal, window),
            window_days=window_days,
            as_of=TODAY,
        )
        actual = ranked_signals(
            warning.signals(demo_source, principal, filters, as_of=TODAY, window_days=window_days)
        )
        assert not expected.is_empty()
        assert actual.equals(expected)


def test_the_warning_pictures_technique_signals_are_named_by_their_techniques(
    demo_source: Source,
) -> None:
    picture = warning_picture(demo_source, ANALYST, Filters(), as_of=TODAY)
    combinations = picture.signals.filter(pl.col("kind") == "techniques")
    assert not combinations.is_empty()
    names = dict(warning.technique_names(demo_source, ANALYST).rows())
    for item, label in combinations.select("item", "label").rows():
        assert label == " + ".join(names[disarm_id] for disarm_id in item.split("+"))


def test_latency_in_the_warehouse_matches_the_python_definition(demo_source: Source) -> None:
    principal = ANALYST
    with scoped_cursor(demo_source, principal, Filters()) as cursor:
        incidents = cursor.sql(
            "select incident_id, originator_member as member, first_activity, detected_at,"
            " assessed_at, notified_at, published_at from filtered_incident()"
        ).pl()
    expected = latency_by_member_quarter(incidents)
    actual = warning.latency_stages(demo_source, principal, Filters())
    assert len(actual) > 20
    assert (
        actual.select("member", "quarter", "stage", "incidents").rows()
        == expected.select("member", "quarter", "stage", "incidents").rows()
    )
    for column in ("median_days", "p25_days", "p75_days"):
        assert actual[column].to_list() == pytest.approx(expected[column].to_list())


def test_gender_inputs_list_every_heading_and_month_of_the_period(demo_source: Source) -> None:
    filters = Filters(date_from=date(2025, 1, 15), date_to=date(2025, 3, 10))
    frame = warning.gender_inputs(demo_source, ANALYST, filters)
    assert frame.select("heading", "month").rows() == [
        (heading, date(2025, month, 1)) for month in (1, 2, 3) for heading in ("DIP", "MIE", "HRF")
    ]
    assert (frame["women"] <= frame["incidents"]).all()
    with scoped_cursor(demo_source, ANALYST, filters) as cursor:
        total = cursor.sql("select count(*) from filtered_incident()").fetchall()[0][0]
    assert frame["incidents"].sum() == total


def test_data_as_of_is_the_latest_detection_in_scope(empty_warehouse: Path) -> None:
    source = Source.live(empty_warehouse)
    assert warning.data_as_of(source, ANALYST) is None

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        _incident(con, "green", date(2025, 1, 1))
        _incident(con, "amber", date(2025, 2, 1), tlp="AMBER")

    publish(empty_warehouse, fill)
    source = Source.live(empty_warehouse)
    assert warning.data_as_of(source, ANALYST) == datetime(2025, 2, 1)
    assert warning.data_as_of(source, AU_OBSERVER) == datetime(2025, 1, 1)


# --- canaries: a record a viewer may not see changes nothing they get -------------------------


@dataclass(frozen=True)
class Snapshots:
    demo: Source
    canaries: Source


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> Snapshots:
    published = tmp_path_factory.mktemp("warning-canaries") / "rrm.duckdb"
    publish_demo(published, incidents=DEMO_INCIDENTS, today=TODAY)
    demo = Source.live(published)
    publish(published, lambda con: add_canaries(con, TODAY))
    return Snapshots(demo, Source.live(published))


def _totals(source: Source, principal: Principal) -> dict[str, int]:
    filters = Filters.default(TODAY)
    weekly = warning.weekly_counts(source, principal, filters, as_of=TODAY)
    latency = warning.latency_stages(source, principal, filters)
    gender = warning.gender_inputs(source, principal, filters)

    def key_total(key: str) -> int:
        return int(weekly.filter(pl.col("key") == key)["incidents"].sum())

    return {
        "weekly.CA": key_total("CA"),
        "weekly.FR": key_total("FR"),
        "weekly.MIE": key_total("MIE"),
        "weekly.other": int(
            weekly.filter(~pl.col("key").is_in(["CA", "FR", "MIE"]))["incidents"].sum()
        ),
        "latency.detection": int(
            latency.filter(pl.col("stage") == "activity_to_detection")["incidents"].sum()
        ),
        "gender.incidents": int(gender["incidents"].sum()),
        "gender.women": int(gender["women"].sum()),
        "gender.vulnerable": int(gender["vulnerable"].sum()),
    }


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_counts_grow_by_exactly_the_canaries_the_viewer_may_see(
    snapshots: Snapshots, viewer: str
) -> None:
    principal = with_role_ceiling(VIEWERS[viewer])
    before = _totals(snapshots.demo, principal)
    after = _totals(snapshots.canaries, principal)
    seen = len(visible_canaries(viewer))
    # each canary: one MIE incident targeting CA and FR and women, detected days ago, no targets
    # in a vulnerable group, its first activity the day it was detected
    growth = {name: after[name] - before[name] for name in after}
    assert growth == {
        "weekly.CA": seen,
        "weekly.FR": seen,
        "weekly.MIE": seen,
        "weekly.other": 0,
        "latency.detection": seen,
        "gender.incidents": seen,
        "gender.women": seen,
        "gender.vulnerable": 0,
    }


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_signals_and_election_inputs_name_only_what_the_viewer_may_see(
    snapshots: Snapshots, viewer: str
) -> None:
    principal = with_role_ceiling(VIEWERS[viewer])
    filters = Filters.default(TODAY)
    signals = warning.signals(snapshots.canaries, principal, filters, as_of=TODAY, window_days=14)
    shown = "\n".join(str(row) for row in signals.rows())
    assert leaks(viewer, shown) == []
    canary_actors = {c.actor_id for c in CANARY_RECORDS}
    actor_signals = set(signals.filter(pl.col("kind") == "actor")["item"]) & canary_actors
    assert actor_signals == {c.actor_id for c in visible_canaries(viewer)}
    inputs = warning.election_inputs(snapshots.canaries, principal, filters, as_of=TODAY)
    text = "\n".join(str(frame.rows()) for frame in inputs.values())
    assert leaks(viewer, text) == []
