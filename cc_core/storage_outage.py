"""What visitors see while the file storage cannot be reached.

A download answers a readable 503 page in the layout (with
``Retry-After``), not a 500: nothing is broken in the portal, the store
will likely answer again in a moment.  A form whose ``apply`` needed the
storage is shown again with the typed text kept and a message at the top;
its transaction is doomed, so whatever ``apply`` had written before the
storage failed is rolled back and nothing is half-saved.

Both need nothing from the portal once the storage is back: the next
request uses it again.
"""
from __future__ import annotations

import logging

from .i18n import _
from .storage import StorageUnavailable

log = logging.getLogger("cc_core.storage")

RETRY_AFTER = "30"
TITLE = _("Files are unavailable")
PAGE_MESSAGE = _("storage-unavailable-page",
                 default="The files of this portal cannot be reached just now. Nothing is lost: please try "
                         "again in a minute.")
FORM_MESSAGE = _("storage-unavailable-form",
                 default="Your files could not be stored just now, so nothing was saved. Your text is kept "
                         "below: choose the files again and send it in a minute.")


def storage_unavailable_view(exc, request):
    """The 503 page in the layout for any view that met :class:`StorageUnavailable`."""
    log.warning("storage unavailable at %s %s: %s", request.method, request.path_qs, exc)
    request.response.status_int = 503
    request.response.headers["Retry-After"] = RETRY_AFTER
    request.response.headers["Cache-Control"] = "no-store"
    return {"status": 503, "title": TITLE, "message": PAGE_MESSAGE}


def refuse_form(form, exc: StorageUnavailable):
    """Show ``form`` again (503) with the typed values and nothing saved."""
    request = form.request
    log.warning("storage unavailable while saving form %s: %s", form.id, exc)
    tm = getattr(request, "tm", None)
    if tm is not None:
        # pyramid_tm aborts a doomed transaction instead of committing it.
        tm.doom()
    form.errors = {"": request.localizer.translate(FORM_MESSAGE)}
    form.status = 503
    response = form.render()
    response.headers["Retry-After"] = RETRY_AFTER
    return response


def includeme(config):
    config.add_exception_view(storage_unavailable_view, context=StorageUnavailable,
                              renderer="cc_core:templates/error.pt")
