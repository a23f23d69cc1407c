"""The company page: who sees it, what it shows, sorting, paging, escaping."""
import datetime as dt

import pytest
import sqlalchemy as sa

from cc_core import api
from cc_core.testing import create_company, create_person, person_by_email
from cc_example_crm_view.models import CompanyChange, CrmRecord

pytestmark = pytest.mark.cc_plugins("example_crm_view")


def add_records(dbsession, company_id, count, **fields):
    start = dt.date(2024, 1, 1)
    records = [CrmRecord(company_id=company_id, reference=f"R-{i:03d}", name=fields.get("name", f"Product {i:03d}"),
                         kind=fields.get("kind", "licence"), status=fields.get("status", "active"), quantity=i,
                         start_date=start, renewal_date=start + dt.timedelta(days=10 * i))
               for i in range(1, count + 1)]
    dbsession.add_all(records)
    dbsession.flush()
    return records


@pytest.fixture
def company(dbsession):
    """A company of its own with a manager and a plain person, and no records."""
    company = create_company(dbsession, name="Fjord Analytics AS", org_number="912 000 111",
                             address="Kaigata 5", postcode="5016", city="Bergen", country="Norway",
                             phone="+47 55 00 00 00", website="https://fjord.example")
    create_person(dbsession, email="boss@fjord.example", name="Berit Boss", company=company, is_manager=True,
                  company_access=True, phone="+47 900 00 001")
    create_person(dbsession, email="staff@fjord.example", name="Sigurd Staff", company=company,
                  phone="+47 900 00 002", mobile="+47 900 00 003")
    return company


def test_every_person_of_the_company_sees_it_read_only(testapp, login, company):
    login(testapp, "staff@fjord.example")
    page = testapp.get("/company")
    main = page.html.select_one("main")
    assert main.h1.text == "Fjord Analytics AS"
    facts = main.select_one(".crm-facts").text
    for value in ("912 000 111", "Kaigata 5", "5016 Bergen", "Norway", "+47 55 00 00 00"):
        assert value in facts
    assert main.select_one('a[href="https://fjord.example"]')["rel"] == ["noopener", "noreferrer"]
    assert main.select_one('a[href="/company/edit"]') is None


def test_a_manager_gets_the_edit_link(testapp, login, company):
    login(testapp, "boss@fjord.example")
    assert testapp.get("/company").html.select_one('main a[href="/company/edit"]') is not None


def test_contacts_are_listed_without_private_data(testapp, login, company):
    login(testapp, "staff@fjord.example")
    contacts = testapp.get("/company").html.select_one(".crm-contacts")
    names = [li.contents[0].strip() for li in contacts.select("li")]
    assert names == ["Berit Boss", "Sigurd Staff"]
    assert "Manager" in contacts.text
    for private in ("@fjord.example", "900 00 00"):
        assert private not in contacts.text


def test_each_company_sees_only_its_own(testapp, login):
    login(testapp, "other@example.net")
    page = testapp.get("/company")
    assert page.html.select_one("main h1").text == "Other Corp"
    assert "Example Ltd" not in page.text
    assert "Mona Manager" not in page.text


def test_a_person_without_a_company_gets_404(testapp, login):
    login(testapp, "agent@example.com")
    testapp.get("/company", status=404)
    testapp.get("/company/edit", status=404)


def test_anonymous_visitors_are_sent_to_log_in(testapp):
    response = testapp.get("/company", status=303)
    assert "/login?came_from=%2Fcompany" in response.location


def test_records_are_sorted_by_renewal_and_paged(testapp, login, dbsession, company):
    add_records(dbsession, company.id, 23)
    login(testapp, "staff@fjord.example")
    page = testapp.get("/company")
    rows = page.html.select("tr.crm-record")
    assert [row.td.text for row in rows] == [f"R-{i:03d}" for i in range(1, 11)]
    assert page.html.select_one('th[aria-sort="ascending"]').a.text.startswith("Renewal date")
    pager = page.html.select_one("nav.pager")
    assert "Page 1 of 3" in " ".join(pager.text.split())
    assert pager.select_one('a[rel="prev"]') is None
    last = testapp.get(pager.select_one('a[rel="next"]')["href"]).html
    last = testapp.get(last.select_one('nav.pager a[rel="next"]')["href"]).html
    assert [row.td.text for row in last.select("tr.crm-record")] == ["R-021", "R-022", "R-023"]
    assert last.select_one('nav.pager a[rel="next"]') is None


def test_a_second_click_reverses_the_sort(testapp, login, dbsession, company):
    add_records(dbsession, company.id, 3)
    login(testapp, "staff@fjord.example")
    page = testapp.get("/company?sort=reference")
    header = page.html.select_one('th[aria-sort="ascending"]')
    assert header.a.text.startswith("Reference")
    assert header.a["href"] == "/company?sort=-reference#records"
    reversed_page = testapp.get("/company?sort=-reference").html
    assert reversed_page.select_one('th[aria-sort="descending"]').a.text.startswith("Reference")
    assert [row.td.text for row in reversed_page.select("tr.crm-record")] == ["R-003", "R-002", "R-001"]
    # Quantity is shown but not sortable: a plain heading, not a link.
    quantity = [th for th in reversed_page.select("thead th") if th.text.strip() == "Quantity"][0]
    assert quantity.a is None


@pytest.mark.parametrize("query", ["sort=password_hash", "sort=-", "page=abc", "page=-3", "page=999"])
def test_odd_query_strings_fall_back_to_sensible_pages(testapp, login, dbsession, company, query):
    add_records(dbsession, company.id, 12)
    login(testapp, "staff@fjord.example")
    page = testapp.get(f"/company?{query}").html
    assert len(page.select("tr.crm-record")) in (10, 2)
    assert page.select_one("th[aria-sort]") is not None


