"""Forms a new visitor meets: every input styled, every field's problem shown in the first round."""
import pytest

from cc_core.forms import human_size

STYLED_TYPES = {"text", "email", "password", "number", "date", "tel", "url", "search"}


def test_every_input_of_the_sign_up_form_has_a_type_the_layout_styles(testapp):
    page = testapp.get("/register")
    inputs = page.html.select("#register input:not([type=hidden])")
    assert {i["name"] for i in inputs} >= {"name", "email", "password", "password_confirm", "phone"}
    for field in inputs:
        assert field.get("type") in STYLED_TYPES, field
    assert page.html.select_one("#register-name")["type"] == "text"


def test_the_layout_styles_plain_text_inputs(testapp):
    page = testapp.get("/register")
    href = next(link["href"] for link in page.html.select("link[rel=stylesheet]") if "cc.css" in link["href"])
    css = testapp.get(href.replace("http://localhost", "")).text
    assert "input[type=text]" in css


def test_sign_up_shows_every_field_problem_in_one_round(testapp):
    form = testapp.get("/register").forms["register"]
    form["name"] = "Nora New"
    form["email"] = "nora@"
    form["password"] = "short"
    form["password_confirm"] = "shirt"
    page = form.submit(status=200)
    errors = {p["id"]: p.get_text(" ", strip=True) for p in page.html.select("#register p.error")}
    assert set(errors) == {"register-email-error", "register-password-error", "register-password_confirm-error"}
    # The address's message once, not once per validator that refused it.
    assert errors["register-email-error"] == "Enter an e-mail address like name@example.com."
    assert "not the same" in errors["register-password_confirm-error"]
    # The summary lists them in the order of the fields.
    summary = [a["href"] for a in page.html.select("#register-errors a")]
    assert summary == ["#register-email", "#register-password", "#register-password_confirm"]
    # What was typed, but never the passwords, comes back.
    again = page.forms["register"]
    assert again["name"].value == "Nora New" and again["email"].value == "nora@"
    assert again["password"].value == ""


def test_a_good_address_with_mismatched_passwords_still_names_both_password_problems(testapp):
    form = testapp.get("/register").forms["register"]
    form["name"] = "Nora New"
    form["email"] = "nora@example.org"
    form["password"] = "short"
    form["password_confirm"] = "shorter"
    page = form.submit(status=200)
    assert page.html.select_one("#register-password-error")
    assert page.html.select_one("#register-password_confirm-error")
    assert not page.html.select_one("#register-email-error")


@pytest.mark.parametrize("locale, expected", [("en", "10.0\u00a0MB"), ("nb", "10,0\u00a0MB"),
                                             (None, "10.0\u00a0MB")])
def test_sizes_are_written_the_way_the_language_writes_them(locale, expected):
    assert human_size(10 * 1024 * 1024, locale) == expected


def test_small_sizes_are_counted_in_bytes():
    assert human_size(12, "nb") == "12\u00a0byte"
    assert human_size(12, "en") == "12\u00a0bytes"
