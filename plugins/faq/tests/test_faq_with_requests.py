"""With the requests plugin: the new-request form suggests FAQ articles.

Skipped where the requests plugin is not installed.
"""
import pytest

from faq_plugins import WITH_REQUESTS, needs_requests

pytestmark = [pytest.mark.cc_plugins(*WITH_REQUESTS), needs_requests]


def test_the_new_request_form_shown_again_lists_matching_articles(testapp, login):
    login(testapp, "demo@example.com")
    form = testapp.get("/requests/new").forms["new-request"]
    form["title"] = "How can I reset my password"
    page = form.submit()  # the message is missing: the form comes back, with suggestions
    assert page.status_int == 200
    links = [a for a in page.html.select('a[href*="/faq/articles/"]') if "reset my password" in a.get_text()]
    assert links


def test_suggestions_hook_is_registered_by_the_requests_plugin(app):
    hook = app.registry["cc.plugin_manager"].hook
    assert hook.cc_requests_suggestions.spec is not None
