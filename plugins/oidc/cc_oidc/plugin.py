"""Hook implementations of the single sign-on plugin (nothing else lives here)."""
from cc_core import api

from .i18n import _
from .providers import configured_providers


cc_configure = api.include_package_hook("cc_oidc")
cc_migration_locations = api.migrations_hook("cc_oidc")


@api.hookimpl
def cc_sign_in_entries(request):
    """A button per provider; the page's ``came_from`` travels along."""
    came_from = request.params.get("came_from")
    query = {"came_from": came_from} if isinstance(came_from, str) and came_from else {}
    return [api.SignInEntry(label=provider.label, method=provider.method, order=10 + index,
                            url=request.route_path("oidc.login", provider=provider.name, _query=query))
            for index, provider in enumerate(configured_providers(request).values())]


@api.hookimpl
def cc_password_sign_in_redirect(request, email):
    """Home-realm discovery: an address of a domain whose provider forbids passwords goes there."""
    for provider in configured_providers(request).values():
        if not provider.password_login and provider.owns(email):
            return request.route_path("oidc.login", provider=provider.name, _query={"login_hint": email})
    return None


@api.hookimpl
def cc_sign_out_redirect(request, person, method):
    """After a provider's sign-in, log out there too when it offers an end-session endpoint."""
    from .logout import signed_out_path

    return signed_out_path(request, method)


@api.hookimpl
def cc_user_menu(request):
    if request.person is None or not configured_providers(request):
        return []
    return [api.NavItem(label=_("Single sign-on"), route="oidc.identities", order=55, name="oidc")]


@api.hookimpl(optionalhook=True)
def cc_preferences_export(request, person):
    """The data download lists the linked identities."""
    from .linking import identities_of

    return {"oidc_identities": [{"provider": identity.provider, "issuer": identity.issuer,
                                 "subject": identity.subject, "email": identity.email,
                                 "linked_at": identity.created_at, "last_login_at": identity.last_login_at}
                                for identity in identities_of(request.dbsession, person)]}
