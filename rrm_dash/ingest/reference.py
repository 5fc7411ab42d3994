"""Load the project's reference tables (members, countries, DISARM, elections) into a new snapshot."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
from babel import Locale

from rrm_dash import PACKAGE_DIR, PROJECT_DIR

REFERENCE_DIR = PROJECT_DIR / "data" / "reference"
LOAD_SQL_DIR = PACKAGE_DIR / "sql" / "reference"

#: Monitoring window around a vote, in days before the first and after the last voting day.
WATCH_DAYS_BEFORE = 60
WATCH_DAYS_AFTER = 14

#: Babel territories that are not countries a record can name.
_NOT_COUNTRIES = {"ZZ", "XA", "XB", "QO", "EZ", "UN"}


def disarm_version() -> str:
    return (REFERENCE_DIR / "disarm_version.txt").read_text(encoding="utf-8").strip()


def load_reference(con: duckdb.DuckDBPyConnection, today: date) -> None:
    """Replace the reference tables with the project's reference data (one transaction)."""
    settings = {
        "reference_dir": str(REFERENCE_DIR),
        "today": today,
        "watch_days_before": WATCH_DAYS_BEFORE,
        "watch_days_after": WATCH_DAYS_AFTER,
        "loaded_at": datetime.combine(today, datetime.min.time()),
        "disarm_version": disarm_version(),
    }
    for name, value in settings.items():
        con.execute("set variable " + name + " = $value", {"value": value})
    con.execute("begin transaction")
    try:
        _load_countries(con)
        for script in sorted(LOAD_SQL_DIR.glob("*.sql")):
            con.execute(script.read_text(encoding="utf-8"))
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def _load_countries(con: duckdb.DuckDBPyConnection) -> None:
    """Every ISO 3166 territory Babel knows, named in English and French."""
    english, french = Locale("en").territories, Locale("fr").territories
    rows = [
        (code, english[code], french.get(code, english[code]))
        for code in english
        if isinstance(code, str)
        and len(code) == 2
        and code.isalpha()
        and code.isupper()
        and code not in _NOT_COUNTRIES
    ]
    con.execute("delete from country where not is_fictional")
    con.executemany("insert into country (country_code, name_en, name_fr) values (?, ?, ?)", rows)
