"""The account pages queue one job whatever the address, so they cannot tell who has an account.

``/password/forgot``, ``/login/link`` and ``/register`` do the same
statements for an address with an account as for one without; the job
decides, later, whether to mail.
"""
import re

import pytest
import sqlalchemy as sa

from cc_core.models import Job
from cc_core.testing import Mailbox, person_by_email

pytestmark = pytest.mark.cc_settings({"mail.delivery": "queue", "cc.login_links": "true"})
PASSWORD = "blue-harbour-lantern-7"


class Statements:
    """The SQL one request runs, its parameters left out."""

    def __init__(self, engine):
        self.engine, self.seen = engine, []

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._record)
        return self.seen

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        # Savepoint names count up through the test; what matters is where they are.
        self.seen.append(re.sub(r"sa_savepoint_\d+", "sa_savepoint", " ".join(statement.split())))


def post(testapp, path, form_id, **values):
    form = testapp.get(path).forms[form_id]
    for name, value in values.items():
        form[name] = value
    return form


def statements_of(testapp, dbengine, path, form_id, **values):
    form = post(testapp, path, form_id, **values)
    with Statements(dbengine) as seen:
        assert form.submit().status_int == 303
    return seen


def register_values(email):
    return {"name": "Nora New", "email": email, "password": PASSWORD, "password_confirm": PASSWORD}


@pytest.mark.parametrize("path, form_id, values", [
    ("/password/forgot", "password-forgot", lambda email: {"email": email}),
    ("/login/link", "login-link", lambda email: {"email": email}),
    ("/register", "register", register_values),
])
def test_a_known_and_an_unknown_address_run_the_same_statements(testapp, dbengine, path, form_id, values):
    known = statements_of(testapp, dbengine, path, form_id, **values("demo@example.com"))
    unknown = statements_of(testapp, dbengine, path, form_id, **values("nobody.here@example.org"))
    assert known == unknown
    assert sum("INSERT INTO cc_job" in statement for statement in known) == 1


def test_the_reset_job_mails_a_working_link_to_a_known_address_only(testapp, dbsession, run_jobs, mailbox):
    for email in ("demo@example.com", "nobody.here@example.org"):
        post(testapp, "/password/forgot", "password-forgot", email=email).submit()
    assert mailbox.messages == []
    run_jobs()
    [message] = mailbox.messages
    assert str(message["To"]) == "demo@example.com"
    [link] = [link for link in Mailbox.links(message) if "/password/reset/" in link]
    page = testapp.get(link.replace("http://localhost", ""))
    assert page.forms["password-reset"] is not None
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(Job)) == 0


def test_registration_creates_the_person_in_the_job_and_mails_the_confirmation(testapp, dbsession, run_jobs,
                                                                            mailbox):
    post(testapp, "/register", "register", **register_values("nora.new@example.org")).submit()
    assert person_by_email(dbsession, "nora.new@example.org") is None
    run_jobs()
    dbsession.expire_all()
    person = person_by_email(dbsession, "nora.new@example.org")
    assert person is not None and not person.email_confirmed and person.name == "Nora New"
    [message] = mailbox.to("nora.new@example.org")
    assert any("/register/confirm/" in link for link in Mailbox.links(message))


def test_registering_a_taken_address_mails_its_owner_in_their_language(testapp, dbsession, run_jobs, mailbox):
    person_by_email(dbsession, "demo@example.com").language = "nb"
    dbsession.flush()
    post(testapp, "/register", "register", **register_values("demo@example.com")).submit()
    run_jobs()
    [message] = mailbox.to("demo@example.com")
    assert "/password/forgot" in Mailbox.text(message)
    assert message["Subject"] != "Someone tried to register your address"   # Norwegian
