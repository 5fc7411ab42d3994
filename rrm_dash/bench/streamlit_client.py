"""A browser stand-in for benchmarks and tests: one Streamlit session over its websocket.

It speaks the protocol Streamlit's own front end speaks: a `rerun_script` BackMsg naming the
page (its url path), then ForwardMsgs until `script_finished`. Cookies travel on the websocket
handshake as a browser sends them, so sign-in goes through the app's real cookie check, and a
load balancer's route cookie (set on the first page load) keeps the session on one upstream.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin, Subprotocol

from rrm_dash.bench.widget_states import widget_state

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = "streamlit"
#: Largest single ForwardMsg accepted (a page must never send one this big anyway).
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
CONNECT_TIMEOUT_S = 30.0
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_END_OF_RUN = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "ok",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile_error",
}


class PageRunError(Exception):
    """A page run that did not finish as a browser would expect."""


def stream_url(base_url: str) -> str:
    """The websocket address of the app served at `base_url` (http → ws, https → wss)."""
    parts = urlsplit(base_url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme)
    if scheme is None or not parts.netloc:
        raise ValueError(f"expected an http:// or https:// address, got {base_url!r}")
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}{STREAM_PATH}"


def origin(base_url: str) -> str:
    """The Origin header a browser sends for pages of `base_url`."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


def rerun_message(
    page: str,
    *,
    base_url: str,
    query_string: str = "",
    widgets: Iterable[WidgetState] = (),
) -> bytes:
    """The BackMsg a browser sends to run `page` (a url path: "incidents"; "" is the default
    page) with the widget values it shows (`widgets`)."""
    message = BackMsg()
    state = message.rerun_script
    state.page_name = page
    state.query_string = query_string
    state.widget_states.SetInParent()
    state.widget_states.widgets.extend(widgets)
    context = state.context_info
    context.timezone = "UTC"
    context.timezone_offset = 0
    context.locale = "en-GB"
    context.url = f"{base_url.rstrip('/')}/{page}" + (f"?{query_string}" if query_string else "")
    context.is_embedded = False
    context.color_scheme = "light"
    return bytes(message.SerializeToString())


class CookieJar:
    """The cookies one browser holds for one site (name → value; paths and expiry ignored)."""

    def __init__(self, header: str = "") -> None:
        self._values: dict[str, str] = {}
        for pair in header.split(";"):
            name, equals, value = pair.strip().partition("=")
            if name and equals:
                self._values[name] = value

    def absorb(self, set_cookie_headers: Iterable[str]) -> None:
        """Take in Set-Cookie headers of a response (a cookie set to expire is dropped)."""
        for header in set_cookie_headers:
            parsed: SimpleCookie = SimpleCookie()
            try:
                parsed.load(header)
            except CookieError:
                continue
            for name, morsel in parsed.items():
                if morsel["max-age"] in {"0", "-1"}:
                    self._values.pop(name, None)
                else:
                    self._values[name] = morsel.value

    def get(self, name: str) -> str | None:
        return self._values.get(name)

    def header(self) -> str:
        """The Cookie request header for these cookies ("" when there are none)."""
        return "; ".join(f"{name}={value}" for name, value in self._values.items())


@dataclass(frozen=True)
class PageRun:
    """One page run as the browser saw it."""

    page: str
    seconds: float
    """From sending the rerun request to receiving script_finished."""
    bytes_received: int
    """Payload bytes of every ForwardMsg of the run (uncompressed)."""
    messages: int
    status: str
    """"ok", "compile_error", or "page_not_found" when the app fell back to another page."""
    exceptions: int
    """Exception elements the page showed (an uncaught error in a view)."""
    texts: tuple[str, ...] = ()
    """Every string in the run's elements, when asked for (tests look for known labels)."""

    @property
    def failed(self) -> bool:
        return self.status != "ok" or self.exceptions > 0


def element_texts(message: Any) -> list[str]:
    """Every non-empty string field anywhere inside the protobuf `message` (labels, markdown,
    captions...)."""
    found: list[str] = []
    for field, value in message.ListFields():
        items: list[Any] = list(value) if _repeated(field) else [value]
        for item in items:
            if hasattr(item, "ListFields"):
                found.extend(element_texts(item))
            elif isinstance(item, str) and item:
                found.append(item)
    return found


def _repeated(field: Any) -> bool:
    # FieldDescriptor.label is deprecated in newer protobuf; is_repeated replaces it.
    repeated = getattr(field, "is_repeated", None)
    if repeated is not None:
        return bool(repeated)
    return bool(field.label == field.LABEL_REPEATED)


