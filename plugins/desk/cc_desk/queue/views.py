"""The queue page."""
from __future__ import annotations

from pyramid.view import view_config

from cc_core import api
from cc_requests import public as rq

from . import queries


@view_config(route_name="desk.queue", permission="staff", request_method="GET",
             renderer="cc_desk:templates/queue/queue.pt")
def queue(request):
    dbsession = request.dbsession
    filters = queries.Filters.from_params(request.GET)
    categories = rq.categories(dbsession, request.locale_name)
    priorities = rq.priorities(dbsession, request.locale_name)
    return {"filters": filters, "page": queries.queue_page(request, filters),
            "counts": queries.status_counts(dbsession, filters, request.person.id),
            "statuses": rq.STATUSES, "status_label": rq.status_label, "count_cap": queries.count_cap(filters),
            "categories": categories, "priorities": priorities,
            "category_names": dict(categories), "priority_names": dict(priorities),
            "owner": dbsession.get(api.Person, filters.owner) if filters.owner else None,
            "company": dbsession.get(api.Company, filters.company) if filters.company else None}
