"""Item 3: the new-request form through the core's stateless pipeline."""
import pytest
import sqlalchemy as sa
from webtest import Upload

from cc_core.testing import Mailbox, person_by_email
from cc_requests.models import Attachment, Message, Request, SearchDocument
from requests_testing import new_request_form

pytestmark = pytest.mark.cc_plugins("requests")


def count(dbsession, model) -> int:
    return dbsession.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_new_request_redirects_to_it_flashes_and_mails_a_link(testapp, login, dbsession, mailbox):
    login(testapp, "demo@example.com")
    form = new_request_form(testapp, title="Label printer prints blank pages", message="Since Monday.\n\nHelp!")
    form["priority"].select(text="High")
    response = form.submit(status=303)
    req = dbsession.scalars(sa.select(Request).order_by(Request.id.desc())).first()
    assert response.location.endswith(f"/requests/{req.id}")
    page = response.follow()
    assert "Your request has been sent" in page.text
    assert req.title == "Label printer prints blank pages" and req.status == "open"
    assert req.priority.name == "High" and req.category.name == "General question"
    assert req.owner.email == "demo@example.com" and req.company_id == req.owner.company_id
    [message] = mailbox.wait_for(1)
    assert "demo@example.com" in message["To"]
    assert f"[#{req.id}]" in message["Subject"]
    assert f"http://localhost/requests/{req.id}" in Mailbox.links(message)
    assert "Help!" in Mailbox.text(message)


