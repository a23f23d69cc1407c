"""Cold start: a fresh interpreter builds the portal and serves one page.

Run as ``python -m bench.coldstart INI``; prints one line of JSON with
the seconds spent importing, building the application (every plugin's
configuration) and answering the first request, which compiles the
templates it uses.  ``bench.run`` runs it in a new process each time.
"""
from __future__ import annotations

import importlib
import json
import sys
import time


def main(ini: str) -> None:
    started = time.perf_counter()
    importlib.import_module("cc_core")
    from pyramid.paster import get_app
    from webob import Request

    imported = time.perf_counter()
    app = get_app(ini, "main")
    built = time.perf_counter()
    response = Request.blank("/login", headers={"Host": "127.0.0.1"}).get_response(app)
    answered = time.perf_counter()
    if response.status_int != 200:
        raise SystemExit(f"first request answered {response.status}")
    print(json.dumps({"import_s": imported - started, "build_s": built - imported,
                      "first_request_s": answered - built, "total_s": answered - started}))


if __name__ == "__main__":
    main(sys.argv[1])
