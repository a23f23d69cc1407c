"""Who is asking, and what may they do.

One security policy over a signed cookie session: the cookie holds only the
person's id, their ``session_version`` and a random session id, so any
worker can serve any request.  Bumping the version (password change, "log
out everywhere") ends every other session; logging out records the session
id as revoked (:mod:`.sessions`), so a saved copy of the cookie is refused.
Permissions are granted through ACLs on contexts to principals:

``system.Everyone``, ``system.Authenticated``, ``person:<id>``,
``role:customer``, ``role:manager``, ``role:staff``, ``company:<id>`` and
``company_access:<id>`` (persons allowed to see the whole company's data),
plus whatever plugins add through ``cc_principals``.
"""
from __future__ import annotations

from pyramid.authorization import ACLHelper, Allow, Authenticated, Everyone
from pyramid.csrf import SessionCSRFStoragePolicy
from pyramid.session import SignedCookieSessionFactory
from pyramid.settings import asbool

from .models import Person
from .person_columns import SAFE_METHODS, forget_values, keep_values, person_statement
from .sessions import SESSION_ID, new_session_id, revoke_session
from .startup_checks import check_secret

SESSION_PERSON = "cc.person"
SESSION_VERSION = "cc.sv"


class RootFactory:
    """The default context: public pages, customer pages and staff pages."""

    __acl__ = [
        (Allow, Everyone, "public"),
        # The JSON API authenticates its callers itself (a token or the
        # session, cc_core.api_v1.callers) and answers 401, not a login page.
        (Allow, Everyone, "api"),
        (Allow, "role:customer", "customer"),
        (Allow, "role:staff", "staff"),
    ]

    def __init__(self, request):
        self.request = request


def person_principals(request, person: Person) -> list[str]:
    """The principals the core grants a person, plus those plugins add."""
    principals = [Everyone, Authenticated, f"person:{person.id}", "role:customer"]
    if person.company_id is not None:
        principals.append(f"company:{person.company_id}")
        if person.company_access:
            principals.append(f"company_access:{person.company_id}")
        if person.is_manager:
            principals.append(f"manager:{person.company_id}")
    if person.is_manager:
        principals.append("role:manager")
    if person.is_staff:
        principals.append("role:staff")
    for extra in request.registry["cc.plugin_manager"].hook.cc_principals(request=request, person=person):
        principals.extend(extra or [])
    return principals


class SecurityPolicy:
    """Identity from the signed session; permissions from context ACLs."""

    def identity(self, request) -> Person | None:
        return request.person

    def authenticated_userid(self, request):
        person = request.person
        return person.id if person is not None else None

    def effective_principals(self, request) -> list[str]:
        person = request.person
        if person is None:
            return [Everyone]
        return request.principals

    def permits(self, request, context, permission):
        return ACLHelper().permits(context, self.effective_principals(request), permission)

    def remember(self, request, userid, **kw):
        """Start a fresh session for ``userid``.

        The old session is dropped and its id revoked (no fixation), the new
        one gets a fresh id, and the CSRF token is renewed.
        """
        person = request.dbsession.get(Person, userid)
        revoke_session(request)
        request.session.invalidate()
        request.session[SESSION_PERSON] = person.id
        request.session[SESSION_VERSION] = person.session_version
        request.session[SESSION_ID] = new_session_id()
        request.session.new_csrf_token()
        request.__dict__["person"] = person
        request.__dict__.pop("principals", None)
        forget_values(request)
        return []

    def forget(self, request, **kw):
        """End the session here and on the server: its id is recorded as revoked."""
        revoke_session(request)
        request.session.invalidate()
        request.__dict__["person"] = None
        forget_values(request)
        return []


def _load_person(request) -> Person | None:
    """The logged-in person, or ``None``.

    One statement loads the person, asks whether the session's id was
    revoked by a logout, and reads the values plugins want about the person
    on every page (:mod:`.person_columns`), so neither adds a query; a
    request that may change data (a post) leaves those values out, as
    nothing may read them then.
    """
    person_id = request.session.get(SESSION_PERSON)
    if person_id is None:
        return None
    session_id = request.session.get(SESSION_ID)
    row = None
    if isinstance(person_id, int) and isinstance(session_id, str):
        statement, names = person_statement(request.registry, with_columns=request.method in SAFE_METHODS)
        row = request.dbsession.execute(statement, {"person_id": person_id, "session_id": session_id}).one_or_none()
    if (row is None or row.revoked or not row.Person.is_active
            or request.session.get(SESSION_VERSION) != row.Person.session_version):
        # A deleted or deactivated person, a session that was logged out or
        # comes from before a password change, or one without an id (which
        # could not be revoked): end it.
        request.session.invalidate()
        return None
    keep_values(request, person_id, row, names)
    return row.Person


def _principals(request) -> list[str]:
    return person_principals(request, request.person) if request.person is not None else [Everyone]


def includeme(config):
    settings = config.get_settings()
    check_secret(settings)  # make_app checked already; this keeps the session factory safe on its own
    secret = settings["cc.secret"]
    secure = asbool(settings.get("cc.session.secure", False))
    session_factory = SignedCookieSessionFactory(
        secret,
        salt="cc.session.",
        cookie_name="cc_session",
        httponly=True,
        secure=secure,
        samesite="Lax",
        timeout=int(settings.get("cc.session.idle_timeout", 7200)),
        reissue_time=int(settings.get("cc.session.reissue_time", 300)),
        max_age=None,
    )
    config.set_session_factory(session_factory)
    config.set_csrf_storage_policy(SessionCSRFStoragePolicy())
    config.set_default_csrf_options(require_csrf=True)
    config.set_security_policy(SecurityPolicy())
    config.set_root_factory(RootFactory)
    config.add_request_method(_load_person, "person", reify=True)
    config.add_request_method(_principals, "principals", reify=True)
