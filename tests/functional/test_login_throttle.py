"""The login throttle: per client a hard limit, per account a delay, per address a larger limit, known devices."""
import datetime as dt

import pytest
import sqlalchemy as sa

from cc_core.counters import purge_expired
from cc_core.login_throttle import DEVICE_COOKIE, Limits
from cc_core.models import LoginCounter
from cc_core.testing import do_login

OWNER = "manager@example.com"


def submit_login(testapp, email, password):
    form = testapp.get("/login").forms["login"]
    form["email"] = email
    form["password"] = password
    return form.submit(status="*")


def counter(dbsession, key):
    dbsession.expire_all()
    return dbsession.get(LoginCounter, key)


def backdate(dbsession, key, seconds):
    """Pretend the key's last failure was ``seconds`` earlier (instead of sleeping)."""
    row = counter(dbsession, key)
    row.last_failure_at -= dt.timedelta(seconds=seconds)
    dbsession.flush()


def test_one_client_is_stopped_after_five_failures(testapp):
    for _ in range(5):
        assert submit_login(testapp, OWNER, "wrong").status_int == 200
    refused = submit_login(testapp, OWNER, "demo-password")
    assert refused.status_int == 429
    assert "too many failed attempts" in refused.text.lower() and "15 minutes" in refused.text
    assert 890 <= int(refused.headers["Retry-After"]) <= 900


def test_an_attacker_cannot_lock_the_owner_out(testapp, new_testapp):
    for _ in range(5):
        submit_login(testapp, OWNER, "wrong")
    assert submit_login(testapp, OWNER, "demo-password").status_int == 429
    # The owner, at their own address, gets in at once: five failures are free for the account.
    assert submit_login(new_testapp("198.51.100.7"), OWNER, "demo-password").status_int == 303


def test_one_addresss_failures_do_not_lock_a_different_account(testapp):
    for _ in range(5):
        submit_login(testapp, "demo@example.com", "wrong")
    assert submit_login(testapp, OWNER, "demo-password").status_int == 303


def test_failures_from_many_addresses_delay_the_account_without_locking_it(new_testapp, dbsession):
    for number in range(9):
        if number > 5:
            backdate(dbsession, f"account:{OWNER}", 60)   # the attacker waits out each delay
        assert submit_login(new_testapp(f"203.0.113.{number}"), OWNER, "wrong").status_int == 200
    owner = new_testapp("198.51.100.7")
    delayed = submit_login(owner, OWNER, "demo-password")
    assert delayed.status_int == 429
    wait = int(delayed.headers["Retry-After"])
    assert 10 <= wait <= 16      # 2^(9-5) seconds after the last failure
    assert f"wait {wait} seconds" in delayed.text
    before = counter(dbsession, f"account:{OWNER}").last_failure_at
    for _ in range(3):    # hammering a delayed account does not lengthen the wait
        assert submit_login(new_testapp("203.0.113.99"), OWNER, "wrong").status_int == 429
    assert counter(dbsession, f"account:{OWNER}").last_failure_at == before
    backdate(dbsession, f"account:{OWNER}", 16)
    assert submit_login(owner, OWNER, "demo-password").status_int == 303


def test_the_delay_grows_to_its_cap_and_no_further():
    limits = Limits.from_settings({})
    waits = [limits.wait("account", failures).total_seconds() for failures in range(4, 14)]
    assert waits == [0, 0, 2, 4, 8, 16, 32, 60, 60, 60]
    assert limits.wait("client", 4).total_seconds() == 0 and limits.wait("client", 5).total_seconds() == 900
    assert limits.wait("address", 99).total_seconds() == 0 and limits.wait("address", 100).total_seconds() == 900


def test_the_owner_on_a_known_device_gets_in_while_an_attacker_hammers(testapp, new_testapp):
    do_login(testapp, OWNER)
    assert testapp.cookies.get(DEVICE_COOKIE)
    testapp.get("/").forms["logout-form"].submit(status=303)
    # The attacker hammers from the owner's own office address and from many others.
    for _ in range(5):
        submit_login(new_testapp("192.0.2.10"), OWNER, "wrong")
    for number in range(10):
        submit_login(new_testapp(f"203.0.113.{number}"), OWNER, "wrong")
    assert submit_login(new_testapp("192.0.2.10"), OWNER, "demo-password").status_int == 429
    assert submit_login(testapp, OWNER, "demo-password").status_int == 303


