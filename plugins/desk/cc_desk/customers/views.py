"""Pages of the customer part of the desk."""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from cc_core import api

from . import forms, queries


def _person(request) -> api.Person:
    person = request.dbsession.get(api.Person, api.matched_id(request))
    if person is None:
        raise HTTPNotFound()
    return person


def _company(request) -> api.Company:
    company = request.dbsession.get(api.Company, api.matched_id(request))
    if company is None:
        raise HTTPNotFound()
    return company


@view_config(route_name="desk.persons", permission="staff", request_method="GET",
             renderer="cc_desk:templates/customers/persons.pt")
def persons(request):
    q = request.params.get("q", "").strip()[:200]
    kind = request.params.get("kind", "all")
    if kind not in queries.PERSON_KINDS:
        kind = "all"
    page = queries.search_persons(request, q=q, kind=kind)
    return {"q": q, "kind": kind, "page": page, "kinds": queries.PERSON_KINDS}


person_new = view_config(route_name="desk.person.new", permission="staff")(api.form_view(forms.PersonCreateForm))


@view_config(route_name="desk.person", permission="staff", request_method="GET",
             renderer="cc_desk:templates/customers/person.pt")
def person(request):
    return forms.person_page_values(request, _person(request))


@view_config(route_name="desk.person.access", permission="staff", request_method="POST")
def person_access(request):
    return api.process_form(forms.PersonAccessForm(request, _person(request)))


@view_config(route_name="desk.person.active", permission="staff", request_method="POST")
def person_active(request):
    return api.process_form(forms.PersonActiveForm(request, _person(request)))


@view_config(route_name="desk.person.invite", permission="staff", request_method="POST")
def person_invite(request):
    return api.process_form(forms.PersonInviteForm(request, _person(request)))


@view_config(route_name="desk.companies", permission="staff", request_method="GET",
             renderer="cc_desk:templates/customers/companies.pt")
def companies(request):
    q = request.params.get("q", "").strip()[:200]
    page = queries.search_companies(request, q=q)
    return {"q": q, "page": page}


@view_config(route_name="desk.company", permission="staff", request_method="GET",
             renderer="cc_desk:templates/customers/company.pt")
def company(request):
    company = _company(request)
    return {"company": company, "persons": queries.company_persons(request.dbsession, company.id)}
