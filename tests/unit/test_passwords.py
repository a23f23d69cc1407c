"""Password hashing: argon2id, rehash detection, and no timing oracle."""
import statistics
import time

import pytest

from cc_core import passwords
from cc_core.passwords import hash_password, needs_rehash, verify_password


@pytest.fixture
def production_cost():
    """argon2's default parameters, for a test about what a verification costs (the suite runs cheaper ones)."""
    saved = passwords._hasher, passwords._dummy_hash
    passwords.configure({})
    yield
    passwords._hasher, passwords._dummy_hash = saved


def test_hash_is_argon2id_and_verifies():
    hashed = hash_password("correct horse battery staple")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "correct horse battery staple")
    assert not verify_password(hashed, "Correct horse battery staple")


def test_missing_or_broken_hash_never_verifies():
    assert not verify_password(None, "anything")
    assert not verify_password("", "")
    assert not verify_password("not-a-hash", "not-a-hash")


def test_old_parameters_need_a_rehash():
    from argon2 import PasswordHasher

    assert needs_rehash(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("x"))
    assert not needs_rehash(hash_password("x"))
    assert needs_rehash("garbage")


def test_unknown_account_costs_as_much_as_a_wrong_password(production_cost):
    real = hash_password("the real password")

    def timed(password_hash):
        samples = []
        for _ in range(7):
            start = time.perf_counter()
            verify_password(password_hash, "a wrong guess")
            samples.append(time.perf_counter() - start)
        return statistics.median(samples)

    unknown, wrong = timed(None), timed(real)
    assert 0.5 < unknown / wrong < 2.0, (unknown, wrong)


def test_the_parameters_come_from_the_settings_and_old_hashes_still_verify(production_cost):
    old = hash_password("pass phrase")
    passwords.configure({"cc.argon2.time_cost": "2", "cc.argon2.memory_kib": "2048", "cc.argon2.parallelism": "1"})
    new = hash_password("pass phrase")
    assert "$m=2048,t=2,p=1$" in new
    assert verify_password(old, "pass phrase") and needs_rehash(old)
    assert verify_password(new, "pass phrase") and not needs_rehash(new)
    assert not verify_password(None, "pass phrase")   # the unknown-account hash follows the parameters