def test_bad_input_comes_back_with_values_kept_and_messages_by_the_fields(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    before = count(dbsession, Request)
    form = new_request_form(testapp, title="ab", message="   ")
    page = form.submit()
    assert page.status_int == 200
    assert page.forms["new-request"]["title"].value == "ab"
    errors = {p["id"]: p.get_text() for p in page.html.select("p.error")}
    assert "new-request-title-error" in errors and "new-request-message-error" in errors
    assert page.html.select_one(".error-summary a[href='#new-request-title']")
    assert count(dbsession, Request) == before


def test_customers_cannot_choose_a_staff_only_priority(testapp, login, dbsession):
    from cc_requests.models import Priority

    urgent = dbsession.scalar(sa.select(Priority).where(Priority.name == "Urgent"))
    login(testapp, "demo@example.com")
    form = new_request_form(testapp)
    assert str(urgent.id) not in [value for value, _s, _t in form["priority"].options]
    form["priority"].force_value(str(urgent.id))
    page = form.submit()
    assert page.status_int == 200 and page.html.select_one("#new-request-priority-error")


def test_inactive_categories_are_not_offered(testapp, login):
    login(testapp, "demo@example.com")
    form = testapp.get("/requests/new").forms["new-request"]
    labels = [text for _v, _s, text in form["category"].options]
    assert "Technical problem › Integrations" in labels
    assert "Discontinued products" not in labels


def test_a_double_submit_makes_one_request(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    before = count(dbsession, Request)
    form = new_request_form(testapp, title="Only once please")
    first = form.submit(status=303)
    second = form.submit(status=303)
    assert second.location == first.location
    assert count(dbsession, Request) == before + 1


def test_attachments_are_stored_and_downloadable(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    form = new_request_form(testapp)
    form["attachment"] = [Upload("error log.txt", b"line 1\nline 2\n")]
    page = form.submit(status=303).follow()
    link = page.html.select_one(".attachments a")
    assert link.get_text() == "error log.txt"
    download = testapp.get(link["href"])
    assert download.body == b"line 1\nline 2\n"
    assert download.headers["Content-Type"].startswith("text/plain")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_several_files_can_be_attached_at_once(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    form = new_request_form(testapp, title="Two files")
    form["attachment"] = [Upload("a.txt", b"first"), Upload("b.csv", b"x,y\n")]
    form.submit(status=303)
    req = dbsession.scalars(sa.select(Request).order_by(Request.id.desc())).first()
    names = sorted(dbsession.scalars(sa.select(Attachment.filename).where(Attachment.request_id == req.id)))
    assert names == ["a.txt", "b.csv"]


@pytest.mark.cc_settings({"cc.requests.max_attachment_bytes": "1000"})
def test_a_file_too_large_is_refused_and_nothing_is_half_saved(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    before = (count(dbsession, Request), count(dbsession, Message), count(dbsession, Attachment))
    form = new_request_form(testapp, title="Big file")
    form["attachment"] = [Upload("big.txt", b"x" * 1001)]
    page = form.submit()
    assert page.status_int == 200
    error = page.html.select_one("#new-request-attachment-error").get_text()
    assert "big.txt" in error and "1,000\u00a0bytes" in error
    assert page.forms["new-request"]["title"].value == "Big file"
    assert page.html.select_one("#new-request-attachment-kept") is None  # a refused file is not kept
    assert (count(dbsession, Request), count(dbsession, Message), count(dbsession, Attachment)) == before


def test_a_refused_file_type_gets_a_readable_error(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    before = count(dbsession, Request)
    form = new_request_form(testapp)
    form["attachment"] = [Upload("run-me.exe", b"MZ\x90\x00")]
    page = form.submit()
    assert page.status_int == 200
    assert "run-me.exe" in page.html.select_one("#new-request-attachment-error").get_text()
    assert count(dbsession, Request) == before


def test_file_names_are_sanitised(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    form = new_request_form(testapp)
    form["attachment"] = [Upload('../../etc/"passwd".txt', b"root")]
    form.submit(status=303)
    name = dbsession.scalars(sa.select(Attachment.filename).order_by(Attachment.id.desc())).first()
    assert name == "passwd.txt"


def test_a_category_with_questions_asks_them_before_saving(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    before = count(dbsession, Request)
    form = new_request_form(testapp, category_text="Billing", title="Charged twice", message="See invoice.")
    page = form.submit()
    assert page.status_int == 200 and count(dbsession, Request) == before
    assert "asks a few questions" in page.html.select_one("#new-request-next-step").get_text()
    form = page.forms["new-request"]
    assert form["title"].value == "Charged twice" and "field_invoice" in form.fields
    form["field_amount"] = "12.50"
    page = form.submit()
    assert page.status_int == 200
    assert page.html.select_one("#new-request-field_invoice-error")
    form = page.forms["new-request"]
    form["field_invoice"] = "2024-200"
    form.submit(status=303)
    req = dbsession.scalars(sa.select(Request).order_by(Request.id.desc())).first()
    assert req.custom_values == {"invoice": "2024-200", "amount": "12.50"}


def test_questions_of_a_category_in_the_url_are_shown_at_once(testapp, login, dbsession):
    from cc_requests.models import Category

    technical = dbsession.scalar(sa.select(Category).where(Category.name == "Technical problem"))
    login(testapp, "demo@example.com")
    form = testapp.get(f"/requests/new?category={technical.id}").forms["new-request"]
    form["title"] = "Scanner down"
    form["message"] = "Nothing scans."
    form["field_product"] = "app"
    form["field_occurred_on"] = "2024-05-01"
    form["field_production_down"] = "yes"
    page = form.submit(status=303).follow()
    details = page.html.select_one(".request-details").get_text(" ")
    assert "Mobile app" in details and "Yes" in details and "2024" in details


def test_a_bad_custom_answer_is_refused(testapp, login, dbsession):
    from cc_requests.models import Category

    technical = dbsession.scalar(sa.select(Category).where(Category.name == "Technical problem"))
    login(testapp, "demo@example.com")
    form = testapp.get(f"/requests/new?category={technical.id}").forms["new-request"]
    form["title"] = "Scanner down"
    form["message"] = "Nothing scans."
    form["field_product"].force_value("mainframe")
    form["field_production_down"] = "yes"
    page = form.submit()
    assert page.status_int == 200 and page.html.select_one("#new-request-field_product-error")


def test_the_search_document_holds_title_and_first_message(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    new_request_form(testapp, title="Wobbly TABLE", message="The leg is LOOSE").submit(status=303)
    req = dbsession.scalars(sa.select(Request).order_by(Request.id.desc())).first()
    document = dbsession.get(SearchDocument, req.id).document
    assert "wobbly table" in document and "the leg is loose" in document


def test_the_owner_of_a_new_request_is_the_logged_in_person(testapp, login, dbsession):
    login(testapp, "colleague@example.com")  # Norwegian: the form speaks it
    new_request_form(testapp, title="Min", category_text="Generelt spørsmål").submit(status=303)
    req = dbsession.scalars(sa.select(Request).order_by(Request.id.desc())).first()
    assert req.owner_id == person_by_email(dbsession, "colleague@example.com").id


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-inf", "sNaN", "twelve", "1e999999"])
def test_a_number_answer_must_be_a_finite_number(testapp, login, dbsession, amount):
    login(testapp, "demo@example.com")
    before = count(dbsession, Request)
    form = new_request_form(testapp, category_text="Billing", title="Charged twice", message="See invoice.")
    form = form.submit().forms["new-request"]
    form["field_invoice"] = "2024-200"
    form["field_amount"] = amount
    page = form.submit(status=200)
    assert page.html.select_one("#new-request-field_amount-error")
    assert page.forms["new-request"]["field_amount"].value == amount
    assert count(dbsession, Request) == before


def test_a_date_answer_must_be_a_date(testapp, login, dbsession):
    from cc_requests.models import Category

    technical = dbsession.scalar(sa.select(Category).where(Category.name == "Technical problem"))
    login(testapp, "demo@example.com")
    form = testapp.get(f"/requests/new?category={technical.id}").forms["new-request"]
    form["title"], form["message"] = "Scanner down", "Nothing scans."
    form["field_product"], form["field_production_down"] = "app", "yes"
    form["field_occurred_on"] = "2024-02-30"
    page = form.submit(status=200)
    assert page.html.select_one("#new-request-field_occurred_on-error")
    assert page.forms["new-request"]["field_occurred_on"].value == "2024-02-30"
