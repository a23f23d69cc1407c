"""Changing a person's e-mail address, proven by a link mailed to the new one.

The token is issued for the person's *current* address and carries the new
one, so it dies when the address changes by any other way (and when the
password changes).  Whether the new address already belongs to another
account is not shown to the person asking: that address gets a mail
saying so instead of a link.  When the change is made, the old address is
told, so a hijacked session cannot quietly move an account away.
"""
from __future__ import annotations

import sqlalchemy as sa

from cc_core import api

from .i18n import _

PURPOSE = "email"


def _address_taken(request, email: str) -> bool:
    return request.dbsession.scalar(sa.select(api.Person.id).where(api.Person.email == email)) is not None


def _language(request, person) -> str:
    return person.language or request.locale_name


def request_change(request, person, new_email: str) -> None:
    """Mail a confirmation link to ``new_email`` (or, if taken, a notice)."""
    values = {"name": person.name, "new_email": new_email}
    if _address_taken(request, new_email):
        api.send_mail(request, new_email, _("Someone tried to move an account to this address"),
                      "cc_preferences:templates/mail/email_taken", values, language=_language(request, person))
    else:
        link = api.token_url(request, "preferences.email_confirm", PURPOSE, person, {"email": new_email})
        api.send_mail(request, new_email, _("Confirm your new e-mail address"),
                      "cc_preferences:templates/mail/email_confirm", {**values, "link": link},
                      language=_language(request, person))
    api.flash(request, _("email-link-sent", default="We have sent a link to ${email}. Your address changes when "
                                                    "you follow it.", mapping={"email": new_email}))


def apply_change(form) -> str | None:
    """Use the link: change the address, tell the old one, say what happened."""
    request = form.request
    link = form.link
    person = link.person
    new_email = link.data.get("email", "")
    if _address_taken(request, new_email):
        form.errors = {"": request.localizer.translate(_(
            "email-taken-meanwhile", default="Another account has started using ${email} since the link was "
                                             "sent, so your address was not changed.",
            mapping={"email": new_email}))}
        return None
    if not form.consume():
        return None
    old_email = person.email
    person.email = new_email
    person.email_confirmed = True
    request.dbsession.flush()
    api.send_mail(request, old_email, _("Your e-mail address has been changed"),
                  "cc_preferences:templates/mail/email_changed",
                  {"name": person.name, "new_email": new_email, "old_email": old_email,
                   "forgot_link": request.route_url("password_forgot")},
                  language=_language(request, person))
    api.flash(request, _("email-changed", default="Your e-mail address is now ${email}.",
                         mapping={"email": new_email}))
    if request.person is not None and request.person.id == person.id:
        return request.route_path("preferences")
    return request.route_path("login")
