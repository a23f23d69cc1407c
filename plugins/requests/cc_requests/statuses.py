"""The states a request goes through, and their names for people.

``open``     waiting for the support team
``waiting``  the team has answered and waits for the customer
``closed``   solved (by the customer or the team); may be reopened

"Open" in the list's filter means every status but ``closed``.
"""
from .i18n import _

OPEN = "open"
WAITING = "waiting"
CLOSED = "closed"
STATUSES = (OPEN, WAITING, CLOSED)
OPEN_STATUSES = (OPEN, WAITING)

_LABELS = {
    OPEN: _("status-open", default="Open"),
    WAITING: _("status-waiting", default="Waiting for customer"),
    CLOSED: _("status-closed", default="Closed"),
}


def status_label(status: str):
    """A translatable name for ``status`` (the raw value if it is unknown)."""
    return _LABELS.get(status, status)
