"""``python -m bench.jobs_bench``: what the job queue costs and gives (docs/jobs.md, "Measurements").

Three measurements, each on a fresh database (SQLite in a temp folder, or
PostgreSQL with ``--pg URL``) migrated with the core alone:

``throughput``  1,000 queued mails sent by one worker to an SMTP server on
                loopback (aiosmtpd in a child process, so it does not share
                the worker's interpreter): mails per second;
``posts``       server time of ``POST /password/forgot`` (in process, the
                WSGI call alone), 60 posts each for an address with an
                account and one without, medians;
``growth``      ``cc_form_submission`` rows over 10,000 form posts while a
                worker thread purges tokens older than a few seconds (the
                lifetime and interval scaled down so the run takes minutes,
                not days).

Run ``posts`` with an older checkout first on ``PYTHONPATH`` to time the
code before the queue.  Each prints one JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import sqlalchemy as sa

SETTINGS = {
    "cc.secret": "bench-secret-0123456789abcdef0123456789",
    "cc.site_name": "Customer Centre",
    "cc.languages": "en nb",
    "pyramid.default_locale_name": "en",
    "mail.default_sender": "Customer Centre <support@example.com>",
    "cc.account.max_mails_per_address": "100000000",
    "cc.account.max_requests_per_client": "100000000",
}


class Database:
    def __init__(self, pg_url: str | None, folder: str):
        self.admin = None
        if pg_url:
            self.admin = sa.engine.make_url(pg_url)
            self.name = f"cc_bench_jobs_{uuid.uuid4().hex[:8]}"
            with sa.create_engine(self.admin, isolation_level="AUTOCOMMIT").connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
            self.url = self.admin.set(database=self.name).render_as_string(hide_password=False)
        else:
            self.url = f"sqlite:///{folder}/bench.sqlite"

    def drop(self):
        if self.admin is not None:
            with sa.create_engine(self.admin, isolation_level="AUTOCOMMIT").connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def prepared(settings: dict):
    from cc_core.testing import prepare_database

    return prepare_database(settings, settings["sqlalchemy.url"], names=())


def app_for(settings: dict):
    import webtest

    from cc_core import make_app
    from cc_core.plugins import build_plugin_manager

    return webtest.TestApp(make_app(settings, plugin_manager=build_plugin_manager(settings, only=())),
                           extra_environ={"REMOTE_ADDR": "192.0.2.1"})


def post_forgot(testapp, email: str) -> float:
    form = testapp.get("/password/forgot").forms["password-forgot"]
    form["email"] = email
    started = time.perf_counter()
    response = form.submit()
    elapsed = time.perf_counter() - started
    assert response.status_int == 303, response.status
    return elapsed


# -- measurements ------------------------------------------------------------------

SMTP_CHILD = """
import sys, time
from aiosmtpd.controller import Controller
count = 0
class Handler:
    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        return "250 OK"
