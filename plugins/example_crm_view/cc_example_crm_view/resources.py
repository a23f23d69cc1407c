"""Who may see and who may edit the company pages.

The context grants ``view`` to the persons of the viewer's company and
``edit`` to its managers.  A denied permission is answered with 404 by
the core (and with the login page for anonymous visitors), so nobody
learns whether a page exists that is not theirs.
"""
from pyramid.authorization import Allow


class CompanyResource:
    """The viewer's own company: there is no URL naming another one."""

    def __init__(self, request):
        person = request.person
        self.company_id = person.company_id if person is not None else None
        if self.company_id is None:
            self.__acl__ = []
        else:
            self.__acl__ = [(Allow, f"company:{self.company_id}", "view"),
                            (Allow, f"manager:{self.company_id}", "edit")]