def test_text_from_the_database_is_escaped(testapp, login, dbsession, company):
    company.name = "<script>alert(1)</script> AS"
    company.website = "javascript:alert(2)"
    add_records(dbsession, company.id, 1, name='<img src=x onerror="alert(3)">')
    dbsession.flush()
    login(testapp, "staff@fjord.example")
    page = testapp.get("/company")
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)" in page.text
    assert "<img src=x" not in page.text
    # A web address that is not http(s) is shown, never linked.
    assert page.html.select_one('a[href^="javascript:"]') is None
    assert "javascript:alert(2)" in page.html.select_one(".crm-facts").text


def test_history_shows_who_changed_what(testapp, login, dbsession, company):
    boss = person_by_email(dbsession, "boss@fjord.example")
    at = api.utcnow()
    dbsession.add_all([
        CompanyChange(company_id=company.id, version=2, person_id=boss.id, author_name="Berit Boss", changed_at=at,
                      field="phone", old_value="+47 55 00 00 00", new_value="+47 55 11 11 11"),
        CompanyChange(company_id=company.id, version=2, person_id=boss.id, author_name="Berit Boss", changed_at=at,
                      field="city", old_value="Bergen", new_value="Os"),
    ])
    dbsession.flush()
    login(testapp, "staff@fjord.example")
    history = testapp.get("/company").html.select_one("aside.sidebar .crm-history")
    entry = history.select_one("li")
    assert "Berit Boss" in entry.select_one(".crm-history-who").text
    assert entry.time["datetime"] == at.isoformat()
    changes = [" ".join(li.text.split()) for li in entry.select("ul li")]
    assert changes == ["Phone: +47 55 00 00 00 → +47 55 11 11 11", "City: Bergen → Os"]


def test_the_page_costs_the_same_queries_for_many_rows(testapp, login, dbsession, sql_statements, company):
    """No query per record, contact or change: the count does not grow with the data."""
    login(testapp, "staff@fjord.example")

    def count_queries():
        with sql_statements() as statements:
            testapp.get("/company")
        return len(statements)

    few = count_queries()
    add_records(dbsession, company.id, 30)
    for i in range(8):
        create_person(dbsession, email=f"more{i}@fjord.example", company=company)
        dbsession.add(CompanyChange(company_id=company.id, version=i + 2, author_name="Someone",
                                    changed_at=api.utcnow(), field="city", old_value="a", new_value="b"))
    dbsession.flush()
    many = count_queries()
    assert many == few
    assert many <= 10


def test_navigation_item_only_for_persons_of_a_company(testapp, login, new_testapp):
    """cc_navigation: the "Company" entry."""
    assert testapp.get("/").html.select_one('nav.main-nav a[href="/company"]') is None
    login(testapp, "demo@example.com")
    link = testapp.get("/").html.select_one('nav.main-nav a[href="/company"]')
    assert link.text == "Company"
    assert testapp.get("/company").html.select_one('nav.main-nav a[aria-current="page"]')["href"] == "/company"
    agent = new_testapp()
    login(agent, "agent@example.com")
    assert agent.get("/").html.select_one('nav.main-nav a[href="/company"]') is None


def test_home_panel_shows_key_figures(testapp, login, dbsession, company):
    """cc_home_panels: active records, the next renewal from today, contacts."""
    today = dt.date.today()
    dbsession.add_all([
        CrmRecord(company_id=company.id, reference="A", name="A", status="active", start_date=today,
                  renewal_date=today + dt.timedelta(days=40)),
        CrmRecord(company_id=company.id, reference="B", name="B", status="active", start_date=today,
                  renewal_date=today + dt.timedelta(days=5)),
        CrmRecord(company_id=company.id, reference="C", name="C", status="active", start_date=today,
                  renewal_date=today - dt.timedelta(days=5)),
        CrmRecord(company_id=company.id, reference="D", name="D", status="pending", start_date=today,
                  renewal_date=today + dt.timedelta(days=1)),
    ])
    dbsession.flush()
    login(testapp, "staff@fjord.example")
    panel = testapp.get("/").html.select_one(".panel-company")
    assert panel.h2.text == "Your company"
    assert panel.select_one(".crm-active").text == "3"
    assert panel.select_one(".crm-next-renewal time")["datetime"] == (today + dt.timedelta(days=5)).isoformat()
    assert panel.select_one(".crm-contacts-count").text == "2"


def test_no_panel_for_visitors_and_agents(testapp, login):
    assert testapp.get("/").html.select_one(".panel-company") is None
    login(testapp, "agent@example.com")
    assert testapp.get("/").html.select_one(".panel-company") is None


def test_the_stylesheet_is_linked_on_company_pages_and_the_home_panel_only(testapp, login):
    assert not testapp.get("/").html.select('link[href*="company.css"]')   # a visitor has no panel
    login(testapp, "demo@example.com")
    css = testapp.get("/company").html.select('link[href*="company.css"]')
    assert len(css) == 1
    assert testapp.get(css[0]["href"]).status_int == 200
    assert len(testapp.get("/").html.select('link[href*="company.css"]')) == 1


def test_demo_data_gives_example_ltd_records(dbsession):
    example = dbsession.scalar(sa.select(api.Company.id).where(api.Company.name == "Example Ltd"))
    count = dbsession.scalar(sa.select(sa.func.count()).select_from(CrmRecord).where(CrmRecord.company_id == example))
    assert count >= 11
