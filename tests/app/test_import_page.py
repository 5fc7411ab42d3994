"""The Import page: open to administrators and analysts only; the history of imports for admins."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rrm_dash.access import Principal, Role, demo_principal
from rrm_dash.i18n import translator
from rrm_dash.ingest.run import ImportFile, import_files
from rrm_dash.ui.navigation import allowed
from rrm_dash.warehouse.snapshot import live_snapshot
from tests.app.conftest import isolate_side_files, open_page, sign_in_as
from tests.conftest import PROJECT_DIR

EXAMPLE = PROJECT_DIR / "data" / "examples" / "incidents-example.csv"
OPENCTI = PROJECT_DIR / "tests" / "fixtures" / "stix" / "opencti_bundle.json"
ADMIN = Principal("admin", Role.ADMIN)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_analyst_sees_the_upload_and_the_template_but_not_the_history(
    app: AppTest, lang: str
) -> None:
    t = translator(lang)
    open_page(app, "import", lang=lang)
    assert t("imports.title") in [title.value for title in app.title]
    assert [info.value for info in app.info] == [t("imports.empty")]
    assert t("imports.history") not in [header.value for header in app.subheader]


def test_an_admin_sees_who_imported_which_file_with_its_hash_and_counts(
    app: AppTest, demo_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = tmp_path / "rrm.duckdb"
    shutil.copyfile(live_snapshot(demo_warehouse), published)
    monkeypatch.setenv("RRM_WAREHOUSE", str(published))
    data = EXAMPLE.read_bytes()
    result = import_files(published, [ImportFile(EXAMPLE.name, data)], principal=demo_principal())
    assert result.written
    sign_in_as(monkeypatch, ADMIN)
    open_page(app, "import", lang="en")
    history = app.dataframe[0].value
    t = translator("en")
    assert history[t("imports.column.file_name")].to_list() == [EXAMPLE.name]
    assert history[t("imports.column.username")].to_list() == [demo_principal().username]
    assert history[t("imports.column.added")].to_list() == [5]
    assert result.reports[0].batch.sha256.startswith(history[t("imports.column.file_sha256")][0])


def test_a_french_viewer_reads_the_problems_notes_and_skipped_rows_of_a_check_in_french(
    app: AppTest, demo_warehouse: Path
) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",assessed,", ",shred,")
    files = [
        ImportFile("partly-bad.csv", "\n".join(lines).encode()),
        ImportFile(OPENCTI.name, OPENCTI.read_bytes()),
    ]
    result = import_files(
        demo_warehouse, files, principal=demo_principal(), dry_run=True, skip_invalid=True
    )
    notes = [note.render("fr") for report in result.reports for note in report.batch.notes]
    assert notes and not result.rejected
    app.session_state["import_done"] = result
    open_page(app, "import", lang="fr")
    t = translator("fr")
    problems = app.dataframe[0].value
    assert problems[t("imports.problem.where")].to_list() == ["ligne 3"]
    assert problems[t("imports.problem.value")].to_list() == ["shred"]
    (expected,) = problems[t("imports.problem.expected")].to_list()
    assert expected.startswith("un code du vocabulaire incident_status : l'une des valeurs ")
    assert set(notes) <= {info.value for info in app.info}
    assert any(f"ligne 3 : {t('imports.invalid')}" in text.value for text in app.text)


@pytest.mark.parametrize(
    "principal",
    [
        Principal("ca-focal", Role.FOCAL_POINT, "CA"),
        Principal("au-observer", Role.OBSERVER, "AU"),
        Principal("ca-taskforce", Role.TASKFORCE, "CA"),
        Principal("leadership", Role.LEADERSHIP),
    ],
    ids=lambda principal: principal.role.value,
)
def test_other_roles_never_see_the_import_page(
    demo_warehouse: Path, principal: Principal, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert not allowed(principal.role, "import")
    # The menu leaves the page out; opening the page file itself, as a crafted link would,
    # is refused by the page before it draws anything.
    monkeypatch.setenv("RRM_WAREHOUSE", str(demo_warehouse))
    isolate_side_files(monkeypatch, tmp_path)
    sign_in_as(monkeypatch, principal)
    at = AppTest.from_file(str(PROJECT_DIR / "views" / "import.py"), default_timeout=60).run()
    assert not at.exception
    assert [error.value for error in at.error] == [translator("en")("auth.not_allowed")]
    assert not at.get("file_uploader") and not at.get("download_button") and not at.dataframe
