"""The pages a mailed one-time link opens, built one way.

Registration confirm, password reset, login link and a plugin's own links
(the preferences' e-mail change) all do the same four things: check the
token, answer a stale one with a 404/410 page that is never cached, show a
form whose button does the work (opening a link alone changes nothing, so
mail scanners that follow links are harmless), and consume the token in
the same transaction as the change, so a second press is refused.  Several
of them then log the person in.  Keeping that in one place means a fix to
one of these rules reaches every link.
"""
from __future__ import annotations

from typing import Callable

from pyramid.renderers import render_to_response
from pyramid.response import Response

from .forms import Form, process_form
from .i18n import _
from .sign_in import start_session
from .tokens import LinkToken, TokenError, check_token, consume_token

#: ``stale(request, purpose, token, error)`` renders the page of a link that cannot be used.
StalePage = Callable[[object, str, str, TokenError], Response]


class LinkForm(Form):
    """The form on a one-time link's page; ``self.link`` is the checked token.

    Subclasses call :meth:`consume` in ``apply`` before changing anything,
    and may refuse a link that checks but has no work left in
    :meth:`unusable` (an address confirmed since, say).
    """

    def __init__(self, request, link: LinkToken):
        super().__init__(request)
        self.link = link

    def template_values(self):
        return {"account": self.link.person}

    def unusable(self) -> TokenError | None:
        """Why this valid link must still be shown as stale, or ``None``."""
        return None

    def consume(self) -> bool:
        """Use the link up; when another request got there first, say so on the form and return ``False``."""
        try:
            consume_token(self.request, self.link)
        except TokenError:
            self.errors = {"": self.request.localizer.translate(_("This link has already been used."))}
            return False
        return True


def link_page(request, purpose: str, form_class: type[LinkForm], stale: StalePage) -> Response:
    """The response of the link route: ``form_class``'s page, or ``stale``'s for a link that cannot be used."""
    token = request.matchdict["token"]
    try:
        link = check_token(request, purpose, token)
    except TokenError as error:
        return stale(request, purpose, token, error)
    form = form_class(request, link)
    refusal = form.unusable()
    if refusal is not None:
        return stale(request, purpose, token, refusal)
    return no_store(process_form(form))


def stale_page(request, template: str, values: dict, error: TokenError) -> Response:
    """Render ``template`` for a stale link: 404 when forged or unknown, else 410 Gone."""
    response = render_to_response(template, values, request=request)
    response.status_int = 404 if error.reason == TokenError.INVALID else 410
    return no_store(response)


def no_store(response: Response) -> Response:
    """A link's page holds a live token: keep it out of every cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def log_in(request, person) -> None:
    """Start ``person``'s session after a link proved the mailbox, and tell the plugins."""
    start_session(request, person, "link")
