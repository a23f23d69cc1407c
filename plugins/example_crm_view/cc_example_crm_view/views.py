"""The company page and its edit form.

Both routes use :class:`.resources.CompanyResource`: the page needs
``view`` (any person of the company), the form ``edit`` (its managers).
Everything shown comes from the registered data source, one call per
kind of data, so the page costs the same handful of queries however many
records, contacts or changes there are.
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from cc_core import api

from .datasource import RECORD_SORTS, Sort, data_source
from .forms import CompanyEditForm
from .i18n import _

DEFAULT_PAGE_SIZE = 10
HISTORY_LENGTH = 5

#: Column headings of the records table, in order: (sort key, label).
RECORD_COLUMNS = (
    ("reference", _("Reference")),
    ("name", _("Product")),
    ("kind", _("Type")),
    ("status", _("Status")),
    ("quantity", _("Quantity")),
    ("renewal", _("Renewal date")),
)
KIND_LABELS = {"licence": _("Licence"), "subscription": _("Subscription"), "support": _("Support plan"),
               "contract": _("Contract")}
STATUS_LABELS = {"active": _("Active"), "pending": _("Pending"), "expired": _("Expired"),
                 "cancelled": _("Cancelled")}
FIELD_LABELS = {"name": _("Company name"), "org_number": _("Organisation number"), "address": _("Address"),
                "postcode": _("Postcode"), "city": _("City"), "country": _("Country"), "phone": _("Phone"),
                "website": _("Web site")}


def page_size(request) -> int:
    try:
        return max(1, int(request.registry.settings.get("example_crm_view.page_size", DEFAULT_PAGE_SIZE)))
    except ValueError:
        return DEFAULT_PAGE_SIZE


def _page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


class RecordTable:
    """Sort links, ``aria-sort`` values and pager links for the records table."""

    def __init__(self, request, sort: Sort, page):
        self.request = request
        self.sort = sort
        self.page = page

    def url(self, sort: Sort | str | None = None, page: int | None = None) -> str:
        query = {"sort": str(sort if sort is not None else self.sort)}
        number = page if page is not None else self.page.page
        if number > 1:
            query["page"] = str(number)
        return self.request.route_path("example_crm_view.company", _query=query, _anchor="records")

    def sortable(self, column: str) -> bool:
        return column in RECORD_SORTS

    def sort_url(self, column: str) -> str:
        """Ascending first; a second click on the current column reverses it."""
        current = self.sort.column == column
        return self.url(Sort(column, descending=current and not self.sort.descending), page=1)

    def aria_sort(self, column: str) -> str | None:
        if self.sort.column != column:
            return None
        return "descending" if self.sort.descending else "ascending"


@view_config(route_name="example_crm_view.company", renderer="cc_example_crm_view:templates/company.pt",
             permission="view")
def company_page(context, request):
    source = data_source(request)
    company = source.company(context.company_id)
    if company is None:
        raise HTTPNotFound()
    sort = Sort.parse(request.params.get("sort"))
    records = source.records(context.company_id, sort, _page_number(request.params.get("page")),
                             page_size(request))
    return {
        "company": company,
        "contacts": source.contacts(context.company_id),
        "records": records,
        "table": RecordTable(request, sort, records),
        "columns": RECORD_COLUMNS,
        "kinds": KIND_LABELS,
        "statuses": STATUS_LABELS,
        "history": source.history(context.company_id, HISTORY_LENGTH),
        "field_labels": FIELD_LABELS,
        "can_edit": bool(request.has_permission("edit", context)),
    }


@view_config(route_name="example_crm_view.edit", permission="edit")
def edit_company(context, request):
    company = data_source(request).company(context.company_id)
    if company is None:
        raise HTTPNotFound()
    return api.process_form(CompanyEditForm(request, context, company))
