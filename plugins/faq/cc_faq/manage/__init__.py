"""FAQ management for staff: folders and articles, created, edited, moved and
reordered through the FAQ's own service functions (:mod:`cc_faq.service`),
so derived access levels and the search index stay in step.

Included by the FAQ's ``includeme`` under ``/faq/manage``.  Every route
answers 404 to anyone who is not staff, before any view or CSRF check runs.
The pages share the FAQ's translation domain, ``cc_faq``.
"""
from cc_core import api
from pyramid.authorization import DENY_ALL, Allow
from pyramid.httpexceptions import HTTPNotFound

ID = api.id_segment()
MACROS = "cc_faq:manage/templates/macros.pt"


class StaffOnly:
    """Context of the management pages: 404 unless the visitor is active staff."""

    __acl__ = [(Allow, "role:staff", "staff"), DENY_ALL]

    def __init__(self, request):
        person = request.person
        if person is None or not person.is_active or not person.is_staff:
            raise HTTPNotFound()
        self.request = request


def includeme(config):
    def route(name, pattern, **kwargs):
        config.add_route(name, pattern, factory=StaffOnly, **kwargs)

    route("faq.manage", "", inherit_slash=True)
    route("faq.manage.folder.new", "/folders/new")
    route("faq.manage.folder", f"/folders/{ID}")
    route("faq.manage.article.new", f"/folders/{ID}/articles/new")
    route("faq.manage.article", f"/articles/{ID}")
    route("faq.manage.article.versions", f"/articles/{ID}/versions")
    route("faq.manage.order", "/order")
    config.add_static_view("faq-manage-static", "cc_faq:manage/static/", cache_max_age=3600)
    # The management templates get their macros as ``manage`` (a theme may override them).
    api.add_template_macros(config, "manage", MACROS, templates="cc_faq:manage/templates/")
    config.scan(".views")
    config.scan(".version_form")
