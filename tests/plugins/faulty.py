"""A plugin module registered directly by tests: everything it does fails.

Its collector hooks raise on the requests that ask for it (a ``faulty=hooks``
cookie or query parameter), and its pages raise in the ways a view can: an
exception, an HTTP error, and a commit that fails after the view returned.
The portal around it must keep working and end every request's transaction.
"""
from pyramid.httpexceptions import HTTPForbidden, HTTPTooManyRequests

from cc_core import api


class FaultyPluginError(RuntimeError):
    """Raised on purpose by the faulty test plugin."""


@api.hookimpl
def cc_configure(config):
    config.add_route("faulty.boom", "/faulty/boom")
    config.add_view(boom, route_name="faulty.boom", permission="public")
    config.add_route("faulty.forbidden", "/faulty/forbidden")
    config.add_view(forbidden, route_name="faulty.forbidden", permission="public")
    config.add_route("faulty.busy", "/faulty/busy")
    config.add_view(busy, route_name="faulty.busy", permission="public")
    config.add_route("faulty.commit", "/faulty/commit")
    config.add_view(commit_fails, route_name="faulty.commit", permission="public", renderer="string")


def boom(request):
    raise FaultyPluginError("a view of the faulty plugin")


def forbidden(request):
    raise HTTPForbidden()


def busy(request):
    raise HTTPTooManyRequests()


def commit_fails(request):
    """Add a person whose e-mail is taken: the unique index refuses it at commit, after the view."""
    request.dbsession.add(api.Person(email=request.person.email, name="Twin", password_hash="x"))
    return "saved (not really)"


def fail_if_asked(request, hook_name):
    if "hooks" in (request.GET.get("faulty"), request.cookies.get("faulty")):
        raise FaultyPluginError(f"{hook_name} of the faulty plugin")
    return []


@api.hookimpl
def cc_home_panels(request):
    return fail_if_asked(request, "cc_home_panels")


@api.hookimpl
def cc_navigation(request):
    return fail_if_asked(request, "cc_navigation")


@api.hookimpl
def cc_user_menu(request):
    return fail_if_asked(request, "cc_user_menu")


@api.hookimpl
def cc_assets(request):
    return fail_if_asked(request, "cc_assets")
