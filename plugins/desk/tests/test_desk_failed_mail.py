"""Staff see mail the server refused, with its answer, and can queue it again."""
import pytest
import sqlalchemy as sa

from cc_core import api

from conftest import csrf_token

pytestmark = [pytest.mark.cc_plugins("desk", "requests", "faq"),
              pytest.mark.cc_settings({"mail.delivery": "queue"})]


def reset_mail_refused(testapp, run_jobs, faulty_smtp):
    """Ask for a reset link for demo@example.com while the mail server answers 550."""
    form = testapp.get("/password/forgot").forms["password-forgot"]
    form["email"] = "demo@example.com"
    form.submit()
    faulty_smtp.refuse = "550 5.1.1 <demo@example.com>: mailbox unavailable"
    run_jobs(**{"mail.port": str(faulty_smtp.port)})


def test_a_refused_mail_is_shown_with_the_servers_answer(testapp, login, run_jobs, faulty_smtp):
    reset_mail_refused(testapp, run_jobs, faulty_smtp)
    login(testapp, "agent@example.com")
    page = testapp.get("/desk/failed-mail")
    [row] = page.html.select("#failed-mail tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    assert cells[0] == "demo@example.com" and "password" in cells[1].lower()
    assert "550 5.1.1 <demo@example.com>: mailbox unavailable" in cells[4]


def test_send_again_queues_the_same_message_and_it_arrives(testapp, login, run_jobs, faulty_smtp, dbsession):
    reset_mail_refused(testapp, run_jobs, faulty_smtp)
    login(testapp, "agent@example.com")
    [job] = api.failed_jobs(dbsession, name=api.MAIL_JOB)
    page = testapp.get("/desk/failed-mail").forms[f"failed-mail-retry-{job.id}"].submit().follow()
    assert "The mail is queued to be sent again." in page.text
    assert page.html.select("#failed-mail") == []
    faulty_smtp.refuse = None
    run_jobs(**{"mail.port": str(faulty_smtp.port)})
    [message] = faulty_smtp.messages
    assert message["Message-ID"] == job.payload["headers"]["Message-ID"] and str(message["To"]) == "demo@example.com"
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(api.Base.metadata.tables["cc_job"])) == 0


def test_retrying_a_job_that_is_not_failed_is_404(testapp, login):
    login(testapp, "agent@example.com")
    testapp.post("/desk/failed-mail/999999/retry", {"csrf_token": csrf_token(testapp)}, status=404)
