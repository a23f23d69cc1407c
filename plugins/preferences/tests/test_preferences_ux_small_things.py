"""Preferences: the time-zone picker by region with offsets, one place for the language, "nothing changed" as information."""
import datetime as dt
import zoneinfo

import pytest

pytestmark = pytest.mark.cc_plugins("preferences")


def offset_now(zone: str) -> str:
    minutes = int(dt.datetime.now(zoneinfo.ZoneInfo(zone)).utcoffset().total_seconds() // 60)
    sign = "+" if minutes > 0 else "\u2212" if minutes < 0 else "\u00b1"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def test_time_zones_are_grouped_by_region_each_with_its_offset(testapp, login):
    login(testapp, "demo@example.com")
    select = testapp.get("/preferences").html.select_one("#preferences-timezone")
    groups = [group["label"] for group in select.select("optgroup")]
    assert groups[:3] == ["Universal", "Europe", "America"]
    assert select.find_all("option", recursive=False) == []   # no zone outside a group
    oslo = select.select_one('option[value="Europe/Oslo"]')
    assert oslo.find_parent("optgroup")["label"] == "Europe"
    assert oslo.text == f"Oslo ({offset_now('Europe/Oslo')})"
    assert oslo.has_attr("selected")   # the demo customer's zone
    kolkata = select.select_one('option[value="Asia/Kolkata"]').text
    assert kolkata == "Kolkata (UTC+05:30)"
    buenos_aires = select.select_one('option[value="America/Argentina/Buenos_Aires"]').text
    assert buenos_aires == "Argentina / Buenos Aires (UTC\u221203:00)"
    assert len(select.select("option")) < 500   # canonical zones only, no legacy aliases


def test_region_names_are_translated(testapp, login):
    login(testapp, "colleague@example.com")
    groups = [g["label"] for g in testapp.get("/preferences").html.select("#preferences-timezone optgroup")]
    assert "Europa" in groups and "Stillehavet" in groups


def test_saving_without_a_change_is_information_not_success(testapp, login):
    login(testapp, "demo@example.com")
    page = testapp.get("/preferences").forms["preferences"].submit(status=303).follow()
    assert "Nothing had changed" in page.html.select_one(".flash-info").text
    assert page.html.select_one(".flash-success") is None
    form = page.forms["preferences"]
    form["name"] = "Dana D. Demo"
    page = form.submit(status=303).follow()
    assert "Your preferences have been saved." in page.html.select_one(".flash-success").text


def test_a_logged_in_person_changes_the_language_in_one_place(testapp, login):
    login(testapp, "demo@example.com")
    page = testapp.get("/")
    assert page.html.select_one("#language-form") is None
    link = page.html.select_one("#language-current a")
    assert link["href"] == "/preferences#preferences-language"
    assert "English" in page.html.select_one("#language-current").text
    assert testapp.get("/preferences").html.select_one("#preferences-language") is not None


def test_a_visitor_still_has_the_switch(testapp):
    page = testapp.get("/")
    assert page.html.select_one("#language-form") is not None
    assert page.html.select_one("#language-current") is None
