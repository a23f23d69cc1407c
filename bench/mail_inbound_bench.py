"""``python -m bench.mail_inbound_bench [--pg URL] [--count N]``: how fast ``cc mail fetch`` files replies.

A real Dovecot on loopback (the test harness's, ``cc_core.testing.imap``)
gets ``N`` (default 1,000) customer replies to one request's signed reply
address, each with a quoted history and a signature; then ``cc mail
fetch`` runs as a command on a fresh database (SQLite in a temp folder,
or a new database on the PostgreSQL server ``--pg`` points at) migrated
with the requests plugin and its demo data.  Printed as one JSON line:
the command's wall time, its start-up time (the same command on an empty
folder), and replies per second with and without the start-up.
"""
from __future__ import annotations

import argparse
import email.utils
import json
import os
import subprocess
import sys
import tempfile
import time

import sqlalchemy as sa

from cc_core.testing import database as test_database
from cc_core.testing.imap import Dovecot

SECRET = "bench-secret-0123456789abcdef0123456789"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def reply(address: str, number: int) -> bytes:
    return (f"From: Demo Customer <demo@example.com>\r\nTo: {address}\r\nSubject: Re: [#1] New answer\r\n"
            f"Message-ID: <bench-{number}@client.example>\r\nDate: {email.utils.formatdate()}\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Reply number {number}: the new driver works.\r\n\r\nBest regards,\r\nKari\r\n\r\n"
            f"On Tue, 1 Dec 2026 at 10:00, Customer Centre <support@example.com> wrote:\r\n"
            f"> We have answered your request.\r\n> Please try the new driver.\r\n").encode()


def run(count: int, pg_url: str | None) -> dict:
    from cc_core.mail_inbound.reply_address import reply_address

    folder = tempfile.mkdtemp(prefix="cc-bench-mail-")
    if pg_url:
        os.environ["CC_TEST_DATABASE_URL"] = pg_url
    database = test_database.TestDatabase(folder, "mailbench")
    base = tempfile.mkdtemp(prefix="cc-dovecot-")
    os.chmod(base, 0o755)
    server = Dovecot(base)
    server.start()
    try:
        settings = {"cc.secret": SECRET, "pyramid.default_locale_name": "en", "cc.languages": "en nb",
                    "mail.default_sender": "Customer Centre <support@example.com>"}
        engine = test_database.prepare_database(settings, database.url, ("requests",))
        with engine.connect() as connection:
            request_id, person_id = connection.execute(sa.text(
                "SELECT r.id, p.id FROM requests_request r JOIN cc_person p ON p.id = r.owner_id"
                " WHERE p.email = 'demo@example.com' ORDER BY r.id LIMIT 1")).one()
            before = connection.scalar(sa.text("SELECT count(*) FROM requests_message"))
        address = reply_address(settings, request_id, person_id)
        ini = os.path.join(folder, "bench.ini")
        lines = {"use": "egg:cc-core", "sqlalchemy.url": database.url, "cc.secret": SECRET,
                 "cc.plugins.disabled": "desk faq preferences example_crm_view",
                 "cc.files_dir": os.path.join(folder, "files"), "mail.backend": "files",
                 "mail.files_dir": os.path.join(folder, "outbox"), "mail.default_sender": settings["mail.default_sender"],
                 "mail.inbound.rate": str(count * 10), **server.settings("bench")}
        with open(ini, "w") as fp:
            fp.write("[app:main]\n" + "".join(f"{key} = {value}\n" for key, value in lines.items()))
        server.create_folder("bench")
        command = [sys.executable, "-m", "cc_core.cli", "-c", ini, "mail", "fetch"]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        startup = time.perf_counter() - started
        imap = server.client()
        for number in range(count):
            imap.append("bench", None, None, reply(address, number))
        imap.logout()
        started = time.perf_counter()
        out = subprocess.run(command, check=True, capture_output=True, cwd=ROOT, text=True)
        seconds = time.perf_counter() - started
        with engine.connect() as connection:
            posted = connection.scalar(sa.text("SELECT count(*) FROM requests_message")) - before
        engine.dispose()
        return {"database": engine.dialect.name, "replies": count, "posted": posted, "output": out.stdout.strip(),
                "seconds": round(seconds, 2), "startup_seconds": round(startup, 2),
                "replies_per_second": round(count / seconds, 1),
                "replies_per_second_without_startup": round(count / max(seconds - startup, 0.001), 1),
                "load": os.getloadavg()[0]}
    finally:
        server.stop()
        database.drop()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="PostgreSQL URL of a server to make the database on")
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.count, args.pg)))


if __name__ == "__main__":
    main()
