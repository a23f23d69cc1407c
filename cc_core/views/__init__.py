"""The core's own pages: home, login and logout, accounts, language, health, readiness, errors."""
from .account.common import login_links_enabled, registration_mode


def includeme(config):
    config.add_route("home", "/")
    config.add_route("login", "/login")
    config.add_route("logout", "/logout")
    config.add_route("language", "/language")
    config.add_route("healthz", "/healthz")
    config.add_route("readyz", "/readyz")
    config.add_route("search", "/search")
    config.add_route("search.suggestions", "/search/suggestions")
    # Account flows (views in .account).
    config.add_route("register", "/register")
    config.add_route("register_confirm", "/register/confirm/{token}")
    config.add_route("password_forgot", "/password/forgot")
    config.add_route("password_reset", "/password/reset/{token}")
    config.add_route("account_sent", "/account/sent/{kind}")
    config.add_route("account_resend", "/account/resend")
    settings = config.get_settings()
    registration_mode(settings)  # a misspelt cc.registration stops start-up
    if login_links_enabled(settings):
        config.include(".account.login_link")
    config.scan(".")
