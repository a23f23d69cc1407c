"""Hooks the preferences plugin offers to other plugins.

Implement them with ``@api.hookimpl(optionalhook=True)`` so your plugin
also works where the preferences plugin is not installed.
"""
from cc_core import api


@api.hookspec
def cc_preferences_fields(request, person):
    """Return a list of :class:`cc_core.api.PreferenceGroup` for ``/preferences``.

    Called each time the preferences page is shown or posted, for the
    logged-in ``person``.  Every group becomes a fieldset of its own, titled
    with ``group.title`` and sorted by ``group.order``; its colander nodes
    are validated with the rest of the form (``cc_validate_form`` sees them
    too, under the form id ``"preferences"``) and saved together with it
    through ``person.set_preference(node.name, value)``.  Name the nodes
    with your plugin's prefix; ``node.default`` is shown until the person
    chooses.  Return an empty list when the person has nothing to set.
    The same fields are the JSON API's ``/api/v1/me/preferences``; when its
    OpenAPI document describes them, ``person`` is ``None`` (the document
    is the same for everyone).
    """


@api.hookspec
def cc_preferences_export(request, person):
    """Return a dict of what your plugin holds about ``person``.

    Called when the person downloads ``/preferences/data``; the dicts of
    every plugin are merged into the JSON document beside the core's own
    ``person`` and ``preferences`` keys, so use top-level keys named after
    your plugin (``{"requests": [...], "requests_messages_elsewhere": [...]}``).  Values must be JSON-serialisable
    (datetimes are written in ISO 8601).  Include only what the person may
    see: never staff-internal notes.
    """


@api.hookspec
def cc_preferences_on_saved(request, person, changed):
    """Notify that ``person`` saved ``/preferences`` and something changed.

    ``changed`` is the sorted list of the field names whose value changed
    (core fields such as ``language`` and every plugin's preference names).
    Called inside the request's transaction after the values are set; the
    return value is ignored.
    """
