"""The company in the JSON API: ``GET``, ``PATCH`` and ``PUT /api/v1/company``.

The same rules as the pages: the caller's own company only (there is no
URL naming another), read by any person of it (``view`` on
:class:`.resources.CompanyResource`), changed by its managers only
(``edit``); anyone else gets 404, as the pages answer.  A change is
validated by the edit form's schema and saved through the form's
:func:`.forms.save_company`, so the history and the
``cc_example_crm_view_on_company_changed`` hook see API saves too.

Writes are optimistically locked: the ``ETag`` of a read names the
company's version, and a write must send it back in ``If-Match``.  The
version it names goes into the data source's compare-and-set update, so
of two integrators writing from the same read exactly one wins and the
other gets 412 with nothing changed.  Unlike the page, the API does not
merge: the caller reads again and decides.
"""
from __future__ import annotations

from cc_core import api

from .datasource import COMPANY_FIELDS, CompanyDetails, VersionConflict, data_source
from .forms import CompanyEditForm, save_company, typed_values
from .resources import CompanyResource

PATH = "/company"
REF = "#/components/schemas/"
CONTACT = {"type": "object", "required": ["name", "is_manager", "company_access"],
           "properties": {"name": {"type": "string"}, "is_manager": {"type": "boolean"},
                          "company_access": {"type": "boolean", "description": "Sees all the company's requests."}}}
COMPANY = {
    "type": "object",
    "required": ["id", *COMPANY_FIELDS, "version", "contacts", "can_edit"],
    "properties": {
        "id": {"type": "integer"},
        **{field: {"type": "string"} for field in COMPANY_FIELDS},
        "version": {"type": "integer", "description": "Bumped by every save; the ETag names it."},
        "contacts": {"type": "array", "items": {"$ref": REF + "CompanyContact"}},
        "can_edit": {"type": "boolean", "description": "Whether the caller may change the company (a manager)."},
    },
}
#: What the edit form's schema is described with in the OpenAPI document: only its fields are read.
_DESCRIBED = CompanyDetails(0, *("" for _field in COMPANY_FIELDS), version=0)


def resource_name(company: CompanyDetails) -> str:
    """The company's name in its ETag: a tag of one company never matches another's."""
    return f"company-{company.id}"


def _company_or_404(request, permission: str) -> tuple[CompanyResource, CompanyDetails]:
    context = CompanyResource(request)
    if context.company_id is None or not request.has_permission(permission, context):
        raise api.ApiProblem(404)
    company = data_source(request).company(context.company_id)
    if company is None:
        raise api.ApiProblem(404)
    return context, company


def company_json(request, company: CompanyDetails, can_edit: bool) -> dict:
    """The company as its page shows it: details, version and the contacts in the page's order."""
    contacts = data_source(request).contacts(company.id)
    return {"id": company.id, **company.values(), "version": company.version,
            "contacts": [{"name": c.name, "is_manager": c.is_manager, "company_access": c.company_access}
                         for c in contacts],
            "can_edit": can_edit}


def _tagged(request, company: CompanyDetails, can_edit: bool):
    etag = api.entity_tag(resource_name(company), company.version)
    return api.tagged_result(request, company_json(request, company, can_edit), etag)


def get_company(request):
    context, company = _company_or_404(request, "view")
    return _tagged(request, company, bool(request.has_permission("edit", context)))


def edit_form(request) -> CompanyEditForm:
    """The page's edit form over the caller's company (404 unless they manage it); for the document, its schema."""
    if getattr(request, "api_caller", None) is None:
        return CompanyEditForm(request, None, _DESCRIBED)
    context, company = _company_or_404(request, "edit")
    return CompanyEditForm(request, context, company)


def write_company(request):
    """Save the validated body if ``If-Match`` still names the current version; else 412, nothing saved."""
    company = request.api_form.company
    version = api.if_match_version(request, resource_name(company), company.version)
    try:
        saved, _changes = save_company(request, company.id, version, typed_values(request.api_values))
    except VersionConflict as conflict:
        current = api.entity_tag(resource_name(conflict.current), conflict.current.version)
        raise api.ApiProblem(412, headers={"ETag": current}) from None
    return _tagged(request, saved, can_edit=True)


def endpoints() -> list:
    company = {"$ref": REF + "Company"}
    tags = ("company",)
    return [
        api.ApiComponent("Company", COMPANY), api.ApiComponent("CompanyContact", CONTACT),
        api.Endpoint("company.get", "GET", PATH, get_company, "The caller's company, as its page shows it",
                     responses={200: company}, tags=tags, etag=True),
        api.Endpoint("company.patch", "PATCH", PATH, write_company, "Change some of the company's details "
                     "(managers; If-Match required)", form=edit_form, partial=True,
                     responses={200: company}, tags=tags, etag=True),
        api.Endpoint("company.put", "PUT", PATH, write_company, "Replace the company's details (managers; "
                     "If-Match required; fields left out are emptied)", form=edit_form,
                     responses={200: company}, tags=tags, etag=True),
    ]
