"""A tiny plugin for the tests: one preference group, a data part, and a record of saves."""
import colander

from cc_core import api

_ = api.TranslationStringFactory("prefs_testplugin")
SAVED = []


@api.hookimpl(optionalhook=True)
def cc_preferences_fields(request, person):
    return [api.PreferenceGroup(
        name="testprefs", title=_("Test plugin settings"), order=10,
        nodes=(
            colander.SchemaNode(colander.String(), name="testprefs_colour", title=_("Favourite colour"),
                                widget="select", choices=[("red", _("Red")), ("blue", _("Blue"))],
                                validator=colander.OneOf(["red", "blue"]), default="blue"),
            colander.SchemaNode(colander.Boolean(), name="testprefs_digest", title=_("Weekly digest"),
                                widget="checkbox", default=False),
            colander.SchemaNode(colander.Integer(), name="testprefs_page_size", title=_("Rows per page"),
                                widget="number", validator=colander.Range(5, 100), default=25),
            # Clashes with the core's own field: must be left out, not override it.
            colander.SchemaNode(colander.String(), name="name", title=_("Clash"), missing=""),
        ))]


@api.hookimpl(optionalhook=True)
def cc_preferences_export(request, person):
    return {"testprefs": {"colour": person.preference("testprefs_colour", "blue")},
            "person": "a plugin must not replace the core's part"}


@api.hookimpl(optionalhook=True)
def cc_preferences_on_saved(request, person, changed):
    SAVED.append((person.email, list(changed)))


@api.hookimpl
def cc_validate_form(request, form_id, values):
    if form_id == "preferences" and values.get("testprefs_colour") == "red" and values.get("testprefs_digest"):
        return {"testprefs_digest": "No digest for red lovers."}
    return None
