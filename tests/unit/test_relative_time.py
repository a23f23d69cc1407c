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


def test_the_cached_words_are_babels_for_every_unit():
    from babel.dates import format_timedelta

    en = formatter("en")
    for seconds in (0, 1, 59, 61, 89, 91, 3600, 5400, 86400 * 6.5, 86400 * 13, 86400 * 45,
                    86400 * 400, -86400 * 800):
        delta = dt.timedelta(seconds=seconds)
        assert en.relative(NOW - delta, now=NOW) == format_timedelta(
            -delta, add_direction=True, threshold=1.0, locale="en"), seconds


def test_a_difference_rounded_up_to_the_next_unit_is_said_in_that_unit():
    en = formatter("en")
    assert en.relative(NOW - dt.timedelta(seconds=3599), now=NOW) == "1 hour ago"  # Babel: "60 minutes ago"
    assert en.relative(NOW - dt.timedelta(seconds=86399), now=NOW) == "1 day ago"


def test_the_widget_markup_holds_the_words_and_the_exact_time():
    """``fmt.relative_time`` is the ``relative_time`` widget: machine time, words, exact time on hover."""
    from babel.dates import format_datetime
    from bs4 import BeautifulSoup
    import zoneinfo

    en = formatter("en")
    moment = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=3, minutes=1)
    markup = en.relative_time(moment)
    assert markup.startswith('<time\n  class="relative-time" datetime="') and markup.endswith("</span></time>")
    time = BeautifulSoup(str(markup), "html.parser").time
    assert time["datetime"] == moment.isoformat() and time["tabindex"] == "0"
    assert time.contents[0] == "3 days ago"
    exact = format_datetime(moment, "medium", tzinfo=zoneinfo.ZoneInfo("Europe/Oslo"), locale="en")
    shown = time.select_one(".exact-time").get_text()
    assert shown == f" ({en.datetime(moment, 'medium')})"
    # Babel's text, with the date's spaces made unbreakable.
    assert shown.replace("\u00a0", " ") == f" ({exact})".replace("\u00a0", " ")


def test_the_widget_escapes_as_the_templates_do():
    from cc_core.i18n import html_attribute, html_text

    assert html_text('a & <b> "c"') == 'a &amp; &lt;b&gt; "c"'
    assert html_attribute('a & <b> "c"') == 'a &amp; &lt;b&gt; &quot;c&quot;'
