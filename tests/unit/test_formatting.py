"""The date formatter gives Babel's own text, from patterns parsed once."""
import datetime as dt
import zoneinfo

import pytest
from babel import dates as babel_dates

from cc_core import i18n

ZONES = ("UTC", "Europe/Oslo", "America/New_York", "Asia/Kolkata")
MOMENTS = (dt.datetime(2026, 1, 5, 23, 30, tzinfo=dt.timezone.utc),   # next day in Oslo
           dt.datetime(2026, 7, 1, 0, 5, tzinfo=dt.timezone.utc),     # summer time
           dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.timezone.utc))    # the hour clocks change


def formatter(language: str, zone: str) -> i18n.Formatter:
    formatter = i18n.Formatter.__new__(i18n.Formatter)
    formatter.tz = zoneinfo.ZoneInfo(zone)
    formatter.locale = language
    formatter._babel = i18n.babel_locale(language)
    return formatter


@pytest.mark.parametrize("language", ["en", "nb"])
@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("format", i18n.NAMED_FORMATS)
def test_named_formats_match_babel(language, zone, format):
    fmt = formatter(language, zone)
    for moment in MOMENTS:
        # The same text, but for the no-break spaces that keep a date on one line.
        assert fmt.datetime(moment, format).replace("\u00a0", " ") == babel_dates.format_datetime(
            moment, format, tzinfo=fmt.tz, locale=fmt._babel).replace("\u00a0", " ")
        assert fmt.date(moment, format) == babel_dates.format_date(
            moment.astimezone(fmt.tz).date(), format, locale=fmt._babel).replace(" ", "\u00a0")


def test_custom_patterns_and_missing_values():
    fmt = formatter("nb", "Europe/Oslo")
    moment = MOMENTS[0]
    assert fmt.datetime(moment, "yyyy-MM-dd HH:mm") == "2026-01-06 00:30"
    assert fmt.date(dt.date(2026, 1, 6), "d. MMMM y") == "6.\u00a0januar\u00a02026"
    assert fmt.datetime(None) == "" and fmt.date(None) == ""


def test_a_date_is_the_local_day():
    assert formatter("en", "Europe/Oslo").date(MOMENTS[0], "short") == "1/6/26"
    assert formatter("en", "America/New_York").date(MOMENTS[0], "short") == "1/5/26"


@pytest.mark.parametrize("language, format, expected", [
    ("nb", "medium", "1.\u00a0des.\u00a02026"),
    ("en", "medium", "Dec\u00a01,\u00a02026"),
    ("nb", "long", "1.\u00a0desember\u00a02026"),
])
def test_a_date_is_written_so_that_it_never_breaks_across_lines(language, format, expected):
    assert formatter(language, "UTC").date(dt.date(2026, 12, 1), format) == expected


def test_a_line_may_break_between_a_date_and_its_time_but_not_inside_the_date():
    text = formatter("nb", "UTC").datetime(dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone.utc))
    date_part, _, time_part = text.rpartition(" ")
    assert " " not in date_part and date_part.startswith("1.\u00a0des.\u00a02026")


@pytest.mark.parametrize("language", ["en", "nb", "de", "fi", "zh_Hant", "ar"])
@pytest.mark.parametrize("format", i18n.NAMED_FORMATS)
def test_remembered_field_texts_are_babels_for_every_part_of_the_day_and_year(language, format):
    """The patterns remember each field's text per month, hour...: every value must still read as Babel writes it."""
    import random

    locale = i18n.babel_locale(language)
    _joiner, date_pattern, time_pattern = i18n._patterns(language, format)
    start = dt.datetime(1999, 12, 31, 23, 59, 59, tzinfo=dt.timezone.utc)
    rng = random.Random(language + format)
    zone = zoneinfo.ZoneInfo("Europe/Oslo")
    values = [start + dt.timedelta(hours=hour) for hour in range(48)]
    values += [start + dt.timedelta(seconds=rng.randrange(40 * 365 * 86400)) for _ in range(1500)]
    for value in (v.astimezone(zone) for v in values):
        assert time_pattern.apply(value) == babel_dates.parse_pattern(
            babel_dates.get_time_format(format, locale)).apply(value, locale), value
        assert date_pattern.apply(value.date()) == babel_dates.parse_pattern(
            babel_dates.get_date_format(format, locale)).apply(value.date(), locale), value


def test_a_pattern_with_a_time_zone_is_left_to_babel():
    _joiner, _date, time_pattern = i18n._patterns("en", "full")
    assert not time_pattern.fast  # "zzzz": the zone's name is not one part of the value
    assert i18n._patterns("en", "medium")[2].fast
