"""The hooks this plugin offers, called as the plugin calls them.

``cc_preferences_fields``, ``cc_preferences_export`` and
``cc_preferences_on_saved`` are exercised through the pages with the tiny
plugin in ``prefs_testplugin``; the last test runs them with the real
requests plugin when it is installed.
"""
import importlib.util
import json

import pytest

import prefs_testplugin

pytestmark = pytest.mark.cc_plugins("preferences", extra=[("testprefs", prefs_testplugin)])


def test_the_hookspecs_are_registered_and_optional_for_implementers(app):
    pm = app.registry["cc.plugin_manager"]
    for name in ("cc_preferences_fields", "cc_preferences_export", "cc_preferences_on_saved"):
        caller = getattr(pm.hook, name)
        assert caller.spec is not None and caller.spec.function.__doc__
        assert [impl.plugin_name for impl in caller.get_hookimpls()] == ["testprefs"]


def test_cc_preferences_fields_groups_render_as_their_own_fieldsets(testapp, login):
    login(testapp, "demo@example.com")
    page = testapp.get("/preferences")
    assert 'class="preference-group preference-group-testprefs"' in page.text
    assert page.text.index("About you") < page.text.index("Test plugin settings")


def test_cc_preferences_on_saved_hears_what_changed(testapp, login):
    prefs_testplugin.SAVED.clear()
    login(testapp, "demo@example.com")
    form = testapp.get("/preferences").forms["preferences"]
    form["testprefs_digest"] = True
    form.submit()
    assert prefs_testplugin.SAVED == [("demo@example.com", ["testprefs_digest"])]


def test_cc_preferences_export_parts_are_merged_but_cannot_replace_the_core(testapp, login):
    login(testapp, "demo@example.com")
    data = json.loads(testapp.get("/preferences/data").text)
    assert data["testprefs"] == {"colour": "blue"}
    assert data["person"]["email"] == "demo@example.com"


REQUESTS_INSTALLED = importlib.util.find_spec("cc_requests") is not None


@pytest.mark.skipif(not REQUESTS_INSTALLED, reason="the requests plugin is not installed")
@pytest.mark.cc_plugins("preferences", *(("requests",) if REQUESTS_INSTALLED else ()))
def test_the_real_requests_plugin_adds_fields_and_data(testapp, login):
    login(testapp, "demo@example.com")
    page = testapp.get("/preferences")
    groups = [g for g in page.html.select("fieldset.preference-group")
              if "preference-group-profile" not in g["class"]]
    assert groups, "the requests plugin added no preference fieldset"
    form = page.forms["preferences"]
    assert form.submit().status_int == 303
    data = json.loads(testapp.get("/preferences/data").text)
    assert set(data) - {"exported_at", "person", "company", "preferences"}, "no data from the requests plugin"


def test_preferences_is_in_the_user_menu(testapp, login):
    login(testapp, "demo@example.com")
    link = testapp.get("/").html.select_one('.user-menu a[data-name="preferences"]')
    assert link["href"] == "/preferences" and link.text == "Preferences"
    page = testapp.get("/preferences").html
    assert page.select_one('.user-menu a[data-name="preferences"]')["aria-current"] == "page"
    assert page.select_one('nav.main-nav a[href="/preferences"]') is None
