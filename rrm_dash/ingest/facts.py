"""What an importer checks a file against: the vocabularies, reference ids and stored ids of a snapshot.

Importers run with write rights (admin, analyst): they read the warehouse tables directly, not
through the viewer's access scope, because a file must be checked against every stored id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import dataclass
from typing import Generic, TypeVar

import duckdb

from rrm_dash.access import COORDINATION_UNIT


@dataclass(frozen=True)
class WarehouseFacts:
    vocabularies: dict[str, frozenset[str]]
    #: threat_type code → its heading code.
    threat_heading: dict[str, str]
    technique_ids: frozenset[str]
    retired_technique_ids: frozenset[str]
    #: The network's members, observers and the Coordination Unit (CU).
    member_codes: frozenset[str]
    country_codes: frozenset[str]
    #: The DISARM version the warehouse's technique table describes.
    disarm_version: str
    actor_ids: frozenset[str]
    narrative_ids: frozenset[str]
    election_ids: frozenset[str]
    #: Every stored incident id (only the STIX importer needs them; see `of(lazy=True)`).
    incident_ids: Set[str]
    #: STIX id → (table, key) for every stored row that has a STIX id (incidents, actors).
    stix_ids: Mapping[str, tuple[str, str]]

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection, *, lazy: bool = False) -> WarehouseFacts:
        """Read the facts of the database `con` is connected to (a snapshot with the schema).

        With `lazy`, the stored incident ids and STIX ids are read when first asked for, so
        `con` must stay open while the facts are used (an import that reads no STIX bundle
        never reads them: a million ids cost seconds)."""

        def ids(sql: str) -> frozenset[str]:
            return frozenset(value for (value,) in con.execute(sql).fetchall())

        vocabularies: dict[str, set[str]] = {}
        for name, code in con.execute("select vocabulary, code from vocabulary").fetchall():
            vocabularies.setdefault(name, set()).add(code)
        threat_heading = dict(
            con.execute(
                "select code, parent from vocabulary where vocabulary = 'threat_type'"
            ).fetchall()
        )
        techniques = con.execute("select disarm_id, retired from disarm_technique").fetchall()
        version = con.execute("select value from meta where key = 'disarm_version'").fetchall()

        def incident_ids() -> frozenset[str]:
            return ids("select incident_id from incident")

        def stix_ids() -> dict[str, tuple[str, str]]:
            rows = con.execute(
                "select stix_id, 'incident', incident_id from incident where stix_id is not null "
                "union all "
                "select stix_id, 'actor', actor_id from actor where stix_id is not null"
            ).fetchall()
            return {stix: (table, key) for stix, table, key in rows}

        return cls(
            vocabularies={name: frozenset(codes) for name, codes in vocabularies.items()},
            threat_heading=threat_heading,
            technique_ids=frozenset(i for i, retired in techniques if not retired),
            retired_technique_ids=frozenset(i for i, retired in techniques if retired),
            member_codes=ids("select member_code from member") | {COORDINATION_UNIT},
            country_codes=ids("select country_code from country"),
            disarm_version=version[0][0] if version else "",
            actor_ids=ids("select actor_id from actor"),
            narrative_ids=ids("select narrative_id from narrative"),
            election_ids=ids("select election_id from election"),
            incident_ids=_LazySet(incident_ids) if lazy else incident_ids(),
            stix_ids=_LazyMapping(stix_ids) if lazy else stix_ids(),
        )


T = TypeVar("T")


class _Lazy(Generic[T]):
    """A value read by `load` the first time it is used, then kept."""

    def __init__(self, load: Callable[[], T]) -> None:
        self._load: Callable[[], T] | None = load
        self._value: T | None = None

    @property
    def value(self) -> T:
        if self._load is not None:
            self._value, self._load = self._load(), None
        assert self._value is not None
        return self._value


class _LazySet(Set[str]):
    """A set of ids read from the warehouse when first used (the connection must still be open)."""

    def __init__(self, load: Callable[[], frozenset[str]]) -> None:
        self._ids = _Lazy(load)

    def __contains__(self, item: object) -> bool:
        return item in self._ids.value

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids.value)

    def __len__(self) -> int:
        return len(self._ids.value)


class _LazyMapping(Mapping[str, tuple[str, str]]):
    """A mapping read from the warehouse when first used (the connection must still be open)."""

    def __init__(self, load: Callable[[], dict[str, tuple[str, str]]]) -> None:
        self._map = _Lazy(load)

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self._map.value[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._map.value)

    def __len__(self) -> int:
        return len(self._map.value)
