"""Who may use the desk: staff only, and nobody else may learn it exists.

Every desk route uses :class:`DeskContext` as its factory.  It answers
404 to anyone who is not a logged-in, active staff member before any view,
CSRF check or form runs, so an anonymous visitor, a customer and a
manager all get the same "nothing here" page for every desk URL, GET or
POST.  The ACL then grants the ``staff`` permission the views ask for, a
second lock should a route ever be added without the factory.
"""
from pyramid.authorization import DENY_ALL, Allow
from pyramid.httpexceptions import HTTPNotFound


def is_staff(request) -> bool:
    person = request.person
    return person is not None and person.is_active and person.is_staff


class DeskContext:
    """The context of every desk page."""

    __acl__ = [(Allow, "role:staff", "staff"), DENY_ALL]

    def __init__(self, request):
        if not is_staff(request):
            raise HTTPNotFound()
        self.request = request