def test_a_known_device_has_its_own_limit(testapp):
    do_login(testapp, OWNER)
    testapp.get("/").forms["logout-form"].submit(status=303)
    for _ in range(5):
        assert submit_login(testapp, OWNER, "wrong").status_int == 200
    assert submit_login(testapp, OWNER, "demo-password").status_int == 429


def test_a_device_cookie_counts_only_for_its_own_account(testapp, new_testapp):
    do_login(testapp, "demo@example.com")
    device = testapp.cookies[DEVICE_COOKIE]
    for _ in range(5):
        submit_login(new_testapp("192.0.2.10"), OWNER, "wrong")
    attacker = new_testapp("192.0.2.10")
    attacker.set_cookie(DEVICE_COOKIE, device)
    assert submit_login(attacker, OWNER, "demo-password").status_int == 429


def test_a_success_forgets_the_clients_failures_and_counts_nothing(testapp, new_testapp, dbsession):
    for _ in range(3):
        submit_login(testapp, OWNER, "wrong")
    do_login(testapp, OWNER)
    assert counter(dbsession, f"pair:{OWNER}|192.0.2.10").failures == 0
    assert counter(dbsession, f"account:{OWNER}").failures == 3      # an attacker's count stays
    for number in range(8):     # many good logins are never delayed
        do_login(new_testapp(f"198.51.100.{number}"), OWNER)
    assert counter(dbsession, f"account:{OWNER}").failures == 3


def test_failures_are_forgotten_a_window_after_the_last(testapp, dbsession):
    for _ in range(5):
        submit_login(testapp, OWNER, "wrong")
    backdate(dbsession, f"pair:{OWNER}|192.0.2.10", 900)
    assert submit_login(testapp, OWNER, "demo-password").status_int == 303


def test_purge_expired_deletes_only_counters_past_their_window(dbsession):
    now = dt.datetime.now(dt.timezone.utc)
    dbsession.add_all([LoginCounter(key="account:old@example.com", failures=3,
                                    last_failure_at=now - dt.timedelta(seconds=901)),
                       LoginCounter(key="account:clean@example.com", failures=0, last_failure_at=None),
                       LoginCounter(key="account:live@example.com", failures=3,
                                    last_failure_at=now - dt.timedelta(seconds=60))])
    dbsession.flush()
    assert purge_expired(dbsession, now, dt.timedelta(seconds=900)) == 2
    keys = dbsession.scalars(sa.select(LoginCounter.key)).all()
    assert keys == ["account:live@example.com"]


@pytest.mark.cc_settings({"cc.login.max_failures_per_address": "3"})
def test_a_known_device_is_not_held_by_the_address_limit(testapp, new_testapp):
    do_login(testapp, OWNER)
    testapp.get("/").forms["logout-form"].submit(status=303)
    for email in ("a@example.com", "b@example.com", "c@example.com"):
        submit_login(new_testapp("192.0.2.10"), email, "guess")
    assert submit_login(new_testapp("192.0.2.10"), "demo@example.com", "demo-password").status_int == 429
    assert submit_login(testapp, OWNER, "demo-password").status_int == 303


def test_the_known_device_cookie_is_httponly_lax_and_long_lived(testapp):
    response = do_login(testapp, OWNER)
    cookie = [v for k, v in response.headerlist if k == "Set-Cookie" and v.startswith(f"{DEVICE_COOKIE}=")][-1]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and f"Max-Age={180 * 86400}" in cookie


def test_a_failure_stamped_after_this_attempt_arrived_does_not_refuse_it(testapp, dbsession):
    """Under load a request that got the counters' lock first stamps them later than the next one arrived."""
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=3)
    dbsession.add_all([LoginCounter(key=key, failures=1, last_failure_at=later) for key in
                       (f"pair:{OWNER}|192.0.2.10", f"account:{OWNER}", "address:192.0.2.10")])
    dbsession.flush()
    assert submit_login(testapp, OWNER, "demo-password").status_int == 303
