"""FAQ management (pages of the FAQ plugin for staff), reached from the desk."""
import re

import pytest
from pyramid.interfaces import IRoutesMapper

from conftest import csrf_token

pytestmark = pytest.mark.cc_plugins("desk", "requests", "faq")


def first_folder_id(agent) -> int:
    link = agent.get("/faq/manage").html.select_one(".manage-tree a")
    return int(link["href"].rsplit("/", 1)[1])


def new_article(agent, folder_id, question, answer, visibility="internal"):
    form = agent.get(f"/faq/manage/folders/{folder_id}/articles/new").forms["faq-manage-article"]
    form["question"], form["answer"], form["visibility"] = question, answer, visibility
    page = form.submit().follow()
    assert "The article was saved." in page.text
    return page


def article_id(page) -> int:
    return int(re.search(r"/faq/manage/articles/(\d+)", page.request.url).group(1))


def test_management_routes_answer_404_to_everybody_else(testapp, login, app, dbsession):
    mapper = app.registry.getUtility(IRoutesMapper)
    urls = [route.generate({"id": "1"}) for route in mapper.get_routes() if route.name.startswith("faq.manage")]
    assert len(urls) == 7  # with the language versions page
    for url in urls:
        assert testapp.get(url, status="*").status_int == 404, url
        assert testapp.post(url, {}, status="*").status_int == 404, url
    login(testapp, "manager@example.com")
    token = csrf_token(testapp)
    for url in urls:
        assert testapp.get(url, status="*").status_int == 404, url
        assert testapp.post(url, {"csrf_token": token}, status="*").status_int == 404, url


def test_the_desk_menu_links_to_faq_management(agent):
    link = agent.get("/desk/customers").html.select_one('nav.desk-menu a[data-name="faq"]')
    assert link["href"] == "/faq/manage"
    page = agent.get(link["href"])
    assert page.html.select(".manage-tree li")


def test_create_article_internal_then_publish_it(agent, dbsession, new_testapp, login):
    folder_id = first_folder_id(agent)
    page = new_article(agent, folder_id, "How do I export invoices to Zylophone?",
                       "Open **Invoices** and choose *Export*.")
    number = article_id(page)
    customer = new_testapp()
    login(customer, "demo@example.com")
    customer.get(f"/faq/articles/{number}", status=404)
    assert "Zylophone" not in customer.get("/faq/search", {"q": "zylophone"}).text

    form = agent.get(f"/faq/manage/articles/{number}").forms["faq-manage-article"]
    form["visibility"] = "customers"
    form.submit().follow()
    answer = customer.get(f"/faq/articles/{number}")
    assert "<strong>Invoices</strong>" in answer.text
    # The search index followed the change made through the FAQ's services.
    assert f"/faq/articles/{number}" in customer.get("/faq/search", {"q": "zylophone"}).text
    new_testapp().get(f"/faq/articles/{number}", status=404)  # still not public


def test_preview_uses_the_sanitiser_and_saves_nothing(agent):
    folder_id = first_folder_id(agent)
    form = agent.get(f"/faq/manage/folders/{folder_id}/articles/new").forms["faq-manage-article"]
    form["question"] = "Preview only"
    form["answer"] = "Hello *there*\n\n<script>alert(1)</script>\n\n[click](javascript:alert(2))"
    page = form.submit("preview")
    assert page.status_int == 200
    preview = page.html.select_one(".manage-preview .faq-answer")
    assert preview.select_one("em").text == "there"
    assert preview.select_one("script") is None and "javascript:" not in str(preview)
    assert page.forms["faq-manage-article"]["answer"].value.startswith("Hello *there*")
    assert "Preview only" not in agent.get(f"/faq/manage/folders/{folder_id}").text


def test_edit_conflict_keeps_the_first_save(agent, new_testapp, login):
    folder_id = first_folder_id(agent)
    number = article_id(new_article(agent, folder_id, "Conflicting question", "First answer."))
    mine = agent.get(f"/faq/manage/articles/{number}").forms["faq-manage-article"]
    other = new_testapp()
    login(other, "agent@example.com")
    theirs = other.get(f"/faq/manage/articles/{number}").forms["faq-manage-article"]
    theirs["answer"] = "Their answer."
    theirs.submit().follow()
    mine["answer"] = "My answer."
    page = mine.submit()
    assert "Somebody else saved a change here" in page.text
    assert "Their answer." in agent.get(f"/faq/manage/articles/{number}").text


