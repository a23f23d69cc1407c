"""``fmt.relative``: "3 days ago" in the visitor's language, for lists."""
import datetime as dt
from types import SimpleNamespace

from cc_core.i18n import Formatter

NOW = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.timezone.utc)


def formatter(locale):
    request = SimpleNamespace(person=None, locale_name=locale,
                              registry=SimpleNamespace(settings={"cc.default_timezone": "Europe/Oslo"}))
    return Formatter(request)


def test_past_and_future_in_english_and_norwegian():
    en, nb = formatter("en"), formatter("nb")
    assert en.relative(NOW - dt.timedelta(days=3), now=NOW) == "3 days ago"
    assert en.relative(NOW - dt.timedelta(minutes=5), now=NOW) == "5 minutes ago"
    assert en.relative(NOW + dt.timedelta(hours=2), now=NOW) == "in 2 hours"
    assert nb.relative(NOW - dt.timedelta(days=3), now=NOW) == "for 3 døgn siden"


def test_a_missing_time_is_empty():
    assert formatter("en").relative(None) == ""
