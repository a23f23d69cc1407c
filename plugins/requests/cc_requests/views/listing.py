"""``/requests``: the requests a person may see, filtered, searched, sorted, paged."""
from pyramid.view import view_config

from .. import access, listing, rows
from ..i18n import _

COLUMN_TITLES = (("id", _("No.")), ("title", _("Title")), ("status", _("Status")), ("category", _("Category")),
                 ("priority", _("Priority")), ("created", _("Created")), ("updated", _("Updated")))
FROM_LABEL = _("From")


@view_config(route_name="requests.list", permission="customer", request_method="GET",
             renderer="cc_requests:templates/list.pt")
def request_list(request):
    filters = listing.read_filters(request)
    listing.remember_sort(request, filters)
    page = listing.list_page(request, filters)
    row = rows.ListRows(request)
    return {
        "filters": filters,
        "page": page,
        "requests": page.items,
        "columns": COLUMN_TITLES,
        "from_label": FROM_LABEL,
        "company_access": access.has_company_access(request.person),
        "language": request.locale_name,
        "view_path": row.view_path,
        "badge": row.badge,
    }
