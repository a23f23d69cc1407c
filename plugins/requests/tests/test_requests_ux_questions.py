"""Filing a request in a category with questions, without a script: a next step, nothing lost."""
import pytest
import sqlalchemy as sa
from webtest import Upload

from cc_requests.models import Attachment, Category, Request
from requests_testing import new_request_form

pytestmark = pytest.mark.cc_plugins("requests")


def newest_request(dbsession):
    return dbsession.scalars(sa.select(Request).order_by(Request.id.desc())).first()


def test_the_first_post_of_a_category_with_questions_shows_them_as_the_next_step(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    form = new_request_form(testapp, category_text="Billing", title="Charged twice", message="See the invoice.")
    form["attachment"] = [Upload("invoice-2024-200.pdf", b"%PDF-1.4 charged twice")]
    page = form.submit(status=200)
    # A next step, not an error: no red summary, no "please correct".
    assert page.html.select_one(".error-summary") is None
    assert "Please correct" not in page.text
    step = page.html.select_one("#new-request-next-step")
    assert step["role"] == "status" and "Billing" in step.get_text()
    assert page.html.select(".field.has-error") == []
    # Everything typed and attached is kept.
    again = page.forms["new-request"]
    assert again["title"].value == "Charged twice" and again["message"].value == "See the invoice."
    kept = page.html.select_one("#new-request-attachment-kept").get_text(" ", strip=True)
    assert "invoice-2024-200.pdf" in kept
    # Answering the questions is all that is left.
    again["field_invoice"] = "2024-200"
    again.submit(status=303)
    req = newest_request(dbsession)
    assert req.title == "Charged twice" and req.custom_values == {"invoice": "2024-200"}
    names = dbsession.scalars(sa.select(Attachment.filename).where(Attachment.request_id == req.id)).all()
    assert names == ["invoice-2024-200.pdf"]


def test_the_questions_box_names_its_category_so_questions_a_script_brought_count_as_shown(testapp, login,
                                                                                          dbsession):
    """What ``questions.js`` does, as a post: the fetched box carries ``questions_for``."""
    billing = dbsession.scalar(sa.select(Category).where(Category.name == "Billing"))
    login(testapp, "demo@example.com")
    box = testapp.get(f"/requests/new?category={billing.id}").html.select_one("#new-request-questions")
    assert box.select_one("input[name=questions_for]")["value"] == str(billing.id)
    form = new_request_form(testapp, category_text="Billing", title="Charged twice", message="Twice.")
    params = [(name, value) for name, value in form.submit_fields() if name != "attachment"]
    params += [("questions_for", str(billing.id)), ("field_invoice", "2024-201")]
    upload = [("attachment", "statement.csv", b"date,amount\n2026-11-01,100\n")]
    testapp.post("/requests/new", params, upload_files=upload, status=303)
    req = newest_request(dbsession)
    assert req.custom_values == {"invoice": "2024-201"}


def test_with_the_questions_shown_an_unanswered_one_is_an_error_by_its_field(testapp, login, dbsession):
    billing = dbsession.scalar(sa.select(Category).where(Category.name == "Billing"))
    login(testapp, "demo@example.com")
    form = testapp.get(f"/requests/new?category={billing.id}").forms["new-request"]
    form["title"] = "Charged twice"
    form["message"] = "Twice."
    page = form.submit(status=200)
    assert page.html.select_one("#new-request-next-step") is None
    assert page.html.select_one("#new-request-field_invoice-error")


def test_a_norwegian_customer_gets_the_forms_own_words_in_norwegian(testapp, login):
    login(testapp, "colleague@example.com")
    page = testapp.get("/requests/new")
    assert "Choose…" not in page.text
    form = page.forms["new-request"]
    form["title"] = "ab"
    page = form.submit(status=200)
    summary = page.html.select_one(".error-summary h2").get_text()
    assert summary == "Rett opp dette"
    help_text = page.html.select_one("#new-request-attachment-help").get_text()
    assert "10,0\u00a0MB" in help_text


def test_the_title_is_a_text_input_the_layout_styles(testapp, login):
    login(testapp, "demo@example.com")
    assert testapp.get("/requests/new").html.select_one("#new-request-title")["type"] == "text"
