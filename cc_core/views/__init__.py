"""The core's own pages: home, login and logout, language, health, errors."""


def includeme(config):
    config.add_route("home", "/")
    config.add_route("login", "/login")
    config.add_route("logout", "/logout")
    config.add_route("language", "/language")
    config.add_route("healthz", "/healthz")
    config.scan(".")