controller = Controller(Handler(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()
print(count, flush=True)
"""


def throughput(settings: dict, count: int, concurrency: int) -> dict:
    from cc_core.jobs.registry import registry_from_plugins
    from cc_core.jobs.worker import Worker
    from cc_core.plugins import build_plugin_manager
    from cc_core.testing import free_port

    port = free_port()
    smtp = subprocess.Popen([sys.executable, "-c", SMTP_CHILD, str(port)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert smtp.stdout.readline().strip() == "ready"
    settings = {**settings, "mail.backend": "smtp", "mail.host": "127.0.0.1", "mail.port": str(port),
                "cc.purge.every_seconds": "0"}
    engine = prepared(settings)
    registry = registry_from_plugins(build_plugin_manager(settings, only=()), settings)
    _enqueue_mails(engine, registry, count)
    worker = Worker(engine, registry, concurrency=concurrency)
    started = time.perf_counter()
    done = worker.run(once=True)
    elapsed = time.perf_counter() - started
    received = int(smtp.communicate("", timeout=30)[0].strip())
    engine.dispose()
    return {"mails": done, "received": received, "seconds": round(elapsed, 2), "concurrency": concurrency,
            "mails_per_second": round(done / elapsed, 1)}


def _enqueue_mails(engine, registry, count: int) -> None:
    import email.message
    import email.utils

    from cc_core.jobs.enqueue import enqueue

    with sa.orm.Session(engine) as session, session.begin():
        session.info["cc.jobs"] = registry
        for number in range(count):
            message = email.message.EmailMessage()
            message["From"], message["To"] = "support@example.com", "customer@example.com"
            message["Subject"], message["Message-ID"] = f"Mail {number}", email.utils.make_msgid()
            message.set_content(f"Body {number}\n" * 20)
            enqueue(session, "cc.mail", {"sender": "support@example.com", "recipients": ["customer@example.com"],
                                         "message": message.as_string()})


def posts(settings: dict, count: int, folder: str) -> dict:
    settings = {**settings, "mail.backend": "files", "mail.files_dir": os.path.join(folder, "mail")}
    prepared(settings).dispose()
    testapp = app_for(settings)
    for _ in range(10):   # warm-up: templates compiled, pools filled
        post_forgot(testapp, "demo@example.com")
        post_forgot(testapp, "nobody@example.org")
    known, unknown = [], []
    for _ in range(count):   # interleaved, so drift hits both alike
        known.append(post_forgot(testapp, "demo@example.com"))
        unknown.append(post_forgot(testapp, "nobody@example.org"))
    return {"posts": count, "known_median_ms": round(statistics.median(known) * 1000, 2),
            "unknown_median_ms": round(statistics.median(unknown) * 1000, 2),
            "all_median_ms": round(statistics.median(known + unknown) * 1000, 2)}


def growth(settings: dict, count: int, folder: str, lifetime: float, every: float) -> dict:
    from cc_core.models import FormSubmission

    settings = {**settings, "mail.backend": "files", "mail.files_dir": os.path.join(folder, "mail"),
                "cc.purge.form_submission_seconds": str(lifetime), "cc.purge.every_seconds": str(every),
                "cc.jobs.embedded_worker": "true", "cc.jobs.poll_seconds": "0.2"}
    prepared(settings).dispose()
    testapp = app_for(settings)
    engine = testapp.app.registry["cc.db.engine"]
    samples, started = [], time.monotonic()
    for number in range(1, count + 1):
        post_forgot(testapp, "nobody@example.org")
        if number % 1000 == 0:
            with engine.connect() as connection:
                rows = connection.scalar(sa.select(sa.func.count()).select_from(FormSubmission))
            samples.append({"posts": number, "rows": rows, "seconds": round(time.monotonic() - started, 1)})
    return {"posts": count, "lifetime_seconds": lifetime, "purge_every_seconds": every, "samples": samples,
            "max_rows": max(sample["rows"] for sample in samples)}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.jobs_bench")
    parser.add_argument("what", choices=("throughput", "posts", "growth"))
    parser.add_argument("--pg", help="PostgreSQL admin URL (default: SQLite)")
    parser.add_argument("--count", type=int)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--lifetime", type=float, default=5.0)
    parser.add_argument("--every", type=float, default=1.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        database = Database(args.pg, folder)
        settings = {**SETTINGS, "sqlalchemy.url": database.url}
        try:
            if args.what == "throughput":
                result = throughput(settings, args.count or 1000, args.concurrency)
            elif args.what == "posts":
                result = posts(settings, args.count or 60, folder)
            else:
                result = growth(settings, args.count or 10000, folder, args.lifetime, args.every)
        finally:
            database.drop()
    print(json.dumps({"what": args.what, "database": "postgresql" if args.pg else "sqlite", **result}))


if __name__ == "__main__":
    main()

__all__ = ["main"]
