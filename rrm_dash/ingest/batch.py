"""What every importer produces: a Batch of entities to upsert, and the problems it found.

A parser (CSV, STIX, DISARM) reads one file into a Batch without touching the warehouse; the
writer (`rrm_dash.ingest.write`) classifies each entity against a snapshot as added, updated,
unchanged or skipped, and writes the whole batch in one go.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NoReturn, Protocol, SupportsIndex, overload

import polars as pl

from rrm_dash.ingest.messages import Message, Text, msg, problem_message

#: EntityTable.rows: each entity's place in its file (what `origin` names).
ORDER = "_order"
#: EntityTable.rows, optional: each entity's Entity.modified.
MODIFIED = "_modified"
#: EntityTable.rows, optional: the columns each entity gives, when they differ (the others
#: are null in `rows`: kept as stored on update, the table's defaults on insert).
GIVEN = "_given"


class Problem(Protocol):
    """Anything an importer reports as wrong: which item ("row 5", an object id, "file"), the
    value found, what was expected (`message`, rendered in any language) and maybe a close
    match; `str()` is the whole sentence in English, naming the file, place, value and
    expectation."""

    @property
    def item(self) -> str: ...

    @property
    def place(self) -> Text: ...

    @property
    def value(self) -> str | None: ...

    @property
    def message(self) -> Message: ...

    @property
    def suggestion(self) -> str | None: ...

    def describe(self, lang: str) -> str: ...

    def __str__(self) -> str: ...


@dataclass(frozen=True)
class ObjectProblem:
    """A problem with one object of a structured file (a STIX object, a DISARM entry) or with
    the file itself (`object_id` None): which property (`path`), what value, what was expected."""

    file: str
    object_id: str | None
    path: str | None
    value: str | None
    message: Message
    suggestion: str | None = None

    @property
    def item(self) -> str:
        return self.object_id or "file"

    @property
    def place(self) -> Text:
        """The item as a user reads it (the object's id, or "file" in their language)."""
        return self.object_id or msg("item.file")

    @property
    def expected(self) -> str:
        """What was expected, in English."""
        return self.message.render("en")

    def describe(self, lang: str) -> str:
        """The whole problem in `lang`: file, object, property, value, expected, suggestion."""
        where: Text = self.file
        if self.object_id:
            where = msg("problem.in_object", where=where, object=self.object_id)
        if self.path:
            where = msg("problem.in_property", where=where, path=self.path)
        return problem_message(where, self.value, self.message, self.suggestion).render(lang)

    def __str__(self) -> str:
        return self.describe("en")


@dataclass
class Entity:
    """One row to upsert into `table` by its primary key `key`, with the link rows it owns.

    `row` holds the columns the file gives. A new row takes the table's defaults for the
    others; a stored row keeps them, so a format that lacks a column never erases it.
    `created_at`/`updated_at` are stamped by the writer unless given. A `partial` entity only
    updates a stored row and is skipped when the key is not stored. `links` maps a link table
    (e.g. incident_technique) to all of this entity's rows in it: they replace the stored ones;
    link tables not named are left alone. `modified` is the producer's last-modified time
    (STIX `modified`): a changed copy not newer than the stored `updated_at` is skipped, never
    written over newer data. `origin` says where the entity came from ("row 5", a STIX id), as
    a skip reason names it.
    """

    table: str
    key: str
    row: dict[str, object]
    links: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    modified: datetime | None = None
    partial: bool = False
    origin: Text = ""


class EntityTable(list[Entity]):
    """Entities of one table held as columns: what a large file (a CSV import) reads into.

    `rows` holds the table's `key` column, the columns the entities give (as in Entity.row),
    ORDER and optionally MODIFIED and GIVEN; `links` maps each link table the entities
    own to all their rows in it (each entity owns every one of them, as Entity.links; each row
    given once, since the link tables have no key index: see rrm_dash.ingest.write);
    `origin(order)` is what a skip reason names. The writer reads the columns, so a file of
    a million rows never becomes a million objects. It is a read-only list so a Batch holds
    it like any entity list: read item by item (len, iteration, indexing, comparison), it
    builds the Entity objects, which suits small tables and tests.
    """

    def __init__(
        self,
        table: str,
        key: str,
        rows: pl.DataFrame,
        links: dict[str, pl.DataFrame],
        origin: Callable[[int], Text],
        *,
        partial: bool = False,
    ) -> None:
        super().__init__()
        self.table, self.key, self.rows, self.links = table, key, rows, links
        self.origin, self.partial = origin, partial
        self._built: list[Entity] | None = None

    @property
    def given(self) -> list[str]:
        """The table's columns the entities give (key included, bookkeeping left out)."""
        return [name for name in self.rows.columns if name not in (ORDER, MODIFIED, GIVEN)]

    def entities(self) -> list[Entity]:
        """Every entity as an Entity object (built once)."""
        if self._built is None:
            owned: dict[object, dict[str, list[dict[str, object]]]] = defaultdict(
                lambda: {name: [] for name in self.links}
            )
            for name, frame in self.links.items():
                for link in frame.iter_rows(named=True):
                    owned[link[self.key]][name].append(link)
            self._built = [self._entity(row, owned) for row in self.rows.iter_rows(named=True)]
        return self._built

    def _entity(
        self, row: dict[str, Any], owned: dict[object, dict[str, list[dict[str, object]]]]
    ) -> Entity:
        order, modified = row.pop(ORDER), row.pop(MODIFIED, None)
        given = row.pop(GIVEN, None)
        if given is not None:
            row = {name: value for name, value in row.items() if name in given}
        key = row[self.key]
        return Entity(
            self.table,
            str(key),
            row,
            owned[key],
            modified=modified,
            partial=self.partial,
            origin=self.origin(order),
        )

    def __len__(self) -> int:
        return self.rows.height

    def __bool__(self) -> bool:
        return self.rows.height > 0

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities())

    def __reversed__(self) -> Iterator[Entity]:
        return reversed(self.entities())

    def __contains__(self, item: object) -> bool:
        return item in self.entities()

    @overload
    def __getitem__(self, index: SupportsIndex) -> Entity: ...

    @overload
    def __getitem__(self, index: slice) -> list[Entity]: ...

    def __getitem__(self, index: SupportsIndex | slice) -> Entity | list[Entity]:
        return self.entities()[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, list) and self.entities() == list(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None

    def __repr__(self) -> str:
        return f"EntityTable({self.table!r}, {len(self)} entities)"

    def index(self, value: Entity, start: SupportsIndex = 0, stop: SupportsIndex = 2**62) -> int:
        return self.entities().index(value, start, stop)

    def count(self, value: Entity) -> int:
        return self.entities().count(value)

    def copy(self) -> list[Entity]:
        return list(self.entities())

    def __add__(self, other: list[Entity]) -> list[Entity]:  # type: ignore[override]
        return self.entities() + other

    def _read_only(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise TypeError("an EntityTable is read-only: build a new one")

    append = extend = insert = remove = pop = clear = sort = reverse = _read_only
    __setitem__ = __delitem__ = __iadd__ = __imul__ = __mul__ = __rmul__ = _read_only


@dataclass
class Batch:
    """One file read for import: its entities, its problems, and what it holds but we keep out."""

    source_format: str
    file_name: str
    sha256: str
    entities: list[Entity] = field(default_factory=list)
    #: RowProblem (CSV) or ObjectProblem (structured files).
    problems: list[Problem] = field(default_factory=list)
    #: Objects not imported, by kind (e.g. {"note": 3, "indicator": 2}), reported with their count.
    kept_out: Counter[str] = field(default_factory=Counter)
    #: Sentences for the report (e.g. techniques retired by a new DISARM version).
    notes: list[Message] = field(default_factory=list)
    #: Keys to set in the warehouse's meta table when the batch is written (e.g. disarm_version).
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def rejected_items(self) -> list[str]:
        """The rows or objects with a problem (what --skip-invalid leaves out)."""
        return sorted({problem.item for problem in self.problems} - {"file"})

    @property
    def rejected_places(self) -> list[Text]:
        """`rejected_items` as a user reads them ("row 5" in their language)."""
        places = {problem.item: problem.place for problem in self.problems}
        return [places[item] for item in self.rejected_items]

    @property
    def file_rejected(self) -> bool:
        """A problem with the file as a whole: nothing of it can be imported."""
        return any(problem.item == "file" for problem in self.problems)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
