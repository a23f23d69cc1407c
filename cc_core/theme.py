"""Installer themes: a folder whose files replace stock templates and assets.

``cc.theme = /path/to/theme`` with any of::

    templates/framework.html        the layout
    templates/core/<file>           a core template (login.pt, home.pt, ...)
    templates/<plugin>/<file>       a plugin's template (plugin = its cc.plugins name)
    static/<file>                   a core static file (cc.css, ...)
    static/<plugin>/<file>          a plugin's static file

A file missing from the theme falls back to the stock one, because
Pyramid's directory overrides try the theme first and the package second.
"""
from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)


def _override_dir(config, target: str, folder: str) -> None:
    if os.path.isdir(folder):
        # Directory overrides need the trailing slash on both sides.
        config.override_asset(to_override=target, override_with=folder.rstrip("/") + "/")


def apply_theme(config, theme_dir: str, plugin_manager) -> None:
    theme_dir = os.path.abspath(theme_dir)
    if not os.path.isdir(theme_dir):
        raise ValueError(f"cc.theme folder {theme_dir!r} does not exist")
    templates = os.path.join(theme_dir, "templates")
    layout = os.path.join(templates, "framework.html")
    if os.path.isfile(layout):
        config.override_asset("cc_core:templates/framework.html", layout)
    _override_dir(config, "cc_core:templates/", os.path.join(templates, "core"))
    for name, info in plugin_manager.infos.items():
        if info.package == "cc_core":
            continue
        _override_dir(config, f"{info.package}:templates/", os.path.join(templates, name))
        _override_dir(config, f"{info.package}:static/", os.path.join(theme_dir, "static", name))
    static = os.path.join(theme_dir, "static")
    if os.path.isdir(static):
        config.override_asset("cc_core:static/", static + "/")
    log.info("theme %s applied", theme_dir)
