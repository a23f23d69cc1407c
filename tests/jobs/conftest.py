"""Fixtures of the job queue's tests: a database whose commits are real, a faulty SMTP server, workers.

The queue is about what survives commits and crashes, so these tests do
not use the harness's rolled-back session: each module gets a database of
its own (SQLite, or PostgreSQL with ``CC_TEST_DATABASE_URL``), emptied of
jobs before each test, and workers run in this process or as real
``cc worker`` processes reading an ini file written for the module.
"""
from __future__ import annotations

import email.message
import email.utils
import importlib.metadata
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from cc_core.jobs.enqueue import enqueue
from cc_core.jobs.models import Job, RecurringRun, WorkerProcess
from cc_core.jobs.registry import registry_from_plugins
from cc_core.jobs.worker import Worker
from cc_core.plugins import build_plugin_manager
from cc_core.testing import TestDatabase, prepare_database, write_ini
from cc_core.testing import FaultySMTPServer

#: Installed plugins stay out: the queue is the core's, and the processes
#: these tests start load only what the ini file lets them.
ALL_PLUGINS = " ".join(sorted({ep.name for ep in importlib.metadata.entry_points(group="cc.plugins")}
                              | {"hello", "broken", "misspelt"}))


@pytest.fixture(scope="module")
def faulty_smtp():
    server = FaultySMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp(faulty_smtp):
    """The faulty server, up and well-behaved, with nothing received yet."""
    if faulty_smtp._controller is None:
        faulty_smtp.up()
    faulty_smtp.messages.clear()
    faulty_smtp.answers.clear()
    faulty_smtp.refuse, faulty_smtp.hang_seconds = None, 0.0
    faulty_smtp.hanging.clear()
    yield faulty_smtp
    faulty_smtp.hang_seconds = 0.0


class JobsDatabase:
    def __init__(self, settings: dict, database: TestDatabase, engine: sa.Engine, ini: str):
        self.settings, self.database, self.engine, self.ini = settings, database, engine, ini
        self.is_postgresql = engine.dialect.name == "postgresql"
        self.processes: list[subprocess.Popen] = []

    def registry(self, **overrides):
        settings = {**self.settings, **overrides}
        return registry_from_plugins(build_plugin_manager(settings, only=()), settings)

    def worker(self, concurrency: int = 1, **overrides) -> Worker:
        return Worker(self.engine, self.registry(**overrides), concurrency=concurrency)

    def run_once(self, **overrides) -> int:
        return self.worker(**overrides).run(once=True)

    def jobs(self) -> list:
        with self.engine.connect() as connection:
            return connection.execute(sa.select(Job).order_by(Job.id)).all()

    def ini_with(self, **overrides) -> str:
        """An ini file of this database's settings with ``overrides`` (``cc.jobs.lease_seconds``, say)."""
        if not overrides:
            return self.ini
        path = self.ini.replace(".ini", f"-{abs(hash(tuple(sorted(overrides.items()))))}.ini")
        write_ini(path, {**self.settings, **overrides})
        return path

    def cli(self, *args, settings: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cc_core.cli", "-c", self.ini_with(**(settings or {})), *args],
                              capture_output=True, text=True, timeout=timeout)

    def popen(self, *args, settings: dict | None = None) -> subprocess.Popen:
        """A ``cc`` process; killed (if still running) and its pipes closed after the test."""
        process = subprocess.Popen([sys.executable, "-m", "cc_core.cli", "-c", self.ini_with(**(settings or {})),
                                    *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.processes.append(process)
        return process

    def end_processes(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.communicate(timeout=30)   # reads what is left and closes the pipes
        self.processes.clear()

    def enqueue_mails(self, count: int, to: str = "customer@example.com") -> list[str]:
        """Queue ``count`` distinct mails in one transaction; returns their Message-IDs."""
        ids = []
        with self.engine.begin() as connection:
            session = sa.orm.Session(bind=connection)
            registry = self.registry()
            session.info["cc.jobs"] = registry
            for number in range(count):
                message = email.message.EmailMessage()
                message["From"], message["To"] = "support@example.com", to
                message["Subject"] = f"Mail {number}"
                message["Message-ID"] = email.utils.make_msgid(domain="example.com")
                message.set_content(f"Body {number}\n")
                ids.append(message["Message-ID"])
                enqueue(session, "cc.mail", {"sender": "support@example.com", "recipients": [to],
                                             "message": message.as_string()})
            session.flush()
        return ids


@pytest.fixture(scope="module")
def jobs_db(cc_base_settings, faulty_smtp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("jobs")
    database = TestDatabase(str(folder), "jobs")
    settings = {**cc_base_settings, "sqlalchemy.url": database.url, "mail.port": str(faulty_smtp.port),
                "mail.delivery": "queue", "mail.timeout": "5", "cc.plugins.disabled": ALL_PLUGINS,
                "cc.jobs.backoff_seconds": "0.2", "cc.jobs.backoff_max_seconds": "1",
                "cc.jobs.poll_seconds": "0.1", "cc.jobs.lease_seconds": "30",
                "cc.purge.every_seconds": "0"}
    engine = prepare_database(settings, database.url, names=())
    ini = os.path.join(str(folder), "jobs.ini")
    write_ini(ini, settings)
    yield JobsDatabase(settings, database, engine, ini)
    engine.dispose()
    database.drop()


@pytest.fixture
def jobs(jobs_db, smtp):
    """The module's database with no job, worker or schedule left from another test."""
    with jobs_db.engine.begin() as connection:
        for table in (Job, WorkerProcess, RecurringRun):
            connection.execute(sa.delete(table))
    yield jobs_db
    jobs_db.end_processes()
