"""Hooks that build the shared pages: menus, home page, search, assets, principals, form checks."""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("cc")


@hookspec
def cc_navigation(request):
    """Return a list of :class:`cc_core.api.NavItem` for the main menu.

    Called on every page the layout renders.  Items are merged from every
    plugin and sorted by ``order`` (then label).  Return only what the
    current visitor may use: check ``request.identity`` for logged-in items.
    """


@hookspec
def cc_user_menu(request):
    """Return a list of :class:`cc_core.api.NavItem` for the user menu.

    The user menu is the logged-in person's corner of the header: their
    name, these links (their preferences, say), and the core's "Log out",
    always last.  Called on every page the layout renders for a logged-in
    person (never for visitors); items are sorted by ``order``.
    """


@hookspec
def cc_home_panels(request):
    """Return a list of :class:`cc_core.api.Panel` for the home page.

    Each panel names a template rendered with ``request`` and the panel's
    ``values``; panels are sorted by ``order``.  Keep them cheap: one query
    each, because the home page renders them all.
    """


@hookspec
def cc_home_actions(request):
    """Return a list of :class:`cc_core.api.NavItem`: buttons under the home page's search.

    The main things a visitor comes to do ("New request"), shown as
    buttons beside "How can we help?" and on the search results page; the
    first by ``order`` is the page's main button.  Return only what the
    current visitor may use.
    """


@hookspec
def cc_search_sections(request, text, limit, typing):
    """Return a list of :class:`cc_core.api.SearchSection`: what this plugin finds for ``text``.

    Called by the home page's search (``/search``) and by its suggestions
    while typing (``typing`` is true: treat the last word as a prefix).
    ``text`` is one line of at most 200 characters, never empty; return at
    most ``limit`` :class:`cc_core.api.SearchHit` in a section, only what
    the visitor may see (visitors too: ``request.person`` may be ``None``),
    best first, with ``more_url`` leading to the plugin's own search when
    there may be more.  Keep it to one or two indexed queries: it runs as
    the visitor types.  Sections without hits are left out.
    """


@hookspec
def cc_assets(request):
    """Return a list of :class:`cc_core.api.Asset`: extra CSS or JS files.

    The layout links them in ``order``; scripts are loaded with ``defer``.
    Give static URLs (``request.static_url("cc_faq:static/faq.js")``).  The
    content security policy forbids inline script, so this is the only way
    to add JavaScript.
    """


@hookspec
def cc_principals(request, person):
    """Return extra security principals (strings) for a logged-in person.

    The core gives ``person:<id>``, ``role:customer``, ``company:<id>``,
    ``company_access:<id>``, ``role:manager`` and ``role:staff`` as they
    apply; a plugin can add its own (for example a contract level read from
    the CRM) and use them in its ACLs.
    """


@hookspec
def cc_person_columns():
    """Return a list of :class:`cc_core.api.PersonColumn`: values loaded with the logged-in person.

    Called once, when the application first loads a person; the columns
    join the one statement that loads the person on every request, so a
    value the layout shows on every page (a count for a menu badge) costs
    no query of its own.  Each expression is a scalar SQL expression over
    ``cc_core.api.Person`` (a correlated scalar subquery): keep it to an
    indexed lookup, every logged-in request pays for it.  Read the value
    with ``api.person_value(request, name)``, which answers ``None`` when
    the value is not known to be current (requests that may change data,
    a person who logged in during this request): query it yourself then.
    """


@hookspec
def cc_validate_form(request, form_id, values):
    """Check a submitted form after its own schema has accepted it.

    ``form_id`` is the form's stable id (``"new-request"``), ``values`` the
    validated values (a dict).  Return a dict mapping field names to
    messages (use ``""`` as the field name for a form-wide message), or
    ``None`` when there is nothing to say.  Any message keeps the form from
    being applied: it is shown again with the typed values.
    """
