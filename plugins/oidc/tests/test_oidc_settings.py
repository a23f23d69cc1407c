"""The ini's providers, the migration, and the claim checks on their own."""
import time

import pytest
from pyramid.testing import DummyRequest, setUp, tearDown

from cc_core.testing import schema_differences
from cc_oidc import plugin
from cc_oidc.id_token import InvalidIDToken, check_claims
from cc_oidc.providers import ProviderConfigError, providers_from_settings

pytestmark = pytest.mark.cc_plugins("oidc")

BASE = {"cc.oidc.providers": "acme", "cc.oidc.acme.issuer": "https://id.acme.example/",
        "cc.oidc.acme.client_id": "portal"}


def test_models_and_migration_agree(dbsession):
    assert schema_differences(dbsession.connection(), "oidc_") == []


def test_a_provider_with_defaults():
    acme = providers_from_settings(BASE)["acme"]
    assert acme.issuer == "https://id.acme.example" and acme.origin == "https://id.acme.example"
    assert acme.scopes == "openid email profile" and acme.password_login and acme.provision_company is None
    assert acme.label == "acme" and acme.method == "oidc:acme" and not acme.trust_domains


def test_every_setting_is_read():
    acme = providers_from_settings({**BASE, "cc.oidc.acme.scopes": "email", "cc.oidc.acme.domains": "@Acme.example b.test",
                                    "cc.oidc.acme.password_login": "false",
                                    "cc.oidc.acme.provision": "company:Acme Ltd"})["acme"]
    assert acme.scopes == "openid email" and acme.domains == ("acme.example", "b.test")
    assert acme.owns("Someone@ACME.example") and not acme.owns("someone@acme.example.evil")
    assert not acme.password_login and acme.provision_company == "Acme Ltd"


@pytest.mark.parametrize("settings, message", [
    ({"cc.oidc.providers": "Bad Name!"}, "not a valid name"),
    ({**BASE, "cc.oidc.acme.issuer": None}, "issuer must be set"),
    ({**BASE, "cc.oidc.acme.issuer": "ftp://x"}, "https URL"),
    ({**BASE, "cc.oidc.acme.provision": "yes"}, "provision must be"),
    ({**BASE, "cc.oidc.providers": "acme other", "cc.oidc.other.issuer": "https://o.example",
      "cc.oidc.other.client_id": "c", "cc.oidc.acme.domains": "same.example",
      "cc.oidc.other.domains": "same.example"}, "already belongs"),
])
def test_a_setting_that_cannot_work_stops_start_up(settings, message):
    settings = {key: value for key, value in settings.items() if value is not None}
    with pytest.raises(ProviderConfigError, match=message):
        providers_from_settings(settings)


def test_no_providers_no_buttons():
    config = setUp(settings={})
    try:
        config.registry["cc_oidc.providers"] = {}
        assert plugin.cc_sign_in_entries(DummyRequest()) == []
        assert plugin.cc_password_sign_in_redirect(DummyRequest(), "a@b.example") is None
    finally:
        tearDown()


def claims(**changes):
    now = int(time.time())
    base = {"iss": "https://id.example", "aud": "portal", "sub": "s1", "nonce": "n", "iat": now, "exp": now + 60}
    base.update(changes)
    return base


def check(value):
    check_claims(value, issuer="https://id.example", client_id="portal", nonce="n", leeway=60, max_age=600)


def test_good_claims_pass_within_the_leeway():
    check(claims())
    check(claims(aud=["portal", "other"], azp="portal"))
    check(claims(exp=int(time.time()) - 30))


@pytest.mark.parametrize("changes", [
    {"exp": True}, {"exp": "soon"}, {"iat": None}, {"aud": None}, {"aud": 5}, {"sub": ""}, {"sub": 42},
    {"sub": "x" * 256}, {"aud": ["portal", "other"]}, {"exp": int(time.time()) - 61},
])
def test_claims_that_do_not_hold_are_refused(changes):
    with pytest.raises(InvalidIDToken):
        check(claims(**changes))
