"""The three examples of docs/theming.md, exactly as written there."""
import os
import re

import pytest

from cc_core.testing import build_app

DOC = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "theming.md")
pytestmark = pytest.mark.cc_plugins("hello")


def examples() -> dict[str, dict[str, str]]:
    with open(DOC, encoding="utf-8") as fh:
        text = fh.read()
    out = {}
    for section in re.split(r"^## ", text, flags=re.M):
        match = re.match(r"Example (\d)", section)
        if match:
            files = re.findall(r"File `([^`]+)`:\n\n```\w*\n(.*?)```", section, flags=re.S)
            out[match.group(1)] = dict(files)
    return out


def make_theme(tmp_path, files: dict[str, str]) -> str:
    for name, content in files.items():
        path = tmp_path / "theme" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return str(tmp_path / "theme")


@pytest.fixture
def themed_testapp(tmp_path, cc_settings, dbconnection):
    import webtest

    def make(example: str):
        theme = make_theme(tmp_path, examples()[example])
        app = build_app({**cc_settings, "cc.theme": theme}, ("hello",))
        return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})

    return make


def test_the_doc_has_three_examples():
    assert sorted(examples()) == ["1", "2", "3"]


def test_example_1_extends_the_stock_layout_and_fills_only_the_footer(themed_testapp):
    testapp = themed_testapp("1")
    for url in ("/", "/login", "/hello/"):
        page = testapp.get(url)
        assert "ACME Support" in page.html.select_one("footer .acme-footer").text
        # Everything else of the stock layout is still there.
        assert page.html.select_one("a.skip-link") is not None
        assert page.html.select_one("nav.main-nav") is not None
        assert page.html.select_one("#language-form") is not None
    assert "Hello from a plugin" in testapp.get("/hello/").text


def test_example_2_replaces_the_stylesheet_and_adds_a_file(themed_testapp):
    testapp = themed_testapp("2")
    page = testapp.get("/")
    href = page.html.select_one('link[rel="stylesheet"]')["href"]
    css = testapp.get(href).text
    assert "--cc-accent: #7c2d12" in css
    assert testapp.get("/static/acme-logo.svg").status_int == 200


def test_example_3_overrides_one_core_template_and_the_rest_falls_back(themed_testapp):
    testapp = themed_testapp("3")
    page = testapp.get("/login")
    assert "your account manager sends you an invitation" in page.text
    assert "login" in page.forms
    # Templates the theme lacks fall back to the stock ones.
    assert "Welcome to" in testapp.get("/").text
    assert testapp.get("/no-such-page", status=404).html.select_one(".error-page") is not None


def test_a_plugin_template_can_be_overridden(tmp_path, cc_settings, dbconnection):
    import webtest

    theme = make_theme(tmp_path, {"templates/hello/hello.pt": (
        '<!DOCTYPE html>\n<html metal:use-macro="layout.macros[\'layout\']">'
        '<metal:c fill-slot="content"><p class="themed">Themed: ${greeting}</p></metal:c></html>')})
    testapp = webtest.TestApp(build_app({**cc_settings, "cc.theme": theme}, ("hello",)))
    assert "Themed: Hello from a plugin" in testapp.get("/hello/").text


def test_a_missing_theme_folder_stops_startup(cc_settings, tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        build_app({**cc_settings, "cc.theme": str(tmp_path / "nope")}, ("hello",))


def test_a_theme_overrides_a_mail_template_and_the_others_fall_back(tmp_path, cc_settings, dbconnection, mailbox):
    import webtest

    theme = make_theme(tmp_path, {"templates/core/mail/password_reset.txt.pt": (
        "ACME Support here, ${name}.\n\nChoose your new password: ${structure: link}\n")})
    testapp = webtest.TestApp(build_app({**cc_settings, "cc.theme": theme}, ("hello",)),
                              extra_environ={"HTTP_HOST": "localhost"})
    form = testapp.get("/password/forgot").forms["password-forgot"]
    form["email"] = "demo@example.com"
    form.submit()
    [mail] = mailbox.wait_for(1)
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert text.startswith("ACME Support here, Dana Demo.") and "/password/reset/" in text
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "ACME Support" not in html and "/password/reset/" in html   # the stock HTML part
