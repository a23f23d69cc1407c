"""``GET``/``PATCH /api/v1/me/preferences``: language, time zone and every plugin's settings.

The values and their validation are the preferences page's own
(:class:`.forms.ProfileForm`, the same plugin fields from
``cc_preferences_fields``, the same ``cc_validate_form`` checks under the
form id ``preferences``, the same ``cc_preferences_on_saved`` notice),
less the name and phone numbers, which are the core's ``PATCH /api/v1/me``.
Which settings there are depends on the installed plugins, so the
answer's schema in the OpenAPI document is made from the form too.
"""
from __future__ import annotations

import colander

from cc_core import api

from .forms import ProfileForm


class PreferencesApiForm(ProfileForm):
    """The preferences page's form without the fields ``PATCH /api/v1/me`` edits."""

    person_fields = ("language", "timezone")


def preferences_json(form: PreferencesApiForm) -> dict:
    """The values the page would show: saved, else each setting's default."""
    out = {}
    for name, value in form.initial().items():
        if value is colander.null:
            value = None
        elif isinstance(value, (set, frozenset, tuple)):
            value = sorted(value)
        out[name] = value
    return out


def preferences_schema(request) -> dict:
    """The answer's JSON Schema: one member per field of the form, ``null`` for one never chosen without a default."""
    form = PreferencesApiForm(request)
    described = api.object_schema(form.bound_schema, request.localizer.translate)["properties"]
    properties = {}
    for node in form.bound_schema.children:
        schema = {key: value for key, value in described[node.name].items() if key != "pattern"}
        properties[node.name] = schema if node.default is not colander.null else {"anyOf": [schema, {"type": "null"}]}
    return {"type": "object", "required": list(properties), "properties": properties, "additionalProperties": False}


def get_preferences(request):
    return preferences_json(PreferencesApiForm(request))


def update_preferences(request):
    form = request.api_form
    form.apply(request.api_values, {})
    return preferences_json(PreferencesApiForm(request))


def endpoints() -> list:
    tags = ("me",)
    return [
        api.Endpoint("preferences.get", "GET", "/me/preferences", get_preferences,
                     "The caller's language, time zone and the plugins' settings", tags=tags,
                     responses={200: preferences_schema}),
        api.Endpoint("preferences.update", "PATCH", "/me/preferences", update_preferences,
                     "Change the caller's language, time zone or the plugins' settings", form=PreferencesApiForm,
                     tags=tags, responses={200: preferences_schema}),
    ]
