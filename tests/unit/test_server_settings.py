"""The shipped Streamlit settings keep the app offline and close to the machine."""

from __future__ import annotations

import tomllib

from rrm_dash import PROJECT_DIR

SETTINGS = tomllib.loads((PROJECT_DIR / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_no_usage_statistics_leave_the_machine() -> None:
    assert SETTINGS["browser"]["gatherUsageStats"] is False


def test_the_server_listens_on_this_machine_only_and_headless() -> None:
    assert SETTINGS["server"]["address"] == "127.0.0.1"
    assert SETTINGS["server"]["headless"] is True


def test_error_details_are_never_shown_to_users() -> None:
    assert SETTINGS["client"]["showErrorDetails"] == "none"


def test_xsrf_protection_stays_on_uploads_are_capped_and_hosts_are_listed() -> None:
    server = SETTINGS["server"]
    assert server["enableXsrfProtection"] is True
    assert 0 < server["maxUploadSize"] <= 200
    assert set(server["allowedHosts"]) == {"127.0.0.1", "localhost"}


def test_static_files_are_served_for_offline_map_shapes() -> None:
    assert SETTINGS["server"]["enableStaticServing"] is True


def test_a_page_run_does_not_end_with_a_full_garbage_collection() -> None:
    # Streamlit's default; on a busy server it took over half a core (docs/benchmarks.md).
    assert SETTINGS["runner"]["postScriptGC"] is False
