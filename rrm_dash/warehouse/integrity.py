"""Checks a snapshot must pass before it is published (DuckDB has no foreign keys we can afford)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from rrm_dash import PACKAGE_DIR
from rrm_dash.warehouse.migrate import current_version, latest_version
from rrm_dash.warehouse.snapshot import WarehouseError

INTEGRITY_DIR = PACKAGE_DIR / "sql" / "integrity"
_EXAMPLES = 5


@dataclass(frozen=True)
class Problem:
    check: str
    count: int
    examples: list[tuple[object, ...]]

    def describe(self) -> str:
        shown = ", ".join(str(example) for example in self.examples)
        return f"{self.check.replace('_', ' ')}: {self.count} row(s), e.g. {shown}"


class SnapshotInvalid(WarehouseError):
    """The next snapshot breaks the warehouse's integrity rules; it is not published."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"- {problem.describe()}" for problem in problems)
        super().__init__(f"The warehouse would be inconsistent, so nothing was published:\n{lines}")


def integrity_problems(con: duckdb.DuckDBPyConnection) -> list[Problem]:
    """Every rule the snapshot breaks (an empty list when it is sound)."""
    problems = []
    if current_version(con) != latest_version():
        problems.append(Problem("schema_version_not_latest", 1, [(current_version(con),)]))
    for path in sorted(INTEGRITY_DIR.glob("*.sql")):
        rows = con.sql(path.read_text(encoding="utf-8")).fetchall()
        if rows:
            problems.append(Problem(path.stem, len(rows), rows[:_EXAMPLES]))
    return problems


def validate_snapshot(con: duckdb.DuckDBPyConnection) -> None:
    """Raise SnapshotInvalid when any integrity rule is broken."""
    problems = integrity_problems(con)
    if problems:
        raise SnapshotInvalid(problems)
