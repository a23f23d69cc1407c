"""Error pages, all inside the layout.

Denied permissions answer 404 to logged-in persons: what is not theirs
should look exactly like what does not exist.  Anonymous visitors are
sent to the login page instead, with a way back.  An unexpected exception
is logged with the name of the plugin whose code raised it; the rest of
the portal is unaffected.
"""
import logging
import math
import sys
import traceback

from pyramid.csrf import check_csrf_token  # noqa: F401 - documents where BadCSRFToken comes from
from pyramid.exceptions import BadCSRFToken
from pyramid.httpexceptions import (
    HTTPBadRequest, HTTPException, HTTPForbidden, HTTPNotFound, HTTPRequestEntityTooLarge,
    HTTPSeeOther, HTTPTooManyRequests,
)
from pyramid.view import exception_view_config, forbidden_view_config, notfound_view_config
from pyramid_tm import is_tm_active

from ..forms.submissions import ALREADY_SENT, SubmissionRaced
from ..i18n import _
from ..layout import flash, render_without_database

log = logging.getLogger("cc_core.errors")

MESSAGES = {
    400: (_("The request could not be understood"),
          _("error-400", default="Something in what your browser sent was not right. Go back, reload the page "
                                 "and try again.")),
    403: (_("Not allowed"), _("error-403", default="You are not allowed to do this.")),
    404: (_("Page not found"),
          _("error-404", default="There is nothing here, or it is not yours to see. Check the address, or start "
                                 "again from the home page.")),
    413: (_("Too large"),
          _("error-413", default="What you sent is larger than this portal accepts. Attach smaller files, or "
                                 "fewer at a time, and try again.")),
    429: (_("Too many attempts"),
          _("error-429", default="There have been too many failed attempts. For your security, please wait a "
                                 "quarter of an hour before you try again, or reset your password.")),
    503: (_("Temporarily unavailable"),
          _("error-503", default="The portal cannot reach its database just now, so nothing you sent "
                                 "has been saved. Please try again in a minute.")),
    500: (_("Something went wrong"),
          _("error-500", default="An error on our side kept this page from showing. It has been logged; please "
                                 "try again in a moment.")),
}


def error_page(request, status: int, detail=None):
    if not is_tm_active(request):
        # Rendered after the request's transaction ended (its commit failed):
        # a query now would open a transaction that nobody ends.
        render_without_database(request)
    title, message = MESSAGES[status]
    request.response.status_int = status
    request.response.headers["Cache-Control"] = "no-store"
    return {"status": status, "title": title, "message": detail or message}


@notfound_view_config(renderer="cc_core:templates/error.pt")
def not_found(request):
    return error_page(request, 404)


@forbidden_view_config(renderer="cc_core:templates/error.pt")
def forbidden(request):
    if request.person is None and request.method == "GET":
        return HTTPSeeOther(location=request.route_path("login", _query={"came_from": request.path_qs}))
    if getattr(request.exception, "result", None) is not None:
        # A permission check failed: say nothing about whether it exists.
        return error_page(request, 404)
    return error_page(request, 403)


@exception_view_config(BadCSRFToken, renderer="cc_core:templates/error.pt")
def bad_csrf(request):
    return error_page(request, 400, _("error-csrf", default="This form had expired or did not come from this site, "
                                                            "so nothing was done. Go back, reload the page and "
                                                            "send it again."))


@exception_view_config(HTTPBadRequest, renderer="cc_core:templates/error.pt")
def bad_request(request):
    return error_page(request, 400)


@exception_view_config(HTTPTooManyRequests, renderer="cc_core:templates/error.pt")
def too_many(request):
    """429 with ``Retry-After``: the throttle's own wait when it says, else a quarter of an hour."""
    retry_after = getattr(request.exception, "wait_seconds", None)
    request.response.headers["Retry-After"] = str(retry_after or 900)
    if not retry_after:
        return error_page(request, 429)
    if retry_after <= 90:
        detail = _("error-429-seconds", default="There have been too many failed attempts. For your security, "
                                                "please wait ${seconds} seconds before you try again, or reset "
                                                "your password.", mapping={"seconds": retry_after})
    else:
        detail = _("error-429-minutes", default="There have been too many failed attempts. For your security, "
                                                "please wait ${minutes} minutes before you try again, or reset "
                                                "your password.", mapping={"minutes": math.ceil(retry_after / 60)})
    return error_page(request, 429, detail)


@exception_view_config(HTTPRequestEntityTooLarge, renderer="cc_core:templates/error.pt")
def too_large(request):
    return error_page(request, 413)


def plugin_of_exception(request, exc_info) -> str:
    """The plugin whose code is deepest in the traceback, else ``core``."""
    owners = request.registry["cc.plugin_manager"].package_owners()
    name = "core"
    for frame, _lineno in traceback.walk_tb(exc_info[2]):
        package = frame.f_globals.get("__name__", "").split(".")[0]
        if package in owners and package != "cc_core":
            name = owners[package]
    return name


@exception_view_config(SubmissionRaced)
def submission_raced(exc, request):
    """A double submit that lost its race on every attempt: home, with the notice a replay gets.

    ``pyramid_retry`` discards this answer while attempts are left and
    runs the post again, which then finds the other post's result and
    redirects to it (:mod:`cc_core.forms.submissions`).  On the last
    attempt the result is not known here (the transaction failed), but
    the other post was applied and this one was rolled back: no error.
    """
    flash(request, ALREADY_SENT, "info")
    return HTTPSeeOther(location=request.route_path("home"))


@exception_view_config(Exception, renderer="cc_core:templates/error.pt")
def server_error(exc, request):
    if isinstance(exc, HTTPException):
        return exc
    exc_info = sys.exc_info()
    plugin = plugin_of_exception(request, exc_info)
    log.error("unhandled error in plugin %s at %s %s", plugin, request.method, request.path_qs,
              exc_info=exc_info)
    request.environ["cc.error_plugin"] = plugin
    return error_page(request, 500)
