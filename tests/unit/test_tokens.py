"""One-time tokens: every way a link can go stale, and that a good one works once."""
import time

import itsdangerous.timed
import pytest
import sqlalchemy as sa
from pyramid.registry import Registry

from cc_core import tokens
from cc_core.models import UsedToken
from cc_core.testing import create_person
from cc_core.tokens import TokenError, check_token, consume_token, issue_token, owner_of_stale_token

SECRET = "unit-test-secret-0123456789abcdef0123456789"


class Request:
    """Just what the token helpers use: settings and a database session."""

    def __init__(self, dbsession, **settings):
        self.registry = Registry()
        self.registry.settings = {"cc.secret": SECRET, **settings}
        self.dbsession = dbsession


@pytest.fixture
def request_(dbsession):
    return Request(dbsession)


@pytest.fixture
def person(dbsession):
    return create_person(dbsession, email="token.owner@example.org", name="Tora Token")


def later(monkeypatch, seconds):
    now = time.time()
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: now + seconds)


def test_a_fresh_token_checks_and_carries_its_data(request_, person):
    token = issue_token(request_, "reset", person, {"next": "/x"})
    link = check_token(request_, "reset", token)
    assert link.person is person and link.data == {"next": "/x"} and link.purpose == "reset"


def test_tokens_are_unique_even_when_issued_together(request_, person):
    assert issue_token(request_, "reset", person) != issue_token(request_, "reset", person)


def test_a_token_works_once(request_, person):
    token = issue_token(request_, "reset", person)
    consume_token(request_, check_token(request_, "reset", token))
    with pytest.raises(TokenError) as err:
        check_token(request_, "reset", token)
    assert err.value.reason == TokenError.USED and err.value.person is person


def test_consuming_twice_at_once_lets_only_one_through(request_, person):
    token = issue_token(request_, "reset", person)
    first, second = check_token(request_, "reset", token), check_token(request_, "reset", token)
    consume_token(request_, first)
    with pytest.raises(TokenError) as err:
        consume_token(request_, second)
    assert err.value.reason == TokenError.USED


def test_an_expired_token_is_refused_but_its_owner_known(request_, person, monkeypatch):
    token = issue_token(request_, "reset", person)
    later(monkeypatch, tokens.DEFAULT_TTL + 5)
    with pytest.raises(TokenError) as err:
        check_token(request_, "reset", token)
    assert err.value.reason == TokenError.EXPIRED and err.value.person is person


def test_the_ttl_comes_from_the_settings(dbsession, person, monkeypatch):
    request = Request(dbsession, **{"cc.token_ttl": "60"})
    token = issue_token(request, "reset", person)
    later(monkeypatch, 61)
    with pytest.raises(TokenError):
        check_token(request, "reset", token)
    assert check_token(request, "reset", token, ttl=3600).person is person


def test_a_password_change_kills_earlier_tokens(request_, person):
    token = issue_token(request_, "login", person)
    person.session_version += 1
    with pytest.raises(TokenError) as err:
        check_token(request_, "login", token)
    assert err.value.reason == TokenError.SUPERSEDED


def test_an_address_change_kills_earlier_tokens(request_, person):
    token = issue_token(request_, "register", person)
    person.email = "new.address@example.org"
    with pytest.raises(TokenError) as err:
        check_token(request_, "register", token)
    assert err.value.reason == TokenError.SUPERSEDED


def test_another_purpose_token_is_invalid(request_, person):
    token = issue_token(request_, "register", person)
    with pytest.raises(TokenError) as err:
        check_token(request_, "reset", token)
    assert err.value.reason == TokenError.INVALID and err.value.person is None


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
    lambda t: "x" + t,
    lambda t: "",
    lambda t: "not-a-token",
])
def test_forged_tokens_are_invalid(request_, person, mangle):
    token = issue_token(request_, "reset", person)
    with pytest.raises(TokenError) as err:
        check_token(request_, "reset", mangle(token))
    assert err.value.reason == TokenError.INVALID


def test_a_token_signed_with_another_secret_is_invalid(dbsession, request_, person):
    foreign = Request(dbsession, **{"cc.secret": "another-secret-0123456789abcdef0123456789"})
    with pytest.raises(TokenError) as err:
        check_token(request_, "reset", issue_token(foreign, "reset", person))
    assert err.value.reason == TokenError.INVALID


def test_a_deactivated_persons_token_is_invalid(request_, person):
    token = issue_token(request_, "reset", person)
    person.is_active = False
    with pytest.raises(TokenError) as err:
        check_token(request_, "reset", token)
    assert err.value.reason == TokenError.INVALID


def test_the_owner_of_a_stale_but_genuine_token_is_found(request_, person, monkeypatch):
    token = issue_token(request_, "reset", person)
    person.session_version += 1
    later(monkeypatch, tokens.DEFAULT_TTL * 3)
    assert owner_of_stale_token(request_, "reset", token) is person
    assert owner_of_stale_token(request_, "login", token) is None
    assert owner_of_stale_token(request_, "reset", token + "x") is None
    later(monkeypatch, tokens.MAX_TTL + 10)
    assert owner_of_stale_token(request_, "reset", token) is None


def test_used_token_rows_older_than_any_link_are_purged(request_, person, dbsession):
    old = UsedToken(digest="0" * 64, used_at=tokens.utcnow() - tokens.dt.timedelta(seconds=tokens.MAX_TTL + 1))
    dbsession.add(old)
    dbsession.flush()
    consume_token(request_, check_token(request_, "reset", issue_token(request_, "reset", person)))
    digests = dbsession.scalars(sa.select(UsedToken.digest)).all()
    assert "0" * 64 not in digests and len(digests) >= 1
