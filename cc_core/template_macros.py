"""A plugin's own macros, handed to its templates under a name it chooses.

A plugin with pages of its own keeps the pieces they share in a
``macros.pt`` that a theme may override, so it is looked up when a page
renders rather than loaded once.  :func:`add_template_macros` is the one
``BeforeRender`` subscriber that does this, so no plugin writes its own.
"""
from __future__ import annotations

from pyramid.events import BeforeRender

from .layout import template


def add_template_macros(config, name: str, macros: str, *, templates: str | None = None, **values) -> None:
    """Give the templates under ``templates`` the ``macros`` template as ``name``.

    ``templates`` is an asset spec prefix (default: the macros' package,
    ``"cc_faq:"``); ``values`` are further names those templates get, such
    as functions the macros call.  A name another subscriber gave already
    is kept.
    """
    prefix = templates or macros.split(":", 1)[0] + ":"

    def add_macros(event):
        if (event.get("renderer_name") or "").startswith(prefix) and name not in event:
            event[name] = template(event.get("request"), macros)
            event.update(values)

    config.add_subscriber(add_macros, BeforeRender)
