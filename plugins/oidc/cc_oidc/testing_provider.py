"""A real OpenID Connect provider for the tests: ``python -m cc_oidc.testing_provider``.

It serves ``oidc-provider-mock`` (an Authlib-based provider) on a loopback
port and prints ``PORT <n>`` once it listens.  The portal talks to it over
HTTP exactly as to Entra ID: discovery, authorization, token, userinfo,
JWKS, end session.  A thin WSGI layer in front adds what attacker tests
need and the mock lacks, under ``/_test/`` (never part of a real provider):

``POST /_test/keys``      a public JWK to publish beside the provider's own
                          (a key the test signs with: rotation, forged claims)
``POST /_test/id-token``  ``{"id_token": ...}``: the next token response
                          carries this ID token instead of the real one (the
                          code is still redeemed for real)
``POST /_test/behaviour`` ``{"delay": seconds, "status": code, "paths": [...]}``:
                          answer those paths slowly, or with an HTML error page
``GET /_test/hits``       how many requests each path received
"""
from __future__ import annotations

import argparse
import json
import sys
import threading
import time

import werkzeug.serving
from oidc_provider_mock import app as provider_app


class TestControls:
    """The provider's test-only state and the WSGI layer that applies it."""

    def __init__(self, inner):
        self.inner = inner
        self.lock = threading.Lock()
        self.extra_keys: list[dict] = []
        self.next_id_token: str | None = None
        self.behaviour: dict = {}
        self.hits: dict[str, int] = {}

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_test/"):
            return self.control(environ, start_response, path)
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            behaviour = dict(self.behaviour) if path in self.behaviour.get("paths", ()) else {}
        if behaviour.get("delay"):
            time.sleep(float(behaviour["delay"]))
        if behaviour.get("status"):
            return self.respond(start_response, int(behaviour["status"]),
                                b"<html><body><h1>Service Unavailable</h1></body></html>", "text/html")
        if path == "/jwks":
            return self.jwks(environ, start_response)
        if path == "/oauth2/token":
            return self.token(environ, start_response)
        return self.inner(environ, start_response)

    def control(self, environ, start_response, path):
        if environ["REQUEST_METHOD"] == "GET" and path == "/_test/hits":
            with self.lock:
                return self.respond(start_response, 200, json.dumps(self.hits).encode())
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        with self.lock:
            if path == "/_test/keys":
                self.extra_keys.append(body)
            elif path == "/_test/id-token":
                self.next_id_token = body["id_token"]
            elif path == "/_test/behaviour":
                self.behaviour = body
            elif path == "/_test/reset":
                self.extra_keys, self.next_id_token, self.behaviour, self.hits = [], None, {}, {}
            else:
                return self.respond(start_response, 404, b"{}")
        return self.respond(start_response, 204, b"")

    def jwks(self, environ, start_response):
        status, headers, body = self.call_inner(environ)
        keys = json.loads(body)
        with self.lock:
            keys["keys"] = keys["keys"] + self.extra_keys
        return self.respond(start_response, int(status.split()[0]), json.dumps(keys).encode())

    def token(self, environ, start_response):
        status, headers, body = self.call_inner(environ)
        with self.lock:
            forged, self.next_id_token = self.next_id_token, None
        if forged is None or not status.startswith("200"):
            start_response(status, headers)
            return [body]
        data = json.loads(body)
        data["id_token"] = forged
        return self.respond(start_response, 200, json.dumps(data).encode())

    def call_inner(self, environ):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers

        chunks = self.inner(environ, capture)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return captured["status"], captured["headers"], body

    @staticmethod
    def respond(start_response, status: int, body: bytes, content_type: str = "application/json"):
        reason = {200: "OK", 204: "No Content", 404: "Not Found"}.get(status, "Error")
        start_response(f"{status} {reason}", [("Content-Type", content_type), ("Content-Length", str(len(body))),
                                             ("Cache-Control", "no-store")])
        return [body]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    server = werkzeug.serving.make_server("127.0.0.1", args.port, TestControls(provider_app()), threaded=True)
    print(f"PORT {server.server_port}", flush=True)
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
