"""The preferences pages: profile, password, e-mail address, sessions and the data download."""
from __future__ import annotations

import datetime as dt
import json

from pyramid.response import Response
from pyramid.view import view_config

from cc_core import api

from .email_change import PURPOSE
from .export import person_data
from .forms import ConfirmEmailForm, EmailForm, PasswordForm, ProfileForm, SessionsForm


profile = view_config(route_name="preferences", permission="customer")(api.form_view(ProfileForm))
password = view_config(route_name="preferences.password", permission="customer")(api.form_view(PasswordForm))
email = view_config(route_name="preferences.email", permission="customer")(api.form_view(EmailForm))
sessions = view_config(route_name="preferences.sessions", permission="customer")(api.form_view(SessionsForm))


@view_config(route_name="preferences.email_confirm", permission="public")
def email_confirm(request):
    """Public: the link may be opened in a browser where nobody is logged in."""
    return api.link_page(request, PURPOSE, ConfirmEmailForm, _stale)


def _stale(request, purpose, token, error):
    return api.stale_page(request, "cc_preferences:templates/email_stale.pt", {"reason": error.reason}, error)


def _json_default(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


@view_config(route_name="preferences.data", permission="customer", request_method="GET")
def data(request):
    body = json.dumps(person_data(request, request.person), default=_json_default, ensure_ascii=False, indent=2)
    stamp = dt.date.today().isoformat()
    return Response(body=body.encode("utf-8"), content_type="application/json", charset="utf-8",
                    content_disposition=f'attachment; filename="my-data-{stamp}.json"',
                    cache_control="private, no-store")
