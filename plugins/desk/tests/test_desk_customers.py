"""The customer pages: lists, search, paging, access flags, deactivation."""
import pytest
import sqlalchemy as sa

from cc_core import api
from cc_core.testing import create_company, create_person, person_by_email

pytestmark = pytest.mark.cc_plugins("desk", "requests")


def names_in(page, table_id):
    return [row.select_one("td a").text for row in page.html.select(f"#{table_id} tbody tr")]


def test_person_search_matches_name_email_and_company(agent):
    page = agent.get("/desk/customers", {"q": "dana"})
    assert names_in(page, "persons") == ["Dana Demo"]
    page = agent.get("/desk/customers", {"q": "OTHER@example"})
    assert names_in(page, "persons") == ["Oscar Other"]
    page = agent.get("/desk/customers", {"q": "example ltd"})
    assert {"Dana Demo", "Mona Manager", "Colin Colleague"} <= set(names_in(page, "persons"))


def test_person_search_treats_wildcards_as_text(agent, dbsession):
    create_person(dbsession, email="pct@example.org", name="Hundred % Sure")
    assert names_in(agent.get("/desk/customers", {"q": "%"}), "persons") == ["Hundred % Sure"]
    assert names_in(agent.get("/desk/customers", {"q": "_"}), "persons") == []


def test_person_kinds(agent, dbsession):
    create_person(dbsession, email="gone@example.org", name="Gone Person", is_active=False)
    assert names_in(agent.get("/desk/customers", {"kind": "staff"}), "persons") == ["Alex Agent"]
    assert names_in(agent.get("/desk/customers", {"kind": "inactive"}), "persons") == ["Gone Person"]
    customers = names_in(agent.get("/desk/customers", {"kind": "customers"}), "persons")
    assert "Dana Demo" in customers and "Alex Agent" not in customers and "Gone Person" not in customers
    # An unknown kind shows everybody rather than failing.
    assert "Gone Person" in names_in(agent.get("/desk/customers", {"kind": "nonsense"}), "persons")


def test_person_list_pages_by_name_without_gaps_or_repeats(agent, dbsession):
    company = create_company(dbsession, name="Paging AS")
    for i in range(120):
        create_person(dbsession, email=f"pager{i:03d}@example.org", name=f"Pager {i:03d}", company=company)
    seen = []
    page = agent.get("/desk/customers", {"q": "pager"})
    assert page.html.select_one('.pager a[rel="first"]') is None
    while True:
        seen.extend(names_in(page, "persons"))
        link = page.html.select_one('.pager a[rel="next"]')
        if link is None:
            break
        assert "q=pager" in link["href"]
        page = agent.get(link["href"])
        assert page.html.select_one('.pager a[rel="first"]') is not None
    assert seen == [f"Pager {i:03d}" for i in range(120)]


def test_a_broken_cursor_shows_the_first_page(agent):
    page = agent.get("/desk/customers", {"cursor": "!!not-a-cursor"})
    assert names_in(page, "persons")[0] == "Alex Agent"


def test_names_are_escaped(agent, dbsession):
    create_person(dbsession, email="xss@example.org", name="<script>alert(1)</script>")
    page = agent.get("/desk/customers", {"q": "xss@"})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_company_list_counts_active_persons(agent, dbsession):
    company = create_company(dbsession, name="Counted Oy", city="Turku")
    create_person(dbsession, company=company)
    create_person(dbsession, company=company)
    create_person(dbsession, company=company, is_active=False)
    page = agent.get("/desk/companies", {"q": "turku"})
    rows = page.html.select("#companies tbody tr")
    assert len(rows) == 1
    assert [td.text.strip() for td in rows[0].select("td")] == ["Counted Oy", "", "Turku", "2"]


def test_company_page_lists_its_persons_and_offers_to_add_one(agent, dbsession):
    demo = person_by_email(dbsession, "demo@example.com")
    page = agent.get(f"/desk/companies/{demo.company_id}")
    assert {"Dana Demo", "Mona Manager", "Colin Colleague"} == set(names_in(page, "company-persons"))
    assert page.html.select_one(f'a[href="/desk/customers/new?company={demo.company_id}"]') is not None
    agent.get("/desk/companies/999999", status=404)
    agent.get("/desk/customers/999999", status=404)


def test_set_company_access_and_manager(agent, dbsession):
    colleague = person_by_email(dbsession, "colleague@example.com")
    form = agent.get(f"/desk/customers/{colleague.id}").forms["desk-person-access"]
    form["company_access"] = True
    form["is_manager"] = True
    page = form.submit().follow()
    assert "The access was saved." in page.text
    dbsession.refresh(colleague)
    assert colleague.company_access and colleague.is_manager and not colleague.is_staff


