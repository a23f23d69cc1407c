"""A started login as the session keeps it: written and read through one table of keys, stale or odd entries refused."""
import time

import pytest

from cc_oidc.flow import PENDING_SECONDS, Pending


def test_an_entry_round_trips_under_short_keys():
    pending = Pending("corp", "n0nce", "ver1fier", "/requests", int(time.time()))
    entry = pending.to_session()
    assert set(entry) == {"p", "n", "v", "c", "t"}
    assert Pending.from_session(entry) == pending


@pytest.mark.parametrize("entry", [
    None, "corp", [], {},
    {"p": "corp", "n": "x", "v": "y", "c": "/"},
    {"p": "corp", "n": "x", "v": "y", "c": "/", "t": "soon"},
    {"p": "corp", "n": "x", "v": "y", "c": "/", "t": int(time.time()) - PENDING_SECONDS - 1},
])
def test_expired_incomplete_or_odd_entries_are_no_login(entry):
    assert Pending.from_session(entry) is None
