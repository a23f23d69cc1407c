"""WebTest through the load balancer: real forms, real cookies, over HTTPS to haproxy.

``webtest.TestApp`` parses forms, fills and submits them, keeps cookies
and follows redirects; here its "application" is a small WSGI app that
sends each request over the network to haproxy and hands back the answer,
so a test walks the portal as a browser would, every request through the
balancer, and sees which host served it (haproxy's ``X-Served-By``).
"""
from __future__ import annotations

import http.client
import ssl
import time
import urllib.parse
from dataclasses import dataclass, field

import webtest

#: Headers that describe one HTTP hop, not the answer WebTest should see.
HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}


@dataclass
class Exchange:
    """One request through the balancer: what was asked, who served it, how it ended."""

    method: str
    path: str
    status: int | None
    served_by: str | None
    started: float
    ended: float
    error: str = ""


@dataclass
class ThroughBalancer:
    """A WSGI application that forwards every request to haproxy over HTTPS."""

    port: int
    cafile: str
    timeout: float = 30
    exchanges: list[Exchange] = field(default_factory=list)

    def __post_init__(self):
        self.context = ssl.create_default_context(cafile=self.cafile)

    def __call__(self, environ, start_response):
        path = urllib.parse.quote(environ.get("PATH_INFO", "/"))
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        headers = {key[5:].replace("_", "-").title(): value for key, value in environ.items()
                   if key.startswith("HTTP_") and key not in ("HTTP_HOST", "HTTP_CONNECTION")}
        for key, name in (("CONTENT_TYPE", "Content-Type"), ("CONTENT_LENGTH", "Content-Length")):
            if environ.get(key):
                headers[name] = environ[key]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else None
        started = time.monotonic()
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=self.timeout, context=self.context)
        try:
            connection.request(environ["REQUEST_METHOD"], path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.exchanges.append(Exchange(environ["REQUEST_METHOD"], path, None, None, started,
                                           time.monotonic(), error=repr(exc)))
            raise
        finally:
            connection.close()
        self.exchanges.append(Exchange(environ["REQUEST_METHOD"], path, response.status,
                                       response.getheader("X-Served-By"), started, time.monotonic()))
        start_response(f"{response.status} {response.reason}",
                       [(name, value) for name, value in response.getheaders() if name.lower() not in HOP_HEADERS])
        return [data]


def client(port: int, cafile: str) -> webtest.TestApp:
    """A browser-like client of the portal at ``https://127.0.0.1:port``; ``.app.exchanges`` lists its requests."""
    return webtest.TestApp(ThroughBalancer(port, str(cafile)), lint=False,
                           extra_environ={"HTTP_HOST": f"127.0.0.1:{port}", "wsgi.url_scheme": "https",
                                          "SERVER_PORT": str(port)})


def served_by(testapp: webtest.TestApp) -> str | None:
    """The host that served ``testapp``'s last request."""
    return testapp.app.exchanges[-1].served_by
