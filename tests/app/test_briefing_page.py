"""The Briefing page: the same briefing as the PDF, in the reader's language, capped at
TLP:GREEN unless the reader lifts it, and the PDF downloaded (audited) from it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from rrm_dash.access import Principal, Role
from rrm_dash.audit import AuditWriter, writer
from rrm_dash.audit.store import read
from rrm_dash.i18n import LANGUAGES, translator
from tests.app.conftest import open_page, sign_in_as
from tests.canary import VIEWERS


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], Any]]:
    """The files the page registered to build on click, by file name."""
    makers: dict[str, Callable[[], Any]] = {}
    register = MediaFileManager.add_deferred

    def capture(self: MediaFileManager, make: Any, *args: Any, **kwargs: Any) -> str:
        if kwargs.get("file_name"):
            makers[str(kwargs["file_name"])] = make
        return register(self, make, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture)
    return makers


@pytest.fixture
def audit_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "audit" / "audit.sqlite"
    monkeypatch.setenv("RRM_AUDIT_DB", str(db))
    monkeypatch.setitem(writer._writers, db, AuditWriter(db, interval_s=3600))
    yield db
    writer.reset()


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in pages))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_briefing_shows_figures_developments_charts_and_the_marking(
    app: AppTest, lang: str
) -> None:
    t = translator(lang)
    at = open_page(app, "briefing", lang=lang)
    assert at.title[0].value == t("briefing.title")
    assert {metric.label for metric in at.metric} == {
        t(f"briefing.figure.{key}")
        for key in ("incidents", "members_targeted", "actors_seen", "gender_or_vulnerable")
    }
    assert {h.value for h in at.subheader} >= {
        t("briefing.section.developments"),
        t("briefing.section.elections"),
    }
    assert at.selectbox(key="briefing_ceiling").value == "GREEN"
    text = page_text(at)
    assert "TLP\\:GREEN" in text or "TLP\\:CLEAR" in text
    assert re.search(r"^1\. \*\*", text, re.MULTILINE), "the developments are listed"
    assert not at.image and len(at.get("plotly_chart")) == 2
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == [t("briefing.download")]


def test_the_pdf_is_the_briefing_on_the_page_and_its_download_is_audited(
    app: AppTest, deferred: dict[str, Callable[[], Any]], audit_db: Path
) -> None:
    at = open_page(app, "briefing", lang="fr")
    names = [name for name in deferred if name.startswith("rrm-briefing-fr-")]
    assert len(names) == 1
    data = deferred[names[0]]()
    assert isinstance(data, bytes) and data.startswith(b"%PDF")
    document = pdf_text(data)
    developments = [m.value for m in at.markdown if re.match(r"^\d\. \*\*", m.value)]
    assert developments
    for line in developments:
        sentence = line.split("— ", 1)[1].split(" [")[0]
        assert re.sub(r"\s+", " ", sentence)[:40] in document
    for metric in at.metric:
        assert re.sub(r"\s+", " ", metric.value) in document
    writer.flush(audit_db)
    logged = read(audit_db, action="download", username="demo-analyst")
    assert logged["object_type"].to_list() == ["briefing_pdf"]
    assert logged["object_id"].to_list() == names


def test_lifting_the_ceiling_raises_the_marking_as_far_as_the_reader_may_see(
    app: AppTest,
) -> None:
    at = open_page(app, "briefing")
    at.selectbox(key="briefing_ceiling").set_value("AMBER").run()
    assert not at.exception
    assert "TLP\\:AMBER" in page_text(at)


@pytest.mark.parametrize("viewer", ["leadership", "ca_focal", "au_observer", "ca_taskforce"])
def test_every_role_may_open_it_and_leadership_cannot_lift_it_above_green(
    app: AppTest, monkeypatch: pytest.MonkeyPatch, viewer: str
) -> None:
    principal: Principal = VIEWERS[viewer]
    sign_in_as(monkeypatch, principal)
    at = open_page(app, "briefing")
    options = at.selectbox(key="briefing_ceiling").options
    if principal.role is Role.LEADERSHIP:
        assert options == ["TLP:CLEAR", "TLP:GREEN"]
    else:
        assert "TLP:RED" in options
    links = [m.value for m in at.markdown if "incidents?" in m.value]
    if principal.role is Role.LEADERSHIP:
        assert links == [], "leadership may not open the incident explorer"
