"""The :class:`Form` base class: what a form says about itself, and what its template reads."""
from __future__ import annotations

import colander
from pyramid.renderers import render_to_response

from ..i18n import _
from .binding import bind
from .kept_files import REMOVE_FIELD
from .kept_files import STATE_KEY as KEPT_STATE
from .signing import MAX_STATE_AGE, sign
from .submissions import new_token
from .uploads import human_size
from .values import display_values

STATE_FIELD = "_state"
TOKEN_FIELD = "_submission"
CSRF_FIELD = "csrf_token"


class Form:
    """Base class of every form.  Subclasses set or override:

    ``id``            stable id: the HTML ``id`` and the name hooks see
    ``template``      renderer of the page that shows the form
    ``schema()``      a colander schema instance (bound with the request)
    ``initial()``     values shown on the first ``GET``
    ``initial_state()`` data that travels signed in the form
    ``recovered_state()`` the state after a refused (tampered, expired) one
    ``check_fields(values)`` checks among fields, made even when others are wrong
    ``check(values, state)`` extra checks: a dict of field → message
    ``apply(values, state)`` do it; return the URL to redirect to
    ``success_message`` flashed after ``apply``, as ``success_kind``
                      (``"info"`` when the post changed nothing: that is
                      no success to celebrate)
    ``submit_class``  the button's class: ``primary`` (the page's main
                      action), or ``secondary`` beside a page's main action

    The pipeline sets ``state`` (verified) before it builds the schema, so
    ``schema()`` may depend on what the form carried.
    """

    id: str = "form"
    template: str = ""
    submit_label = _("Save")
    submit_class = "primary"
    success_message = None
    success_kind = "success"
    one_time = True
    state_max_age = MAX_STATE_AGE
    remove_file_field = REMOVE_FIELD

    def __init__(self, request, context=None):
        self.request = request
        self.context = context
        self.values: dict = {}
        self.errors: dict = {}
        self.state: dict = {}
        self.status = 200
        self._schema = None

    # -- to override --------------------------------------------------------
    def schema(self) -> colander.Schema:
        """The fields (``api.schema_of(...)``); none by default: a button with only its signed state."""
        return colander.Schema()

    def initial(self) -> dict:
        return {}

    def initial_state(self) -> dict:
        return {}

    def recovered_state(self) -> dict:
        """The state the form carries when shown again after its signed state was refused.

        By default the current :meth:`initial_state`.  A form that locks
        optimistically must return something else: nobody knows what the
        person saw, so a fresh version would let their next post overwrite
        whatever changed meanwhile, unnoticed.  It returns a state its
        ``apply`` takes as stale, so the next post shows the saved values
        beside the typed ones before anything is written.
        """
        return self.initial_state()

    def check_fields(self, values: dict) -> dict | None:
        """Checks of fields against each other: a dict of field → message, or ``None``.

        Unlike :meth:`check`, these run in the same round as the schema's
        own messages, with ``values`` holding only the fields the schema
        accepted, so a person sees every field's problem at once (a
        short password and a mismatched confirmation beside a malformed
        address) rather than one per round.  Keep them free of side
        effects: they also run on posts that are refused.
        """
        return None

    def check(self, values: dict, state: dict) -> dict | None:
        return None

    def apply(self, values: dict, state: dict) -> str:
        raise NotImplementedError

    def template_values(self) -> dict:
        return {}

    @property
    def action(self) -> str:
        return self.request.path_qs

    # -- used by templates --------------------------------------------------
    @property
    def nodes(self) -> list:
        return [node for node in self.bound_schema.children if not getattr(node, "hidden_field", False)]

    def node(self, name: str):
        return self.bound_schema[name]

    @property
    def bound_schema(self):
        if self._schema is None:
            self._schema = bind(self.schema(), request=self.request)
        return self._schema

    def value(self, name: str):
        value = self.values.get(name, "")
        return "" if value in (None, colander.null) else value

    def values_of(self, name: str) -> list:
        value = self.values.get(name)
        if value in (None, colander.null, ""):
            return []
        return value if isinstance(value, (list, tuple)) else [value]

    def kept_files(self, name: str) -> list[dict]:
        """The files a refused post of field ``name`` sent, stored and carried.

        Each a dict: ``name``, ``type``, ``size`` and ``size_label``, and
        ``key``, the value of its "remove" box (:attr:`remove_file_field`).
        """
        return [{**entry, "size_label": human_size(entry["size"], self.request.locale_name)}
                for entry in (self.state.get(KEPT_STATE) or {}).get(name) or ()]

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    @property
    def field_errors(self) -> list[tuple[str, str, str]]:
        """(field name, label, message) for the summary at the top, in the order of the fields."""
        order = {node.name: index for index, node in enumerate(self.bound_schema.children)}
        out = []
        for name, message in sorted(self.errors.items(), key=lambda item: order.get(item[0], len(order))):
            if not name:
                continue
            try:
                label = self.bound_schema[name].title
            except KeyError:
                label = name
            out.append((name, label, message))
        return out

    @property
    def hidden_fields(self) -> list[tuple[str, str]]:
        request = self.request
        fields = [(CSRF_FIELD, request.session.get_csrf_token())]
        fields.append((STATE_FIELD, sign(request, f"form.{self.id}", self.state)))
        if self.one_time:
            fields.append((TOKEN_FIELD, new_token(request)))
        return fields

    def prepare(self) -> "Form":
        """The ``GET`` half: the form as first shown, with its initial state and values.

        The values go through the schema's serialisation, as on the form's
        own page, so a form shown beside another one looks the same as
        when shown alone.  Returns the form, to chain.
        """
        self.state = self.initial_state() or {}
        self.errors = {}
        self.values = display_values(self.bound_schema, self.initial() or {})
        return self

    def render(self):
        values = {"form": self, **self.template_values()}
        response = render_to_response(self.template, values, request=self.request)
        response.status_int = self.status
        return response

