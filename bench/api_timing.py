"""Server time of the request list and of filing a request: the JSON API next to the pages.

In process, one request at a time, on a fresh SQLite database with the
demo data, mail queued as in production: the figure is what the portal's
code costs per request.  Run
``.venv/bin/python -m bench.api_timing [runs]``; it prints the p50 and p95
of each, in milliseconds.
"""
from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time

import webtest
from sqlalchemy.orm import Session

from cc_core.api_v1.access_tokens import create_api_token
from cc_core.db import utcnow
from cc_core.testing import DEFAULT_SETTINGS, do_login, person_by_email, prepare_database, standalone_app

PLUGINS = ("requests",)


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"{name:32} n={len(times):4}  p50 {statistics.median(times):7.2f} ms  p95 {p95:7.2f} ms")


def main(runs: int = 200) -> None:
    folder = tempfile.mkdtemp(prefix="cc-api-timing-")
    url = f"sqlite:///{folder}/bench.sqlite"
    settings = {**DEFAULT_SETTINGS, "sqlalchemy.url": url, "cc.files_dir": f"{folder}/files",
                "cc.api.rate_limit": "1000000", "mail.delivery": "queue"}
    engine = prepare_database(settings, url, PLUGINS)
    with Session(engine) as dbsession:
        person = person_by_email(dbsession, "demo@example.com")
        _token, secret = create_api_token(dbsession, person, "bench", "read-write", utcnow() + dt.timedelta(days=1))
        dbsession.commit()
    app = standalone_app(settings, PLUGINS)
    browser = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "192.0.2.1"})
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "192.0.2.2"})
    headers = {"Authorization": f"Bearer {secret}"}
    do_login(browser, "demo@example.com")
    for _ in range(10):  # warm caches, templates, first-use lookups
        browser.get("/requests?status=all")
        client.get("/api/v1/requests?status=all", headers=headers)

    page_list = [timed(lambda: browser.get("/requests?status=all")) for _ in range(runs)]
    api_list = [timed(lambda: client.get("/api/v1/requests?status=all", headers=headers)) for _ in range(runs)]

    form = browser.get("/requests/new").forms["new-request"]
    category, priority = form["category"].options[1][0], form["priority"].value
    page_create, api_create = [], []
    for n in range(runs // 2):
        form = browser.get("/requests/new").forms["new-request"]
        form["title"], form["message"], form["category"] = f"Page request {n}", "From the page.", category
        page_create.append(timed(lambda: form.submit(status=303)))
        body = {"title": f"API request {n}", "message": "From the API.", "category": int(category),
                "priority": int(priority)}
        api_create.append(timed(lambda: client.post_json("/api/v1/requests", body, headers=headers, status=201)))

    report("request list: page", page_list)
    report("request list: API", api_list)
    report("new request: page (POST)", page_create)
    report("new request: API (POST)", api_create)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
