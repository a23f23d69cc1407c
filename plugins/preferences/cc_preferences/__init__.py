"""The preferences plugin: a person's own profile, password, address, sessions and data.

``includeme`` adds the routes under the prefix the plugin hook gives
(``/preferences``), the static files and the translations.  Other plugins
add fields to the profile page and parts to the data download through the
hooks in :mod:`.hookspecs`.
"""


def includeme(config):
    config.add_route("preferences", "", inherit_slash=True)
    config.add_route("preferences.password", "/password")
    config.add_route("preferences.email", "/email")
    config.add_route("preferences.email_confirm", "/email/confirm/{token}")
    config.add_route("preferences.sessions", "/sessions")
    config.add_route("preferences.data", "/data")
    config.add_route("preferences.tokens", "/tokens")
    config.add_route("preferences.token_revoke", "/tokens/{id}/revoke")
    config.add_static_view("static", "cc_preferences:static/", cache_max_age=3600)
    config.add_translation_dirs("cc_preferences:locale/")
    config.scan()