def test_new_folder_move_it_and_refuse_a_cycle(agent):
    form = agent.get("/faq/manage/folders/new").forms["faq-manage-folder"]
    form["name"], form["visibility"] = "Parent folder", "public"
    parent = int(form.submit().follow().request.url.rsplit("/", 1)[1])
    form = agent.get(f"/faq/manage/folders/new?parent={parent}").forms["faq-manage-folder"]
    assert form["parent"].value == str(parent)
    form["name"] = "Child folder"
    child = int(form.submit().follow().request.url.rsplit("/", 1)[1])
    # A folder cannot go inside itself or below: those are not offered ...
    edit = agent.get(f"/faq/manage/folders/{parent}?edit=1").forms["faq-manage-folder"]
    offered = [value for value, _selected, _text in edit["parent"].options]
    assert str(child) not in offered and str(parent) not in offered
    # ... and a forged post is refused by the schema.
    edit["parent"].force_value(str(child))
    assert edit.submit().status_int == 200
    page = agent.get(f"/faq/manage/folders/{child}")
    assert "Parent folder" in page.html.select_one(".faq-breadcrumbs").text
    # Move the child to the top level.
    edit = agent.get(f"/faq/manage/folders/{child}?edit=1").forms["faq-manage-folder"]
    edit["parent"] = ""
    edit.submit().follow()
    assert "Parent folder" not in agent.get(f"/faq/manage/folders/{child}").html.select_one(".faq-breadcrumbs").text


ARTICLES = 'section[aria-labelledby="articles-heading"] li'


def test_reorder_articles_up_and_down(agent):
    folder_id = first_folder_id(agent)

    def order():
        page = agent.get(f"/faq/manage/folders/{folder_id}")
        return [a.text for a in page.html.select(ARTICLES + " > a")], page

    before, page = order()
    assert len(before) >= 2
    state = page.html.select(ARTICLES)[1].select_one("input[name=_state]")["value"]
    form = next(f for f in page.forms.values() if "_state" in f.fields and f["_state"].value == state)
    form.submit("direction", value="up").follow()
    after, _page = order()
    assert after == [before[1], before[0], *before[2:]]


def test_move_down_then_a_tampered_move_is_refused(agent):
    folder_id = first_folder_id(agent)
    page = agent.get(f"/faq/manage/folders/{folder_id}")
    before = [a.text for a in page.html.select(ARTICLES + " > a")]
    state = page.html.select(ARTICLES)[0].select_one("input[name=_state]")["value"]
    form = next(f for f in page.forms.values() if "_state" in f.fields and f["_state"].value == state)
    form.submit("direction", value="down").follow()
    page = agent.get(f"/faq/manage/folders/{folder_id}")
    assert [a.text for a in page.html.select(ARTICLES + " > a")] == [before[1], before[0], *before[2:]]
    form = next(f for f in page.forms.values() if "_state" in f.fields)
    form["_state"].force_value(form["_state"].value[:-3] + "xyz")
    refused = form.submit("direction", value="up", status=400)
    assert "Nothing was moved" in refused.text
    after = [a.text for a in agent.get(f"/faq/manage/folders/{folder_id}").html.select(ARTICLES + " > a")]
    assert after == [before[1], before[0], *before[2:]]


@pytest.fixture
def publish(app):
    """Call the hook as the desk does, in a request of its own, and commit.

    The commit only releases a savepoint: the test's outer transaction is
    still rolled back at the end.
    """
    import transaction
    from pyramid.scripting import prepare

    def call(**kwargs):
        env = prepare(registry=app.registry)
        try:
            with transaction.manager:
                return app.registry["cc.plugin_manager"].hook.cc_desk_publish_to_faq(request=env["request"],
                                                                                     **kwargs)
        finally:
            env["closer"]()

    return call


def test_cc_desk_publish_to_faq_makes_an_internal_draft(agent, publish, new_testapp, login):
    url = publish(title="  How do I   export a report? ", body="Choose **Export** in the report's menu.",
                  source_request_id=7)
    second = publish(title="Another answer", body="Text.", source_request_id=8)
    form = agent.get(url).forms["faq-manage-article"]
    assert form["question"].value == "How do I export a report?"
    assert form["visibility"].value == "internal"
    # Both drafts land in the one internal drafts folder.
    assert form["folder"].value == agent.get(second).forms["faq-manage-article"]["folder"].value
    number = url.rsplit("/", 1)[1]
    customer = new_testapp()
    login(customer, "demo@example.com")
    customer.get(f"/faq/articles/{number}", status=404)
    assert "export a report" not in customer.get("/faq/search", {"q": "export report"}).text
