"""The person's linked identities at ``/preferences/sign-in``, and unlinking one.

Unlinking is offered only to a person who also has a password: one who
signs in only through a provider would otherwise lock themselves out.
The identity to unlink is chosen from the person's own (the choices are
built from their rows), so another person's identity cannot be named.
"""
from __future__ import annotations

import colander
from pyramid.view import view_config

from cc_core import api

from .i18n import _
from .linking import identities_of
from .models import Identity
from .providers import configured_providers


class UnlinkForm(api.Form):
    id = "oidc-unlink"
    template = "cc_oidc:templates/identities.pt"
    submit_label = _("Unlink")
    success_message = _("The identity is unlinked: it no longer signs you in.")

    def __init__(self, request):
        super().__init__(request)
        self.identities = identities_of(request.dbsession, request.person)

    def schema(self):
        choices = [str(identity.id) for identity in self.identities]
        schema = colander.Schema()
        schema.add(colander.SchemaNode(colander.String(), name="identity", title=_("Linked identity"),
                                       widget="radio", choices=[(c, self._describe(c)) for c in choices],
                                       validator=colander.OneOf(choices),
                                       missing_msg=_("Choose the identity to unlink.")))
        return schema

    def _describe(self, choice: str) -> str:
        identity = next(i for i in self.identities if str(i.id) == choice)
        provider = configured_providers(self.request).get(identity.provider)
        label = self.request.localizer.translate(provider.label) if provider else identity.provider
        return f"{label}: {identity.email or identity.subject}"

    @property
    def may_unlink(self) -> bool:
        return bool(self.identities) and bool(self.request.person.password_hash)

    def template_values(self):
        providers = configured_providers(self.request)
        return {"identities": self.identities, "providers": providers, "may_unlink": self.may_unlink}

    def check(self, values, state):
        if not self.may_unlink:
            return {"": _("Set a password before you unlink the identity you sign in with.")}
        return None

    def apply(self, values, state):
        identity = self.request.dbsession.get(Identity, int(values["identity"]))
        self.request.dbsession.delete(identity)
        return self.request.route_path("oidc.identities")


@view_config(route_name="oidc.identities", request_method=("GET", "POST"), permission="customer")
def identities_page(request):
    return api.process_form(UnlinkForm(request))
