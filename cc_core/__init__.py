"""Customer Centre: the core of a plugin-based customer support portal.

``main`` is the WSGI application factory ``pserve`` and gunicorn call;
:func:`make_app` is the same with the hooks tests and scripts need.
"""
from __future__ import annotations

from pyramid.config import Configurator

from .plugins import build_plugin_manager
from .static_assets import bust_static_views
from .startup_checks import settings_for_start

__all__ = ["main", "make_app"]


def main(global_config, **settings):
    """Build the WSGI application from an ini file's ``[app:main]`` section."""
    return make_app(settings)


def make_app(settings: dict, plugin_manager=None, session_factory=None):
    """Build the application.

    ``plugin_manager`` defaults to every installed, non-disabled plugin;
    ``session_factory`` (tests) replaces the engine-bound SQLAlchemy
    session factory, e.g. with one bound to a connection rolled back later.
    """
    settings = settings_for_start(settings)
    if plugin_manager is None:
        plugin_manager = build_plugin_manager(settings)
    config = Configurator(settings=settings)
    config.registry["cc.plugin_manager"] = plugin_manager
    if session_factory is not None:
        config.registry["cc.db.session_factory"] = session_factory
    with config:
        # Order matters: each part may use what the ones above set up.
        config.include(".db")          # request.dbsession, transactions, retries
        config.include(".observe")     # X-Request-ID, access log line, request metrics (outermost tween)
        config.include(".passwords")   # argon2 parameters from the settings
        config.include(".auth")        # session, CSRF, security policy
        config.include(".throttle")    # request.client_address
        config.include(".login_throttle")  # failed logins: per client, account and address
        config.include(".i18n")        # locale negotiation, request.fmt
        config.include(".jobs")        # job handlers checked; the embedded worker, if set
        config.include(".mail")        # transactional mail, through the job queue
        config.include(".static_assets")  # content-hashed static URLs, cached for a year
        config.include(".layout")      # chameleon, framework.html, static files
        config.include(".headers")     # security headers, request size cap
        config.include(".outage")      # 503 for a database outage no error page caught
        config.include(".input_guard")  # unreadable paths, queries and form bodies: 400
        config.include(".storage")     # file storage, checked before the portal serves
        config.include(".storage_outage")  # 503 page while the storage is unreachable
        config.include(".views")       # home, login, errors, healthz
        config.include(".metrics")     # /metrics for cc.metrics.allow, SQL time per request
        config.include(".api_v1")      # /api/v1: tokens, problems, the plugins' endpoints, OpenAPI
        plugin_manager.hook.cc_configure(config=config)
        theme = settings.get("cc.theme")
        if theme:
            from .theme import apply_theme

            apply_theme(config, theme, plugin_manager)
        bust_static_views(config)
    return config.make_wsgi_app()
