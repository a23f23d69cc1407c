"""Single sign-on with OpenID Connect (the ``oidc`` plugin).

``includeme`` reads the providers of the ini file (:mod:`.providers`),
keeps one cache of their discovery documents and keys per worker
(:mod:`.discovery`), and adds the routes: a provider's start and callback
under ``/oidc/{provider}/``, and the person's linked identities under
``/preferences/sign-in``.  Everything sign-ins share (session, CSRF
token, throttle, events) is the core's (:mod:`cc_core.api`).
"""
from cc_core import api

from .discovery import ProviderDirectory
from .providers import providers_from_settings


def includeme(config):
    settings = config.get_settings()
    config.registry["cc_oidc.providers"] = providers = providers_from_settings(settings)
    for provider in providers.values():
        # The login form (home-realm discovery) and the logout button end at the provider.
        api.allow_form_target(config, provider.origin)
    config.registry["cc_oidc.directory"] = ProviderDirectory(settings)
    config.add_route("oidc.login", "/oidc/{provider}/login")
    config.add_route("oidc.callback", "/oidc/{provider}/callback")
    config.add_route("oidc.signed_out", "/oidc/{provider}/signed-out")
    config.add_route("oidc.identities", "/preferences/sign-in")
    config.add_translation_dirs("cc_oidc:locale/")
    config.scan("cc_oidc.views")
    config.scan("cc_oidc.identities")
    config.scan("cc_oidc.logout")
