"""The states a request goes through, and their names for people.

``open``     waiting for the support team
``waiting``  the team has answered and waits for the customer
``closed``   solved (by the customer or the team); may be reopened

"Open" in the list's filter means every status but ``closed``.

Staff read the plain names (:func:`status_label`); customers read what
the status means for them (:func:`customer_status_label`: "Awaiting your
reply", "Solved"), beside a mark that differs in shape as well as colour
(:func:`status_mark`), so the status never depends on colour alone.
"""
from markupsafe import Markup

from cc_core import api

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


_CUSTOMER_LABELS = {
    OPEN: _("customer-status-open", default="With the support team"),
    WAITING: _("customer-status-waiting", default="Awaiting your reply"),
    CLOSED: _("customer-status-closed", default="Solved"),
}
#: A symbol per status, shown before the label (hidden from screen readers,
#: which read the label): a circle for open, an arrow for the customer's
#: turn, a tick for solved.
_MARKS = {OPEN: "○", WAITING: "➜", CLOSED: "✓"}


def customer_status_label(status: str):
    """What ``status`` means to the customer who filed the request."""
    return _CUSTOMER_LABELS.get(status, status)


def status_mark(status: str) -> str:
    return _MARKS.get(status, "•")


def badge_html(status: str, translate) -> Markup:
    """The status badge (mark and customer's label), ``translate`` giving the viewer's language.

    The ``status_badge`` macro renders this, and the request list calls it
    directly (once per status, see :mod:`cc_requests.rows`): a macro call
    per row copied the template's whole scope fifty times a page.
    """
    return Markup(f'<span\n  class="status status-{api.html_attribute(status)}"><span class="status-mark" '
                  f'aria-hidden="true">{api.html_text(status_mark(status))}</span>\n  <span class="status-label">'
                  f'{api.html_text(translate(customer_status_label(status)))}</span></span>')
