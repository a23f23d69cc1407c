"""Requests WebTest cannot send, sent to a real server (waitress) over a socket.

Raw bytes in the request line, and a ``Location`` the server itself must
be able to write: these failed in the server, after the portal's code,
as a bare 500 without the layout.
"""
from __future__ import annotations

import http.client
import re
import socket
import urllib.parse

import pytest

from .attack_tools import ALL_PLUGINS, CUSTOMER

pytestmark = pytest.mark.cc_plugins(*ALL_PLUGINS)


def raw_get(server, target: bytes, cookie: str = "") -> tuple[int, dict, str]:
    """Send ``GET target`` exactly as given, bytes and all; return status, headers and body."""
    lines = [b"GET " + target + b" HTTP/1.1", b"Host: 127.0.0.1", b"Connection: close"]
    if cookie:
        lines.append(b"Cookie: " + cookie.encode())
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return int(status_line.split()[1]), headers, body.decode("utf-8", "replace")


def log_in(server, email: str) -> str:
    """Log in through the real form; the session cookie to send from then on."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    fields = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page))
    body = urllib.parse.urlencode({**fields, "email": email, "password": "demo-password"})
    conn.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded",
                                          "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    assert response.status == 303, response.status
    # A login sets the session and the known-device cookie: the session is the one to send.
    cookies = [header.split(";", 1)[0] for header in response.headers.get_all("Set-Cookie")]
    conn.close()
    return next(cookie for cookie in cookies if cookie.startswith("cc_session="))


@pytest.fixture(scope="module")
def session_cookie(live_server):
    return log_in(live_server, CUSTOMER)


TARGETS = [b"/%ff", b"/requests/%ff", b"/requests/%c3%28", b"/requests?q=%ff", b"/faq/search?q=%00",
           b"/desk/customers?cursor=%ff", b"/x%01y", b"/login?came_from=%ff"]
#: Bytes no URI may hold: the server itself refuses them, before the portal.
RAW_TARGETS = [b"/\xff", b"/requests/\xc3\x28", b"/requests?q=\xff", b"/x\x01y", b"/login?came_from=/\xe3\x80\x82"]


def _ids(targets):
    return [repr(t)[2:-1] for t in targets]


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "customer"])
@pytest.mark.parametrize("target", TARGETS, ids=_ids(TARGETS))
def test_unreadable_addresses_get_the_layouts_400_page(live_server, session_cookie, target, logged_in):
    status, headers, body = raw_get(live_server, target, session_cookie if logged_in else "")
    assert status == 400, (target, status, body[:200])
    assert 'id="main"' in body and "Content-Security-Policy" in headers


@pytest.mark.parametrize("target", RAW_TARGETS, ids=_ids(RAW_TARGETS))
def test_raw_bytes_in_the_request_line_are_refused_never_failed(live_server, session_cookie, target):
    status, _headers, body = raw_get(live_server, target, session_cookie)
    assert status == 400, (target, status, body[:200])


@pytest.mark.parametrize("came_from", [b"/%E3%80%82evil.example", b"/caf%C3%A9", b"/%C3%A6%C3%B8%C3%A5"])
def test_a_return_address_beyond_ascii_goes_out_percent_encoded(live_server, session_cookie, came_from):
    status, headers, _body = raw_get(live_server, b"/login?came_from=" + came_from, session_cookie)
    assert status == 303
    location = headers["Location"]
    assert location.isascii() and "%" in location
    assert urllib.parse.urlsplit(location).netloc == "127.0.0.1"  # never off-site


@pytest.mark.parametrize("path", ["/login", "/requests/new", "/register", "/password/forgot", "/requests/1/reply"])
@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary=",
                                          'multipart/form-data; boundary=""', "multipart/form-data; charset=utf-8"])
def test_multipart_without_a_boundary_answers_400(live_server, session_cookie, path, content_type):
    conn = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=10)
    conn.request("POST", path, b"email=a%40example.org&password=x",
                 {"Content-Type": content_type, "Cookie": session_cookie})
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    assert response.status == 400 and 'id="main"' in body, (response.status, body[:200])
    assert log_in(live_server, CUSTOMER)  # and the next write (a login) succeeds
