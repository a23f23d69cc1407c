"""Files that survive a re-display of their form.

When a post is refused for some other field, the files that passed the
upload checks are stored at once (the storage is content-addressed, so a
file sent twice is stored once) and carried in the form's signed state:
name, type, size, storage key, when it was stored and by whom.  The form
shown again lists them, each with a "remove" box; the next post adds them
to the field's new files, and ``apply`` gets them as :class:`KeptFile`
values beside the new :class:`~cc_core.forms.uploads.UploadedFile` ones.
Both store themselves with ``upload.store(storage)``.

The state is signed per form, so a key in it is one this form's earlier
post stored: a forged key cannot appear.  A file carried but never saved
(the person gave up) is named by no row, and the orphan sweep
(``cc.purge.orphan_files``) deletes it once it is older than
``cc.storage.orphan_grace_seconds`` (a day by default).  So that the
sweep cannot take a file a form still carries, a carried file is accepted
only while it is younger than the grace period less :data:`MARGIN`; an
older one is dropped and the person is asked to attach it again.
"""
from __future__ import annotations

import time

import colander

from ..i18n import _
from ..storage import StorageUnavailable, get_storage
from ..storage_sweep import DEFAULT_GRACE
from .uploads import FileUpload, KeptFile, UploadedFile

#: Where the carried files travel in the signed state: field name → list of entries.
STATE_KEY = "_files"
#: The check box that drops a carried file (its value: the storage key).
REMOVE_FIELD = "_remove_file"
#: How long before the orphan sweep could take it a carried file stops being accepted, in seconds.
MARGIN = 3600


def file_fields(schema) -> list:
    """The repeatable file fields of ``schema``."""
    return [node for node in schema.children
            if isinstance(node.typ, colander.Sequence) and node.children
            and isinstance(node.children[0].typ, FileUpload)]


def _lifetime(request) -> float:
    grace = float(request.registry.settings.get("cc.storage.orphan_grace_seconds",
                                                DEFAULT_GRACE.total_seconds()))
    return grace - MARGIN


def _person_id(request):
    return request.person.id if getattr(request, "person", None) is not None else None


def carried(form, post) -> tuple[dict, bool]:
    """The carried files the post keeps, by field, and whether some were too old to keep."""
    request = form.request
    removed = set(post.getall(REMOVE_FIELD))
    oldest = time.time() - _lifetime(request)
    person = _person_id(request)
    out, expired = {}, False
    for name, entries in (form.state.get(STATE_KEY) or {}).items():
        files = []
        for entry in entries:
            if entry.get("by") != person or entry["key"] in removed:
                continue
            if entry["at"] < oldest:
                expired = True
                continue
            files.append(KeptFile(entry["name"], entry["type"], entry["size"], entry["key"], entry["at"]))
        if files:
            out[name] = files
    return out, expired


def add_to_cstruct(cstruct: dict, kept: dict) -> None:
    """Put the carried files before the field's newly posted ones."""
    for name, files in kept.items():
        posted = cstruct.get(name)
        cstruct[name] = list(files) + (list(posted) if posted not in (None, colander.null) else [])


def keep(form, schema, cstruct: dict) -> None:
    """Store the files of a refused post that passed their checks, and carry them in ``form.state``.

    A storage that is down keeps nothing: the person attaches the files
    again, as before files were kept.
    """
    request = form.request
    person = _person_id(request)
    storage = None
    state = {}
    for node in file_fields(schema):
        entries = []
        for item in cstruct.get(node.name) or ():
            kept = item if isinstance(item, KeptFile) else _checked(node.children[0], item)
            if kept is None:
                continue
            if isinstance(kept, UploadedFile):
                storage = storage or get_storage(request)
                try:
                    stored = kept.store(storage)
                except StorageUnavailable:
                    return
                kept = KeptFile(kept.filename, kept.content_type, stored.size, stored.key, time.time())
            if kept.key not in {entry["key"] for entry in entries}:
                entries.append(kept.as_state(person))
        if entries:
            state[node.name] = entries
    form.state = {**form.state, STATE_KEY: state}


def _checked(child, item):
    try:
        value = child.deserialize(item)
    except colander.Invalid:
        return None
    return value if isinstance(value, UploadedFile) else None


def expired_message():
    return _("kept-file-expired", default="A file attached earlier was kept too long and has been "
                                          "dropped: attach it again.")
