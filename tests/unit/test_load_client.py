"""The concurrency benchmark's browser stand-in and the nginx deployment, without a server."""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element

from rrm_dash.bench import server
from rrm_dash.bench.load import (
    MAX_SESSIONS,
    SoakResult,
    browser_path,
    measure_concurrency,
    percentile,
    think_pause,
)
from rrm_dash.bench.streamlit_client import (
    CookieJar,
    PageRun,
    element_texts,
    origin,
    rerun_message,
    stream_url,
)
from rrm_dash.bench.widget_states import widget_state
from rrm_dash.deploy import cluster, nginx
from rrm_dash.deploy.cluster import running_cluster
from rrm_dash.deploy.nginx import DeployError, main_config, render, site_config

# -- percentiles and pauses ---------------------------------------------------------------


def test_percentiles_interpolate_between_ranks_like_numpy() -> None:
    values = [40.0, 10.0, 30.0, 20.0]  # unsorted on purpose
    assert percentile(values, 50) == 25.0
    assert percentile(values, 95) == pytest.approx(38.5)
    assert percentile(values, 0) == 10.0
    assert percentile(values, 100) == 40.0
    assert percentile([7.0], 95) == 7.0


def test_percentile_of_nothing_is_not_a_number_and_bad_ranks_are_refused() -> None:
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1.0], 101)


def test_reader_pauses_vary_around_the_think_time() -> None:
    rng = random.Random(1)
    pauses = [think_pause(rng, 8.0) for _ in range(200)]
    assert all(4.0 <= pause <= 12.0 for pause in pauses)
    assert max(pauses) - min(pauses) > 4.0  # jittered, not constant
    assert think_pause(rng, 0.0) == 0.0


def test_the_analysts_landing_view_is_asked_for_at_the_empty_path() -> None:
    assert browser_path("overview") == ""
    assert browser_path("incidents") == "incidents"


