"""The data source seam: the SQL default, and a fake registered in its place."""
import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from cc_core import api
from cc_core.testing import create_company, create_person
from cc_example_crm_view.datasource import (DATA_SOURCE_KEY, CompanyDetails, Contact, FieldChange, KeyFigures,
                                            Record, RecordPage, Sort, VersionConflict, data_source)
from cc_example_crm_view.models import CrmRecord
from cc_example_crm_view.sqlsource import SqlCompanyDataSource

pytestmark = pytest.mark.cc_plugins("example_crm_view")


class FakeCrm:
    """What a test (or a CRM client) registers: no tables involved."""

    def __init__(self, company_id):
        self.details = CompanyDetails(company_id, "Remote CRM Company", "111", "CRM road 1", "0001", "Oslo",
                                      "Norway", "+47 12 34 56 78", "https://crm.example", 40)
        self.saved = []

    def company(self, company_id):
        return self.details if company_id == self.details.id else None

    def contacts(self, company_id):
        return [Contact("Kari From CRM", True, True)]

    def records(self, company_id, sort, page, per_page):
        items = (Record(1, "CRM-1", "Licence from CRM", "licence", "active", 3, dt.date(2025, 1, 1),
                        dt.date(2030, 1, 1)),)
        return RecordPage(items, 1, 1, per_page)

    def key_figures(self, company_id, today):
        return KeyFigures(7, dt.date(2030, 1, 1), 4)

    def history(self, company_id, limit):
        return []

    def saves_by(self, author_id):
        return []

    def update_company(self, company_id, version, values, author_id, author_name):
        if version != self.details.version:
            raise VersionConflict(self.details, "CRM sync")
        changes = [FieldChange(k, getattr(self.details, k), v) for k, v in values.items()
                   if v != getattr(self.details, k)]
        self.details = dataclasses.replace(self.details, version=version + 1, **values)
        self.saved.append((author_name, changes))
        return self.details, changes


@pytest.fixture
def fake(app, monkeypatch, dbsession):
    from cc_core.testing import person_by_email

    crm = FakeCrm(person_by_email(dbsession, "manager@example.com").company_id)
    monkeypatch.setitem(app.registry, DATA_SOURCE_KEY, lambda request: crm)
    return crm


def test_pages_read_the_registered_source(testapp, login, fake):
    login(testapp, "manager@example.com")
    page = testapp.get("/company").html
    assert page.select_one("main h1").text == "Remote CRM Company"
    assert "Kari From CRM" in page.select_one(".crm-contacts").text
    assert [row.td.text for row in page.select("tr.crm-record")] == ["CRM-1"]
    assert "Mona Manager" not in page.select_one(".crm-contacts").text
    panel = testapp.get("/").html.select_one(".panel-company")
    assert panel.select_one(".crm-active").text == "7"


def test_edits_go_to_the_registered_source(testapp, login, fake, dbsession):
    login(testapp, "manager@example.com")
    form = testapp.get("/company/edit").forms["company-edit"]
    assert form["name"].value == "Remote CRM Company"
    form["city"] = "Tromsø"
    form.submit(status=303)
    assert fake.saved == [("Mona Manager", [FieldChange("city", "Oslo", "Tromsø")])]
    # The portal's own copy is untouched.
    dbsession.expire_all()
    assert dbsession.scalar(sa.select(api.Company.city).where(api.Company.id == fake.details.id)) == "Oslo"


def test_a_conflict_reported_by_the_source_names_who_saved(testapp, login, fake):
    login(testapp, "manager@example.com")
    form = testapp.get("/company/edit").forms["company-edit"]
    fake.details = dataclasses.replace(fake.details, version=41, phone="+47 00 00 00 01")
    form["phone"] = "+47 00 00 00 02"
    page = form.submit(status=409)
    assert "Saved meanwhile by CRM sync" in page.html.select_one(".crm-conflict h2").text


def test_a_company_the_source_does_not_know_is_404(testapp, login, fake):
    fake.details = dataclasses.replace(fake.details, id=-1)
    login(testapp, "manager@example.com")
    testapp.get("/company", status=404)
    testapp.get("/company/edit", status=404)


def fake_factory(request):
    return FakeCrm(request.person.company_id)


@pytest.mark.cc_settings({DATA_SOURCE_KEY: f"{__name__}:fake_factory"})
def test_the_source_can_be_named_in_the_settings(testapp, login):
    login(testapp, "demo@example.com")
    assert testapp.get("/company").html.select_one("main h1").text == "Remote CRM Company"


def test_the_default_source_is_the_sql_one(app, testapp, login):
    class Request:
        registry = app.registry
        dbsession = object()

    assert isinstance(data_source(Request()), SqlCompanyDataSource)


# -- the SQL source itself ------------------------------------------------------

@pytest.fixture
def source(dbsession):
    return SqlCompanyDataSource(dbsession)


@pytest.fixture
def company(dbsession):
    return create_company(dbsession, name="Source Test AS", phone="+47 1")


def test_sort_parsing_refuses_unknown_columns():
    assert Sort.parse("-status") == Sort("status", True)
    assert Sort.parse("name") == Sort("name", False)
    assert Sort.parse("quantity") == Sort()
    assert Sort.parse(None) == Sort("renewal", False)
    assert str(Sort("kind", True)) == "-kind"


