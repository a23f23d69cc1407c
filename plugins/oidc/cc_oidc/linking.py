"""Who a provider's verified claims belong to.

1. The stored (issuer, subject) pair: the provider's promise of a person.
2. Failing that, the e-mail address, but only when the provider says it
   verified it (``email_verified`` true): an address anybody can type into
   their profile at some provider must not open a customer's account.
   The pair is then stored, so from now on the address no longer matters.
3. Failing that, when the provider provisions, a new person at its company.

An unverified address never links nor provisions, and an address of a
domain that belongs to *another* configured provider is never linked
through this one (that organisation decides who its people are).
"""
from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from cc_core import api

from .models import Identity
from .providers import Provider


@dataclasses.dataclass(frozen=True)
class Outcome:
    """The person to sign in, or why there is none (``refusal`` is a message id of :mod:`.messages`)."""

    person: api.Person | None = None
    refusal: str | None = None


def verified_email(claims: dict, provider: Provider) -> str | None:
    """The claims' e-mail address, lower-cased, if the provider verified it.

    A provider configured with ``trust_domains`` (one that only signs in
    people of domains its organisation owns, such as a single-tenant
    Entra ID, which sends no ``email_verified``) vouches for the addresses
    of its own ``domains``, and only those.
    """
    email = claims.get("email")
    verified = claims.get("email_verified")
    if isinstance(verified, str):        # some providers send "true"
        verified = verified.lower() == "true"
    if not isinstance(email, str) or "@" not in email or len(email) > 254:
        return None
    email = email.strip().lower()
    if verified is True or (provider.trust_domains and provider.owns(email)):
        return email
    return None


def find_person(request, provider: Provider, issuer: str, claims: dict, others: list[Provider]) -> Outcome:
    """The person ``claims`` (ID token merged with userinfo) belong to; links or provisions as needed."""
    dbsession = request.dbsession
    subject = claims["sub"]
    identity = dbsession.scalar(sa.select(Identity).where(Identity.issuer == issuer, Identity.subject == subject))
    email = verified_email(claims, provider)
    if identity is not None:
        person = identity.person
        identity.last_login_at = api.utcnow()
        if email:
            identity.email = email
        return Outcome(person=person) if person.is_active else Outcome(refusal="inactive")
    if email is None:
        return Outcome(refusal="unverified")
    if any(other.owns(email) for other in others if other.name != provider.name):
        return Outcome(refusal="other-provider")
    person = dbsession.scalar(sa.select(api.Person).where(api.Person.email == email))
    if person is None:
        if provider.provision_company is None:
            return Outcome(refusal="unknown")
        person = provision(dbsession, provider, email, claims)
    if not person.is_active:
        return Outcome(refusal="inactive")
    dbsession.add(Identity(person=person, provider=provider.name, issuer=issuer, subject=subject, email=email,
                           last_login_at=api.utcnow()))
    dbsession.flush()
    return Outcome(person=person)


def provision(dbsession, provider: Provider, email: str, claims: dict) -> api.Person:
    """A new person at the provider's company (created when it does not exist yet), without a password."""
    company = dbsession.scalar(sa.select(api.Company).where(api.Company.name == provider.provision_company)
                               .order_by(api.Company.id).limit(1))
    if company is None:
        company = api.Company(name=provider.provision_company)
        dbsession.add(company)
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        name = email.partition("@")[0]
    person = api.Person(email=email, name=name.strip()[:200], company=company, email_confirmed=True)
    dbsession.add(person)
    dbsession.flush()
    return person


def identities_of(dbsession, person) -> list[Identity]:
    """The person's linked identities, oldest first."""
    return list(dbsession.scalars(sa.select(Identity).where(Identity.person_id == person.id)
                                  .order_by(Identity.created_at, Identity.id)))
