"""Every hook the core offers to plugins.

Each specification says when the core calls it, with which arguments, and
what it expects back.  Hook families:

* lifecycle hooks (``cc_configure``, ``cc_add_hookspecs``,
  ``cc_migration_locations``, ``cc_demo_data``, ``cc_cli_commands``) run while
  the application or the command line starts;
* collector hooks (``cc_navigation``, ``cc_user_menu``, ``cc_home_panels``,
  ``cc_assets``, ``cc_principals``) return lists that the core merges and
  sorts by an explicit ``order``, because pluggy's own call order (last
  registered first) is not something anybody should depend on.  Those that
  build shared pages are called one implementation at a time
  (:func:`cc_core.collectors.collect`): one that raises is logged with its
  plugin's name and left out, so it cannot take the page down;
* the validation hook (``cc_validate_form``) lets any plugin refuse a form
  submission with a message shown next to a field;
* ``cc_referenced_files`` collects the storage keys plugins' rows point
  at, so the orphan sweep (:mod:`cc_core.storage_sweep`) keeps them;
* sign-in hooks (``cc_sign_in_entries``, ``cc_password_sign_in_redirect``,
  ``cc_sign_out_redirect``) let a plugin add a way of signing in
  (:mod:`cc_core.sign_in` keeps what every way shares);
* ``cc_api_endpoints`` contributes a plugin's resources to the JSON API
  under ``/api/v1`` and to its OpenAPI document (docs/api.md);
* notification hooks (``cc_on_*``) tell plugins that something happened;
  their return value is ignored;
* job hooks (``cc_job_handlers``, ``cc_recurring_jobs``) declare the
  background work a plugin does (docs/jobs.md).

``docs/plugin_hooks.md`` has a section with an example for every hook here,
and a test fails when one is missing.
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("cc")


@hookspec
def cc_configure(config):
    """Configure the plugin's part of the Pyramid application.

    Called once while the WSGI application is built, after the core has
    set up the database, security, layout and form machinery, and before the
    configuration is committed.  ``config`` is the Pyramid ``Configurator``.
    A plugin normally includes its own package here under a route prefix::

        config.include("cc_faq", route_prefix="/faq")
    """


@hookspec
def cc_add_hookspecs(plugin_manager):
    """Add hook specifications that this plugin offers to other plugins.

    Called after every plugin has been registered and before the core checks
    that every implemented hook has a specification.  A plugin that offers
    hooks (for example the requests plugin's ``cc_requests_*`` family) calls
    ``plugin_manager.add_hookspecs(its_hookspecs_module)`` here.
    """


@hookspec
def cc_migration_locations():
    """Return a list of folders that hold the plugin's Alembic revisions.

    Each plugin ships its own migration branch: the first revision carries a
    ``branch_labels`` tuple with the plugin's name and ``depends_on`` the
    core's first revision (``cc_core.api.CORE_MIGRATION_BASE``).  ``cc
    upgrade`` runs ``alembic upgrade heads`` over all these folders.  Use
    asset specifications (``"cc_faq:migrations/versions"``) or absolute paths.
    """


@hookspec
def cc_demo_data(dbsession, settings):
    """Add the plugin's demonstration data.

    Called by ``cc initdb --demo`` once the schema is migrated, after the
    core has created its demo companies and persons, inside one transaction.
    Look persons up by e-mail (``demo@example.com``, ``manager@example.com``,
    ``agent@example.com``, ``other@example.net``).
    """


@hookspec
def cc_seed_counts():
    """Declare what the plugin adds to the benchmark data set, and how much.

    Return a list of :class:`cc_core.api.SeedCount` (name, full-size
    default, help, whether ``--scale`` multiplies it).  ``cc seed`` offers
    ``--NAME N`` for each, and the plugin's ``cc_seed`` reads the count of
    the run with ``sizes.of(count)``.  Names are shared by all plugins:
    prefix them with what they count (``faq_articles``).
    """


@hookspec
def cc_seed(engine, settings, sizes):
    """Add the plugin's share of the benchmark data set (``cc seed``).

    Called after the core has bulk-inserted ``sizes.companies`` companies
    and ``sizes.persons`` persons (e-mails ``person<id>@bench.example``).
    ``sizes`` is a :class:`cc_core.api.SeedSizes`: ``sizes.of(count)`` is
    how many of a count declared through ``cc_seed_counts`` to make; use bulk inserts on
    ``engine`` in batches (``cc_core.api.insert_batches``, which shows a
    progress bar), never one ORM object per row.
    """


@hookspec
def cc_cli_commands(subparsers):
    """Add sub-commands to the ``cc`` command line.

    ``subparsers`` is the ``argparse`` sub-parser collection.  A plugin adds
    a parser and sets ``func`` to a callable taking ``(args, env)`` where
    ``env`` gives ``env.settings``, ``env.dbsession()`` and ``env.registry``::

        p = subparsers.add_parser("faq", help="manage the FAQ")
        p.set_defaults(func=run_faq_command)
    """


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
def cc_validate_form(request, form_id, values):
    """Check a submitted form after its own schema has accepted it.

    ``form_id`` is the form's stable id (``"new-request"``), ``values`` the
    validated values (a dict).  Return a dict mapping field names to
    messages (use ``""`` as the field name for a form-wide message), or
    ``None`` when there is nothing to say.  Any message keeps the form from
    being applied: it is shown again with the typed values.
    """


@hookspec
def cc_referenced_files(dbsession):
    """Return the storage keys (an iterable of str) that the plugin's rows point at.

    Called by the orphan sweep (``cc_core.storage_sweep``), which deletes
    stored files that no plugin names once they are older than a grace
    period.  A plugin that keeps files in the core's storage
    (``api.get_storage``) must name every key it still needs here, or its
    files are swept away.  ``dbsession`` is a session on the portal's
    database.  Return an empty iterable when the plugin stores nothing.
    """


@hookspec
def cc_api_endpoints(settings):
    """Return the plugin's JSON API: a list of :class:`cc_core.api.Endpoint` and :class:`cc_core.api.ApiComponent`.

    Called once while the portal starts.  Each ``Endpoint`` is one
    operation under ``/api/v1`` (method, path, function, summary, response
    schemas, and the ``api.Form`` class whose schema and checks validate its
    body); the core serves it behind its token authentication, CSRF for
    session callers, scope check, rate limit, ``Idempotency-Key`` replay
    and body validation, and describes it in ``/api/v1/openapi.json``.
    ``ApiComponent(name, json_schema)`` adds a schema the endpoints refer
    to as ``{"$ref": "#/components/schemas/<name>"}``.  Prefix endpoint
    names with the plugin's (``"faq.articles.get"``); a name, or a method
    and path, given twice stops start-up.
    """


@hookspec
def cc_on_login(request, person):
    """Notify that ``person`` has just logged in (after the session renewed).

    Use it for audit logs or to warm caches; the return value is ignored.
    """


@hookspec
def cc_on_logout(request, person):
    """Notify that ``person`` is logging out; the return value is ignored."""


@hookspec
def cc_sign_in_entries(request):
    """Return a list of :class:`cc_core.api.SignInEntry`: buttons on the login page.

    Called each time the login page is shown, also to anonymous visitors,
    so answer from the settings without asking the database.  Each entry
    links to a route of the plugin that starts its own sign-in flow; once
    that flow knows the person, the plugin calls
    :func:`cc_core.api.start_session`, which renews the session, rotates
    the CSRF token and sends ``cc_on_login`` exactly as the password form
    does.  Return an empty list when the method has nothing to offer.
    """


@hookspec(firstresult=True)
def cc_password_sign_in_redirect(request, email):
    """Return the URL where ``email`` must sign in instead of with a password, or ``None``.

    Called by the login form before any password is checked, with the
    typed address stripped and lower-cased (home-realm discovery): a
    plugin that knows the address's domain belongs to an identity provider
    whose organisation forbids passwords returns the URL that starts that
    provider's flow, and the form sends the browser there.  The first
    answer that is not ``None`` wins.
    """


@hookspec(firstresult=True)
def cc_sign_out_redirect(request, person, method):
    """Return where the browser goes after ``person`` logged out, or ``None`` for the home page.

    Called while logging out, after ``cc_on_logout`` and before the
    session ends; ``method`` names the sign-in method of this session (the
    ``method`` given to :func:`cc_core.api.start_session`, ``"password"``
    for the login form).  A single sign-on plugin returns its provider's
    end-session URL for its own method and ``None`` for the others.
    """


@hookspec
def cc_job_handlers(settings):
    """Register the background jobs this plugin runs, by name.

    Called once when the portal or ``cc worker`` starts.  Return a list of
    ``api.JobHandler(name, run, max_attempts=None)``; ``run(job)`` gets the
    job's ``payload`` (a dict), ``attempt``, ``settings`` and a
    ``dbsession`` in the transaction that deletes the job when ``run``
    returns.  Raise ``api.JobFailed`` for an error no retry can mend; any
    other exception is retried with exponential backoff.  Prefix names
    with the plugin's (``"faq.reindex"``): two plugins registering one name
    stop start-up with a message naming both.  Enqueue with
    ``api.enqueue(request, name, payload)``.
    """


@hookspec
def cc_recurring_jobs(settings):
    """Declare jobs that run on a schedule.

    Called once when the portal or ``cc worker`` starts, after
    ``cc_job_handlers``.  Return a list of
    ``api.RecurringJob(name, every_seconds, payload={})``: the worker
    enqueues the registered job ``name`` every ``every_seconds`` (0 turns it
    off, so a setting can), exactly once across all workers.  A name no
    plugin handles stops start-up with a message naming this plugin.
    """


@hookspec(firstresult=True)
def cc_mail_received(request, mail, sender):
    """Claim an inbound mail and handle it (``cc mail fetch``, ``cc mail ingest``).

    Called once for each new message a person wrote (duplicates, automatic
    mail, bounces, our own mail and senders over the rate limit never get
    here), inside the message's own transaction.  ``mail`` is an
    ``api.ReceivedMail``: ``sender`` address, ``recipients``, ``subject``,
    ``text`` (the new text, quoted history and signature removed),
    ``full_text`` and ``attachments`` (``api.MailAttachment`` values with
    ``filename``, ``content_type``, ``data`` and ``file``).  ``sender`` is the
    active ``Person`` whose e-mail is the From address, or ``None``; the
    From header is not authenticated, so trust it no further than mail is
    trusted.  ``request`` is built on the application (``route_url``,
    ``dbsession``, translations; ``request.person`` is ``sender``).

    Return a short outcome text for the log (``"posted to #42"``) when the
    mail was this plugin's, else ``None`` to let the next plugin look.
    Answer the sender with ``api.answer_mail``.  Raising rolls back the
    message's transaction and moves the mail to the failed folder.
    """