def test_records_without_renewal_sort_last_both_ways(dbsession, source, company):
    day = dt.date(2025, 1, 1)
    for ref, renewal in (("A", day), ("B", None), ("C", day + dt.timedelta(days=1))):
        dbsession.add(CrmRecord(company_id=company.id, reference=ref, name=ref, start_date=day, renewal_date=renewal))
    dbsession.flush()
    ascending = source.records(company.id, Sort("renewal"), 1, 10)
    descending = source.records(company.id, Sort("renewal", True), 1, 10)
    assert [r.reference for r in ascending.items] == ["A", "C", "B"]
    assert [r.reference for r in descending.items] == ["C", "A", "B"]


def test_a_page_beyond_the_last_gives_the_last(dbsession, source, company):
    for i in range(5):
        dbsession.add(CrmRecord(company_id=company.id, reference=f"R{i}", name="same", start_date=dt.date(2025, 1, 1)))
    dbsession.flush()
    page = source.records(company.id, Sort("name"), 99, 2)
    assert (page.page, page.pages, page.total, len(page.items)) == (3, 3, 5, 1)
    # Equal names: the id keeps pages disjoint.
    seen = [r.reference for n in (1, 2, 3) for r in source.records(company.id, Sort("name"), n, 2).items]
    assert sorted(seen) == [f"R{i}" for i in range(5)]


def test_empty_company_has_one_empty_page(source, company):
    page = source.records(company.id, Sort(), 1, 10)
    assert (page.items, page.total, page.pages) == ((), 0, 1)


def test_update_writes_only_changed_fields_and_bumps_the_version(dbsession, source, company):
    person = create_person(dbsession, company=company, name="Per Person")
    details = source.company(company.id)
    saved, changes = source.update_company(company.id, details.version,
                                           {**details.values(), "phone": "+47 2", "city": "Oslo"}, person.id,
                                           person.name)
    assert changes == [FieldChange("city", "", "Oslo"), FieldChange("phone", "+47 1", "+47 2")]
    assert saved == source.company(company.id)
    assert saved.version == details.version + 1
    history = source.history(company.id, 5)
    assert [(h.version, h.author, h.changes) for h in history] == [(saved.version, "Per Person", tuple(changes))]


def test_update_from_an_old_version_conflicts(dbsession, source, company):
    person = create_person(dbsession, company=company, name="First Saver")
    details = source.company(company.id)
    source.update_company(company.id, details.version, {"phone": "+47 3"}, person.id, person.name)
    with pytest.raises(VersionConflict) as raised:
        source.update_company(company.id, details.version, {"phone": "+47 4"}, person.id, "Second")
    assert raised.value.current.phone == "+47 3"
    assert raised.value.changed_by == "First Saver"


def test_the_compare_and_set_lets_only_one_of_two_racing_saves_win(dbsession, company):
    """Both read version N; the second UPDATE finds no row at N and must conflict."""

    class ReadsBeforeTheOtherWrites(SqlCompanyDataSource):
        def company(self, company_id):
            details = super().company(company_id)
            if not hasattr(self, "raced"):
                self.raced = True
                # Another worker's save lands between this read and the UPDATE.
                self.dbsession.execute(sa.update(api.Company).where(api.Company.id == company_id)
                                       .values(version=details.version + 1, phone="+47 race"))
            return details

    source = ReadsBeforeTheOtherWrites(dbsession)
    version = SqlCompanyDataSource(dbsession).company(company.id).version
    with pytest.raises(VersionConflict) as raised:
        source.update_company(company.id, version, {"phone": "+47 mine"}, None, "Loser")
    assert raised.value.current.phone == "+47 race"
    assert SqlCompanyDataSource(dbsession).company(company.id).phone == "+47 race"


def test_history_keeps_the_most_recent_saves(dbsession, source, company):
    version = source.company(company.id).version
    for i in range(7):
        _saved, _changes = source.update_company(company.id, version + i, {"city": f"City {i}", "phone": f"+47 {i}"},
                                                 None, f"Author {i}")
    history = source.history(company.id, 5)
    assert [h.author for h in history] == [f"Author {i}" for i in (6, 5, 4, 3, 2)]
    assert all(len(h.changes) == 2 for h in history)


def test_key_figures_in_one_statement(dbsession, sql_statements, source, company):
    today = dt.date(2025, 6, 1)
    dbsession.add_all([
        CrmRecord(company_id=company.id, reference="1", name="x", start_date=today, renewal_date=dt.date(2025, 7, 1)),
        CrmRecord(company_id=company.id, reference="2", name="x", start_date=today, renewal_date=dt.date(2025, 6, 1)),
        CrmRecord(company_id=company.id, reference="3", name="x", status="expired", start_date=today,
                  renewal_date=dt.date(2025, 6, 2)),
    ])
    create_person(dbsession, company=company)
    create_person(dbsession, company=company, is_active=False)
    dbsession.flush()
    with sql_statements() as statements:
        figures = source.key_figures(company.id, today)
    assert figures == KeyFigures(2, dt.date(2025, 6, 1), 1)
    assert len(statements) == 1