def test_access_change_conflict_is_refused(agent, dbsession, new_testapp, login):
    colleague = person_by_email(dbsession, "colleague@example.com")
    form = agent.get(f"/desk/customers/{colleague.id}").forms["desk-person-access"]
    other = new_testapp()
    login(other, "agent@example.com")
    second = other.get(f"/desk/customers/{colleague.id}").forms["desk-person-access"]
    second["is_manager"] = True
    second.submit().follow()
    form["company_access"] = True
    page = form.submit()
    assert page.status_int == 200
    assert "Somebody else changed this person" in page.text
    dbsession.refresh(colleague)
    assert colleague.is_manager and not colleague.company_access


def test_a_person_without_company_cannot_get_company_flags(agent, dbsession):
    loner = create_person(dbsession, email="loner@example.org", name="Lone Wolf")
    form = agent.get(f"/desk/customers/{loner.id}").forms["desk-person-access"]
    form["is_manager"] = True
    page = form.submit()
    assert "Only a person who belongs to a company can manage it." in page.text
    assert page.forms["desk-person-access"]["is_manager"].checked
    dbsession.refresh(loner)
    assert not loner.is_manager


def test_staff_cannot_remove_their_own_staff_flag(agent, dbsession):
    me = person_by_email(dbsession, "agent@example.com")
    form = agent.get(f"/desk/customers/{me.id}").forms["desk-person-access"]
    form["is_staff"] = False
    page = form.submit()
    assert "You cannot take away your own staff access." in page.text
    dbsession.refresh(me)
    assert me.is_staff


def test_make_somebody_staff_opens_the_desk_for_them(agent, dbsession, new_testapp, login):
    demo = person_by_email(dbsession, "demo@example.com")
    customer = new_testapp()
    login(customer, "demo@example.com")
    customer.get("/desk/customers", status=404)
    form = agent.get(f"/desk/customers/{demo.id}").forms["desk-person-access"]
    form["is_staff"] = True
    form.submit()
    customer.get("/desk/customers", status=200)


def test_deactivate_ends_sessions_blocks_login_and_keeps_data(agent, dbsession, new_testapp, login):
    demo = person_by_email(dbsession, "demo@example.com")
    customer = new_testapp()
    login(customer, "demo@example.com")
    page = agent.get(f"/desk/customers/{demo.id}").forms["desk-person-active"].submit().follow()
    assert "Dana Demo can no longer log in" in page.text
    assert page.html.select_one("#desk-person-active button").text.strip() == "Activate again"
    # The open session is over ...
    assert customer.get("/").html.select_one("#logout-form") is None
    # ... and logging in again fails like a wrong password.
    form = customer.get("/login").forms["login"]
    form["email"], form["password"] = "demo@example.com", "demo-password"
    assert "do not match an account" in form.submit().text
    assert dbsession.get(api.Person, demo.id) is not None
    # Activate again: the person can log in.
    agent.get(f"/desk/customers/{demo.id}").forms["desk-person-active"].submit().follow()
    login(customer, "demo@example.com")


def test_deactivate_twice_from_stale_pages_is_a_conflict(agent, dbsession, new_testapp, login):
    demo = person_by_email(dbsession, "demo@example.com")
    stale = agent.get(f"/desk/customers/{demo.id}").forms["desk-person-active"]
    agent.get(f"/desk/customers/{demo.id}").forms["desk-person-active"].submit()
    page = stale.submit()
    assert "Somebody else changed this person" in page.text
    dbsession.refresh(demo)
    assert not demo.is_active


def test_staff_cannot_deactivate_themselves(agent, dbsession):
    me = person_by_email(dbsession, "agent@example.com")
    page = agent.get(f"/desk/customers/{me.id}").forms["desk-person-active"].submit()
    assert "You cannot deactivate yourself." in page.text
    dbsession.refresh(me)
    assert me.is_active


def test_forms_refuse_a_post_without_csrf_token(agent, dbsession):
    demo = person_by_email(dbsession, "demo@example.com")
    agent.post(f"/desk/customers/{demo.id}/active", {}, status=400)
    dbsession.refresh(demo)
    assert demo.is_active


def test_a_double_submitted_deactivation_applies_once(agent, dbsession):
    demo = person_by_email(dbsession, "demo@example.com")
    form = agent.get(f"/desk/customers/{demo.id}").forms["desk-person-active"]
    first = form.submit()
    second = form.submit()
    assert first.status_int == second.status_int == 303
    dbsession.refresh(demo)
    assert not demo.is_active
    assert dbsession.scalar(sa.select(api.Person.is_active).where(api.Person.id == demo.id)) is False
