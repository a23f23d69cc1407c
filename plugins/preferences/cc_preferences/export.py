"""Everything the portal holds about a person, for the ``/preferences/data`` download.

The core's part comes from here; every plugin adds its own through
``cc_preferences_export``.  Secrets never leave: no password hash, no
session version.
"""
from __future__ import annotations

from cc_core import api

PERSON_FIELDS = ("id", "email", "name", "phone", "mobile", "language", "timezone", "company_access",
                 "is_manager", "is_staff", "email_confirmed", "created_at", "last_login_at")
COMPANY_FIELDS = ("id", "name", "org_number", "address", "postcode", "city", "country", "phone", "website")


def person_data(request, person) -> dict:
    company = person.company
    document = {
        "exported_at": api.utcnow(),
        "person": {name: getattr(person, name) for name in PERSON_FIELDS},
        "company": {name: getattr(company, name) for name in COMPANY_FIELDS} if company is not None else None,
        "preferences": dict(person.preferences or {}),
    }
    core_keys = set(document)
    for part in api.plugin_manager(request).hook.cc_preferences_export(request=request, person=person):
        for key, value in (part or {}).items():
            if key not in core_keys:
                document[key] = value
    return document
