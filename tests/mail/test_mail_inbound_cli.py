"""``cc mail ingest`` and ``cc mail fetch`` run as an installer runs them, on a database of their own.

These commands commit for real, so the module gets its own database (on
PostgreSQL when ``CC_TEST_DATABASE_URL`` is set), migrated with every
installed plugin and the demo data.  Two ``cc mail fetch`` processes
reading one folder at once post each message exactly once.
"""
import email
import email.utils
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from cc_core.testing import database as test_database

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOSTILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile")


@pytest.fixture(scope="module")
def site(tmp_path_factory, cc_base_settings, dovecot):
    folder = tmp_path_factory.mktemp("mailsite")
    database = test_database.TestDatabase(str(folder), "mailcli")
    settings = {**cc_base_settings, "sqlalchemy.url": database.url}
    engine = test_database.prepare_database(settings, database.url, ("requests",))
    ini = folder / "site.ini"
    lines = {"use": "egg:cc-core", "sqlalchemy.url": database.url, "cc.secret": settings["cc.secret"],
             "cc.plugins.disabled": "desk faq preferences example_crm_view",
             "cc.files_dir": str(folder / "files"), "mail.backend": "files", "mail.delivery": "inline",
             "mail.files_dir": str(folder / "outbox"), "mail.default_sender": "Customer Centre <support@example.com>"}
    ini.write_text("[app:main]\n" + "".join(f"{key} = {value}\n" for key, value in lines.items()))
    yield {"ini": str(ini), "engine": engine, "settings": settings, "outbox": folder / "outbox"}
    engine.dispose()
    database.drop()


def cc(ini, *args, stdin=b"", extra_ini=None):
    if extra_ini:
        with open(ini, "a") as fp:
            fp.write("".join(f"{key} = {value}\n" for key, value in extra_ini.items()))
    return subprocess.run([sys.executable, "-m", "cc_core.cli", "-c", ini, *args], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=300)


def mail(sender, to, text, subject="Help", message_id=None) -> bytes:
    message_id = message_id or email.utils.make_msgid(domain="client.example")
    return (f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\n"
            f"Date: {email.utils.formatdate()}\r\n\r\n{text}\r\n").encode()


def demo_requests(engine) -> list[tuple]:
    with engine.connect() as connection:
        return connection.execute(sa.text(
            "SELECT r.id, r.title FROM requests_request r JOIN cc_person p ON p.id = r.owner_id"
            " WHERE p.email = 'demo@example.com' ORDER BY r.id")).all()


def test_ingest_reads_standard_input_once_per_message_and_refuses_bad_mail_with_65(site):
    raw = mail("demo@example.com", "support@example.com", "Piped in.", subject="Piped request")
    first = cc(site["ini"], "mail", "ingest", stdin=raw)
    assert first.returncode == 0, first.stderr
    assert first.stdout.decode().startswith("opened #")
    again = cc(site["ini"], "mail", "ingest", stdin=raw)
    assert (again.returncode, again.stdout.decode().strip()) == (0, "duplicate")
    assert [title for _, title in demo_requests(site["engine"])].count("Piped request") == 1
    with open(os.path.join(HOSTILE, "subject-encoded-line-break.eml"), "rb") as fp:
        hostile = cc(site["ini"], "mail", "ingest", stdin=fp.read())
    assert hostile.returncode == 65
    assert b"Subject header holds line breaks" in hostile.stderr
    confirmations = [p for p in site["outbox"].rglob("*") if p.is_file() and b"Piped request" in p.read_bytes()]
    assert len(confirmations) == 1


def test_ingest_refuses_a_50_mb_message_with_65(site):
    huge = mail("demo@example.com", "support@example.com", "x" * (50 * 1024 * 1024), subject="Huge")
    result = cc(site["ini"], "mail", "ingest", stdin=huge)
    assert result.returncode == 65 and b"more than the limit" in result.stderr
    assert "Huge" not in [title for _, title in demo_requests(site["engine"])]


def test_two_fetches_at_once_post_each_message_exactly_once(site, dovecot, imap_folder):
    count = 40
    for number in range(count):
        dovecot.append(mail("demo@example.com", "support@example.com", f"Parallel {number}",
                            subject=f"Parallel {number}"), imap_folder)
    extra = {key: value for key, value in dovecot.settings(imap_folder).items()}
    extra["mail.inbound.imap.processed"] = f"{imap_folder}-done"
    extra["mail.inbound.rate"] = "1000"
    cc(site["ini"], "plugins", extra_ini=extra)  # writes the settings once
    command = [sys.executable, "-m", "cc_core.cli", "-c", site["ini"], "mail", "fetch"]
    workers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
               for _ in range(2)]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    titles = [title for _, title in demo_requests(site["engine"]) if title.startswith("Parallel ")]
    assert sorted(titles) == sorted(f"Parallel {number}" for number in range(count))
    assert dovecot.folder_count(imap_folder) == 0
    # Two sessions moving one message at the same moment may each leave a
    # copy in the processed folder; every message is there, none posted twice.
    done = {email.message_from_bytes(raw)["Subject"] for raw in dovecot.messages(f"{imap_folder}-done")}
    assert done == {f"Parallel {number}" for number in range(count)}


def test_ingest_asks_the_mail_server_to_try_again_when_the_database_is_unavailable(tmp_path):
    ini = tmp_path / "down.ini"
    ini.write_text("[app:main]\nuse = egg:cc-core\n"
                   f"sqlalchemy.url = sqlite:///{tmp_path}/no-such-folder/cc.sqlite\n"
                   "cc.secret = down-secret-0123456789abcdef0123456789\n"
                   "cc.plugins.disabled = desk faq preferences example_crm_view\n")
    result = cc(str(ini), "mail", "ingest", stdin=mail("demo@example.com", "support@example.com", "Hello"))
    assert result.returncode == 75
    assert b"the database is unavailable, try again later" in result.stderr
