"""The portal as a real web server process, and a browser-less client that posts its forms.

A test that kills the web process (``kill -9``) needs one that is not the
test's own: this starts waitress in a child process on the module's ini
file and speaks plain HTTP to it.
"""
from __future__ import annotations

import html
import http.client
import http.cookies
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

from cc_core.testing import free_port

SERVE = ("import sys; from pyramid.paster import get_app; from waitress import serve;"
         " serve(get_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), threads=2)")


class PortalProcess:
    def __init__(self, ini: str):
        self.port = free_port()
        # The server's log goes to a file: a pipe nobody reads would fill and
        # stop the server once it has logged enough.
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen([sys.executable, "-c", SERVE, ini, str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=self.log, text=True)
        self.cookies: dict[str, str] = {}
        deadline = time.monotonic() + 60
        while True:
            try:
                self.request("GET", "/healthz")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.log.seek(0)
                    raise RuntimeError(f"the portal did not start: {self.log.read()}")
                time.sleep(0.1)

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, text

    def post_form(self, path: str, **values) -> int:
        """GET the page, then POST its form with its hidden fields and ``values``."""
        _, page = self.request("GET", path)
        hidden = {html.unescape(name): html.unescape(value) for name, value in
                  re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', page)}
        status, _ = self.request("POST", path, {**hidden, **values})
        return status

    def kill(self) -> None:
        self.process.kill()   # SIGKILL: nothing in the process gets to run
        self.process.wait(timeout=10)
        self.log.close()
