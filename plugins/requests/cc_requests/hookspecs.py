"""Hooks the requests plugin offers to other plugins.

Implement them with ``@api.hookimpl(optionalhook=True)`` so your plugin
still loads where the requests plugin is not installed.  ``req`` is a
:class:`cc_requests.public.Request`, ``message`` a
:class:`cc_requests.public.Message`; notifications are called inside the
request's transaction after the change is flushed (ids are set), and
their return value is ignored.

Custom field types are :class:`cc_requests.public.FieldType` instances::

    FieldType(name="email", title=_("E-mail address"), widget="email",
              validator=lambda definition: colander.Email())

``name`` is what a category's field definition puts in ``"type"``;
``schema_type`` (default ``colander.String``) makes the colander type;
``widget`` is one of the core form widgets; ``validator(definition)``
and ``choices(definition, language)`` may read the definition's own
keys; ``dump(value)`` turns the validated value into JSON to store and
``show(request, stored)`` the stored value into text for the request page.
"""
import pluggy

hookspec = pluggy.HookspecMarker("cc")


@hookspec
def cc_requests_validate(request, values):
    """Check a new request before it is saved; return field → message, or ``None``.

    Called when the new-request form (id ``new-request``) is posted and its
    own checks passed.  ``values`` holds the validated fields: ``title``,
    ``category`` (a ``Category`` or ``None``), ``priority`` (a ``Priority``
    or ``None``), ``message``, ``attachment`` (a list of
    ``cc_core.api.UploadedFile``, and ``cc_core.api.KeptFile`` for files an
    earlier refused post kept) and the custom fields as ``field_<name>``.
    Return a dict of field names (``""`` for the whole form) to messages
    (strings or translation strings) to refuse the request: the form is
    shown again with the messages and what was typed.
    """


@hookspec
def cc_requests_suggestions(request, text, limit):
    """Return up to ``limit`` suggestions for the title being typed.

    Called by ``/requests/suggestions?q=`` while a customer types the title
    of a new request (the page's script asks), and when the form is shown
    again after an error.  ``text`` is the typed title (at most 200
    characters, at least 3).  Return a list of dicts ``{"title": str, "url":
    str, "snippet": str}`` the viewer may see (the FAQ plugin offers its
    articles); plain text only, the page escapes it.
    """


@hookspec
def cc_requests_on_submitted(request, req):
    """Notify that a customer submitted the new request ``req``.

    Called once its first message and attachments are stored and before
    the confirmation mail is queued.
    """


@hookspec
def cc_requests_on_message_added(request, req, message):
    """Notify that ``message`` was added to ``req``'s thread.

    Called for replies and internal notes alike (check
    ``message.is_external`` before telling a customer anything), but not
    for the first message of a new request (see ``cc_requests_on_submitted``).
    """


@hookspec
def cc_requests_on_status_changed(request, req, old_status, new_status):
    """Notify that ``req`` went from ``old_status`` to ``new_status``.

    Statuses are ``"open"``, ``"waiting"`` and ``"closed"``.  Called for every
    change, by a customer (close, reopen, a reply) or by staff.
    """


@hookspec
def cc_requests_on_reopened(request, req):
    """Notify that the closed request ``req`` was opened again.

    Called after ``cc_requests_on_status_changed``, whether the customer
    pressed "Reopen" or replied to the closed request.
    """


@hookspec
def cc_requests_field_types():
    """Return a list of :class:`cc_requests.public.FieldType`: custom field kinds.

    Called when a form or page with custom fields is built.  Category field
    definitions name a type by its ``name``; a type with the name of a
    stock one (``text``, ``number``, ``date``, ``choice``, ``yesno``)
    replaces it.
    """
