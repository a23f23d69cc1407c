"""A small asyncio HTTP/1.1 client for the load driver's form posts.

Keep-alive connections (reopened when the server closes them, as
gunicorn's sync workers do after each response), ``Content-Length`` and
chunked bodies, and a parser that reads one form's fields from a page.
Only what the benchmark needs: loopback, no TLS, no redirects followed.
"""
from __future__ import annotations

import asyncio
import dataclasses
import html.parser
import urllib.parse


class ProtocolError(Exception):
    """The server's answer was not HTTP/1.1 as this client reads it."""


@dataclasses.dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]   # lower-case names; ":version" is the status line's
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return None

    @property
    def keep_alive(self) -> bool:
        """Whether the server keeps the connection open (HTTP/1.1 unless it says ``close``)."""
        connection = (self.header("connection") or "").lower()
        if self.header(":version") == "HTTP/1.0":
            return connection == "keep-alive"
        return connection != "close"

    def cookies(self) -> dict[str, str]:
        """``name=value`` of every ``Set-Cookie`` (attributes dropped)."""
        jar = {}
        for key, value in self.headers:
            if key == "set-cookie":
                pair = value.split(";", 1)[0]
                name, _, content = pair.partition("=")
                jar[name.strip()] = content.strip()
        return jar

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Connection:
    """One client connection to ``host:port``, reopened as needed."""

    def __init__(self, host: str, port: int):
        self.host = host
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, headers: dict[str, str] | None = None,
                      body: bytes = b"") -> Response:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self._writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        try:
            await self._writer.drain()
            response = await self._read_response()
        except BaseException:
            await self.close()
            raise
        if not response.keep_alive:
            await self.close()
        return response

    async def _read_response(self) -> Response:
        reader = self._reader
        status_line = await reader.readline()
        if not status_line:
            raise ProtocolError("connection closed before a response")
        parts = status_line.decode("latin-1").split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
            raise ProtocolError(f"bad status line {status_line!r}")
        status = int(parts[1])
        headers = [(":version", parts[0])]
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers.append((name.strip().lower(), value.strip()))
        response = Response(status, headers, b"")
        if (response.header("transfer-encoding") or "").lower() == "chunked":
            response.body = await self._read_chunked()
        elif response.header("content-length") is not None:
            response.body = await reader.readexactly(int(response.header("content-length")))
        elif status not in (204, 304):
            response.body = await reader.read()
            response.headers.append(("connection", "close"))
        return response

    async def _read_chunked(self) -> bytes:
        chunks = []
        while True:
            size = int((await self._reader.readline()).split(b";", 1)[0], 16)
            if size == 0:
                while (await self._reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(await self._reader.readexactly(size))
            await self._reader.readexactly(2)

    async def close(self) -> None:
        if self._writer is not None:
            writer, self._writer, self._reader = self._writer, None, None
            writer.close()
            try:
                await writer.wait_closed()
            except OSError:
                pass


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def urlencode(fields: list[tuple[str, str]]) -> bytes:
    return urllib.parse.urlencode(fields).encode()


@dataclasses.dataclass
class FormField:
    name: str
    kind: str          # input type, "select" or "textarea"
    value: str = ""
    options: list[str] = dataclasses.field(default_factory=list)
    checked: bool = False


@dataclasses.dataclass
class ParsedForm:
    id: str
    action: str
    fields: list[FormField]

    def field(self, name: str) -> FormField | None:
        return next((f for f in self.fields if f.name == name), None)


class _FormParser(html.parser.HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.form: ParsedForm | None = None
        self._inside = False
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form" and attrs.get("id") == self.form_id:
            self.form = ParsedForm(self.form_id, attrs.get("action", ""), [])
            self._inside = True
        if not self._inside or self.form is None:
            return
        if tag == "input" and attrs.get("name"):
            self.form.fields.append(FormField(attrs["name"], attrs.get("type", "text").lower(), attrs.get("value", ""),
                                              checked="checked" in attrs))
        elif tag == "select" and attrs.get("name"):
            self._select = FormField(attrs["name"], "select")
            self.form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select.value = attrs.get("value", "")
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = FormField(attrs["name"], "textarea")
            self.form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form" and self._inside:
            self._inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse_form(page: str, form_id: str) -> ParsedForm | None:
    """The form with ``id`` ``form_id`` on ``page``, or None."""
    parser = _FormParser(form_id)
    parser.feed(page)
    parser.close()
    return parser.form