@pytest.mark.parametrize(
    ("sessions", "duration", "pages", "message"),
    [
        (0, 10.0, ["overview"], "sessions"),
        (MAX_SESSIONS + 1, 10.0, ["overview"], "sessions"),
        (1, 0.0, ["overview"], "duration_s"),
        (1, 10.0, [], "page"),
    ],
)
def test_a_load_run_outside_its_bounds_is_refused_before_connecting(
    sessions: int, duration: float, pages: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        measure_concurrency(
            "http://127.0.0.1:9",
            cookie_header="",
            sessions=sessions,
            duration_s=duration,
            think_s=0.0,
            pages=pages,
        )


def test_soak_growth_compares_the_last_quarter_with_the_first() -> None:
    flat = SoakResult(
        samples=tuple((float(i), 100 + (i % 2)) for i in range(12)),
        sessions_opened=4,
        runs=12,
        errors=0,
        p50_ms=1.0,
        p95_ms=2.0,
    )
    assert abs(flat.growth_bytes()) <= 1
    growing = SoakResult(
        samples=tuple((float(i), 100 + 10 * i) for i in range(12)),
        sessions_opened=4,
        runs=12,
        errors=0,
        p50_ms=1.0,
        p95_ms=2.0,
    )
    assert growing.growth_bytes() == 90.0
    assert growing.summary()["rss_max_bytes"] == 210.0


def test_soak_growth_leaves_out_the_climb_while_closed_sessions_are_kept() -> None:
    # memory climbs for the first 150 s (closed tabs kept for two minutes), then stays flat
    samples = tuple((10.0 * i, 100 + min(i, 15) * 4) for i in range(60))
    plateau = SoakResult(samples, sessions_opened=40, runs=120, errors=0, p50_ms=1.0, p95_ms=2.0)
    assert plateau.growth_bytes() == 0.0
    assert plateau.growth_bytes(settle_s=0.0) > 0


# -- the protocol -------------------------------------------------------------------------


def test_the_stream_address_follows_the_page_address() -> None:
    assert stream_url("http://127.0.0.1:8080") == "ws://127.0.0.1:8080/_stcore/stream"
    assert stream_url("https://rrm.example/dash/") == "wss://rrm.example/dash/_stcore/stream"
    assert origin("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    with pytest.raises(ValueError, match="http"):
        stream_url("ftp://127.0.0.1")


def test_a_rerun_request_names_the_page_and_carries_the_widget_values() -> None:
    date_widget = Element()
    date_widget.date_input.id = "$$ID-dates"
    date_widget.date_input.default.extend(["2026/01/01", "2026/03/31"])
    state = widget_state(date_widget)
    assert state is not None

    raw = rerun_message(
        "incidents", base_url="http://127.0.0.1:8080", query_string="lang=fr", widgets=[state]
    )

    message = BackMsg.FromString(raw)
    assert message.WhichOneof("type") == "rerun_script"
    client = message.rerun_script
    assert client.page_name == "incidents"
    assert client.query_string == "lang=fr"
    assert client.context_info.url == "http://127.0.0.1:8080/incidents?lang=fr"
    assert [w.id for w in client.widget_states.widgets] == ["$$ID-dates"]
    assert list(client.widget_states.widgets[0].string_array_value.data) == [
        "2026/01/01",
        "2026/03/31",
    ]


def test_widgets_report_the_value_the_app_set_rather_than_their_default() -> None:
    element = Element()
    element.date_input.id = "$$ID-dates"
    element.date_input.default.extend(["2026/11/22"])
    element.date_input.value.extend(["2026/08/24", "2026/11/22"])
    element.date_input.set_value = True
    state = widget_state(element)
    assert state is not None
    assert list(state.string_array_value.data) == ["2026/08/24", "2026/11/22"]


def test_choice_widgets_report_the_shown_option_label() -> None:
    select = Element()
    select.selectbox.id = "$$ID-sort"
    select.selectbox.options.extend(["Detection date", "Title"])
    select.selectbox.default = 1
    state = widget_state(select)
    assert state is not None and state.string_value == "Title"

    many = Element()
    many.multiselect.id = "$$ID-members"
    many.multiselect.options.extend(["Canada", "France", "Japan"])
    many.multiselect.default.extend([0, 2])
    state = widget_state(many)
    assert state is not None and list(state.string_array_value.data) == ["Canada", "Japan"]

    toggle = Element()
    toggle.checkbox.id = "$$ID-meeting"
    toggle.checkbox.default = True
    state = widget_state(toggle)
    assert state is not None and state.bool_value is True


def test_buttons_empty_choices_and_plain_elements_report_nothing() -> None:
    button = Element()
    button.button.id = "$$ID-sign-out"
    assert widget_state(button) is None
    unchosen = Element()
    unchosen.selectbox.id = "$$ID-election"
    unchosen.selectbox.options.extend(["a", "b"])  # no default: nothing chosen yet
    assert widget_state(unchosen) is None
    text = Element()
    text.text_input.id = "$$ID-search"  # no default: an empty box sends no value
    assert widget_state(text) is None
    words = Element()
    words.markdown.body = "Overview"
    assert widget_state(words) is None


def test_element_texts_find_labels_and_bodies_inside_elements() -> None:
    element = Element()
    element.text_input.id = "$$ID-user"
    element.text_input.label = "User name"
    assert "User name" in element_texts(element)
    heading = Element()
    heading.heading.body = "Overview"
    assert element_texts(heading) == ["Overview"]


def test_a_run_with_an_error_element_or_a_missing_page_counts_as_failed() -> None:
    fine = PageRun("map", 0.1, 100, 5, "ok", 0)
    assert not fine.failed
    assert PageRun("map", 0.1, 100, 5, "ok", 1).failed
    assert PageRun("nope", 0.1, 100, 5, "page_not_found", 0).failed


# -- cookies ------------------------------------------------------------------------------


def test_the_cookie_jar_keeps_the_sign_in_cookie_and_adds_the_route_cookie() -> None:
    jar = CookieJar("rrm_dash_session=abc.def; theme=light")
    jar.absorb(["rrm_route=3f2a; Path=/; HttpOnly; SameSite=Strict"])
    assert jar.get("rrm_route") == "3f2a"
    assert jar.header() == "rrm_dash_session=abc.def; theme=light; rrm_route=3f2a"


def test_a_cookie_set_to_expire_leaves_the_jar_and_garbage_is_ignored() -> None:
    jar = CookieJar("rrm_dash_session=abc")
    jar.absorb(["rrm_dash_session=; Max-Age=0; Path=/", "not a cookie ;;; ==="])
    assert jar.get("rrm_dash_session") is None
    assert CookieJar().header() == ""


def test_the_benchmark_cookie_is_the_one_the_app_reads() -> None:
    from rrm_dash.ui import sign_in

    assert server.COOKIE_NAME == sign_in.COOKIE_NAME
    assert server.SESSION_LENGTH == sign_in.SESSION_LENGTH


# -- nginx --------------------------------------------------------------------------------


def test_the_site_config_hashes_the_route_cookie_over_every_app_process() -> None:
    text = site_config(
        listen="127.0.0.1:8080",
        upstreams=["127.0.0.1:8501", "127.0.0.1:8502"],
        access_log="/var/log/nginx/rrm-dash.access.log",
    )
    assert "listen 127.0.0.1:8080;" in text
    assert "    server 127.0.0.1:8501;\n    server 127.0.0.1:8502;" in text
    assert "hash $rrm_route consistent;" in text
    assert f"map $cookie_{nginx.ROUTE_COOKIE} $rrm_route" in text
    assert f'"{nginx.ROUTE_COOKIE}=$rrm_route; Path=/; HttpOnly; SameSite=Strict"' in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "{{" not in text and "}}" not in text


def test_the_foreground_config_keeps_every_file_nginx_writes_in_its_folder(
    tmp_path: Path,
) -> None:
    text = main_config(tmp_path, tmp_path / "rrm-dash.conf")
    assert "daemon off;" in text
    for written in ("nginx.pid", "error.log", "client_body", "proxy"):
        assert f'"{tmp_path}/{written}"' in text
    assert f'include "{tmp_path}/rrm-dash.conf";' in text
    assert "{{" not in text


def test_rendering_refuses_missing_or_unknown_values_and_quotes() -> None:
    with pytest.raises(ValueError, match="placeholders"):
        render("listen {{listen}};", {})
    with pytest.raises(ValueError, match="placeholders"):
        render("listen {{listen}};", {"listen": "80", "extra": "x"})
    with pytest.raises(ValueError, match="double quote"):
        render('log "{{path}}";', {"path": 'a"b'})
    with pytest.raises(ValueError, match="at least one"):
        site_config(listen="80", upstreams=[], access_log="/tmp/a.log")


def test_without_nginx_the_error_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(nginx.shutil, "which", lambda name: None)
    monkeypatch.setattr(nginx, "DEBIAN_NGINX", tmp_path / "no-nginx")
    with pytest.raises(DeployError, match="apt-get install nginx"):
        nginx.find_nginx()


def test_several_processes_without_nginx_are_refused_before_anything_starts(
    tmp_path: Path,
) -> None:
    with (
        pytest.raises(ValueError, match="need nginx"),
        running_cluster(tmp_path, env={}, port=8080, processes=2, nginx=False),
    ):
        pass
    assert not any(tmp_path.iterdir())


def test_the_cluster_command_prints_the_site_config_for_its_ports(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = argparse.ArgumentParser()
    cluster.add_cluster_parser(parser.add_subparsers())
    args = parser.parse_args(["cluster", "--processes", "3", "--port", "9000", "--print-nginx"])
    assert cluster.command_cluster(args) == 0
    printed = capsys.readouterr().out
    assert "listen 127.0.0.1:9000;" in printed
    for port in (9001, 9002, 9003):
        assert f"server 127.0.0.1:{port};" in printed
    assert cluster.PRODUCTION_ACCESS_LOG in printed


def test_the_cluster_command_refuses_nginx_and_an_app_on_one_port(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = argparse.ArgumentParser()
    cluster.add_cluster_parser(parser.add_subparsers())
    args = parser.parse_args(
        ["cluster", "--port", "9000", "--first-app-port", "8999", "--processes", "2"]
    )
    assert cluster.command_cluster(args) == 1
    assert "9000" in capsys.readouterr().err
