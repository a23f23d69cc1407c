"""Mail a person a one-time link to choose their password.

The link is the core's password-reset link (purpose ``reset``, route
``password_reset``): a new person has no password yet, and "choose one" is
exactly what that page does.  It expires like every one-time link
(``cc.token_ttl``) and dies once used or when the password changes.
"""
from cc_core import api

from ..i18n import _

RESET_ROUTE = "password_reset"
RESET_PURPOSE = "reset"


def send_invitation(request, person: api.Person) -> None:
    settings = request.registry.settings
    language = person.language or None
    api.send_mail(
        request, person.email,
        _("invitation-subject", default="Choose your password for ${site}",
          mapping={"site": settings.get("cc.site_name", "Customer Centre")}),
        template="cc_desk:templates/mail/invitation",
        values={"name": person.name, "email": person.email, "lang": language or request.locale_name,
                "link": api.token_url(request, RESET_ROUTE, RESET_PURPOSE, person),
                "hours": max(1, api.token_ttl(settings) // 3600)},
        language=language)