def _fetch_cookies(url: str, jar: CookieJar, timeout_s: float) -> None:
    request = urllib.request.Request(url, headers={"Cookie": jar.header()} if jar.header() else {})
    with _DIRECT.open(request, timeout=timeout_s) as response:
        response.read()
        jar.absorb(response.headers.get_all("Set-Cookie") or [])


class StreamlitSession:
    """One browser tab: a websocket session with the app, opened with `open`, closed with `close`.

    Like a browser it remembers what the last run showed: the page, the query string the app
    set, and every widget's value, and sends them back with the next rerun.
    """

    def __init__(self, base_url: str, connection: ClientConnection, jar: CookieJar) -> None:
        self.base_url = base_url
        self.cookies = jar
        self._connection = connection
        self.page: str | None = None
        self.query_string = ""
        self.widgets: dict[str, WidgetState] = {}

    @classmethod
    async def open(
        cls, base_url: str, *, cookies: CookieJar, timeout_s: float = CONNECT_TIMEOUT_S
    ) -> StreamlitSession:
        """Load the page as a browser does (which sets any route cookie), then open the
        session's websocket with the jar's cookies."""
        base_url = base_url.rstrip("/")
        await asyncio.to_thread(_fetch_cookies, f"{base_url}/", cookies, timeout_s)
        headers = {"Cookie": cookies.header()} if cookies.header() else {}
        connection = await connect(
            stream_url(base_url),
            origin=Origin(origin(base_url)),
            subprotocols=[Subprotocol(SUBPROTOCOL)],
            additional_headers=headers,
            proxy=None,
            open_timeout=timeout_s,
            max_size=MAX_MESSAGE_BYTES,
            max_queue=None,
            ping_interval=None,
        )
        if connection.response is not None:
            cookies.absorb(connection.response.headers.get_all("Set-Cookie"))
        return cls(base_url, connection, cookies)

    async def run(
        self,
        page: str,
        *,
        query_string: str | None = None,
        timeout_s: float = 60.0,
        collect_text: bool = False,
    ) -> PageRun:
        """Run `page` (a url path; "" is the default page) and wait for the run to finish;
        PageRunError if it does not within `timeout_s` or the connection closes.

        Without `query_string`, a rerun of the same page keeps the query string the app last
        set, and another page starts without one, as in a browser's address bar.
        """
        if query_string is None:
            query_string = self.query_string if page == self.page else ""
        started = time.perf_counter()
        await self._connection.send(
            rerun_message(
                page,
                base_url=self.base_url,
                query_string=query_string,
                widgets=self.widgets.values(),
            )
        )
        received = messages = exceptions = 0
        status = ""
        texts: list[str] = []
        widgets: dict[str, WidgetState] = {}
        try:
            async with asyncio.timeout(timeout_s):
                while True:
                    frame = await self._connection.recv(decode=False)
                    received += len(frame)
                    messages += 1
                    message = ForwardMsg.FromString(frame)
                    kind = message.WhichOneof("type")
                    if kind == "new_session":  # a script run starts (again, after st.rerun)
                        widgets = {}
                    elif kind == "delta" and message.delta.HasField("new_element"):
                        element = message.delta.new_element
                        if element.HasField("exception"):
                            exceptions += 1
                        state = widget_state(element)
                        if state is not None:
                            widgets[state.id] = state
                        if collect_text:
                            texts.extend(element_texts(element))
                    elif kind == "page_info_changed":
                        query_string = message.page_info_changed.query_string
                    elif kind == "page_not_found":
                        status = "page_not_found"
                    elif kind == "script_finished":
                        finished = _END_OF_RUN.get(message.script_finished)
                        if finished is not None:  # otherwise a fragment or an early rerun
                            status = status or finished
                            break
        except TimeoutError:
            raise PageRunError(f"page {page!r} did not finish within {timeout_s:.0f} s") from None
        except Exception as error:  # the connection closed or sent something unreadable
            raise PageRunError(f"page {page!r}: {type(error).__name__}: {error}") from error
        seconds = time.perf_counter() - started
        self.page, self.query_string, self.widgets = page, query_string, widgets
        return PageRun(
            page=page,
            seconds=seconds,
            bytes_received=received,
            messages=messages,
            status=status,
            exceptions=exceptions,
            texts=tuple(texts),
        )

    async def close(self) -> None:
        await self._connection.close()
