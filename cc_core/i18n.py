"""Languages and time zones: which one a visitor gets, and formatting.

The language comes from the person's preference, else the ``cc_lang``
cookie set by the layout's language switch (so anonymous visitors can
choose too), else the browser's ``Accept-Language``, else
``pyramid.default_locale_name``.  Times are stored in UTC and shown in
the person's time zone (``cc.default_timezone`` for visitors).
"""
from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from babel import Locale
from babel import dates as babel_dates
from pyramid.i18n import TranslationStringFactory

from .settings import parse_name_list

_ = TranslationStringFactory("cc_core")
LANGUAGE_COOKIE = "cc_lang"
LANGUAGE_NAMES = {"en": "English", "nb": "Norsk bokmål"}


def available_languages(settings) -> list[str]:
    return parse_name_list(settings.get("cc.languages", "en nb")) or ["en"]


def locale_negotiator(request) -> str:
    settings = request.registry.settings
    available = available_languages(settings)
    person = request.person
    if person is not None and person.language in available:
        return person.language
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in available:
        return cookie
    match = request.accept_language.lookup(available, default="") if request.accept_language else ""
    if match:
        return match
    return settings.get("pyramid.default_locale_name", available[0])


_babel_locales: dict[str, Locale] = {}


def babel_locale(name: str) -> Locale:
    """The parsed Babel locale for ``name``, parsed once per process.

    Babel parses a locale given by name again on every call, which costs
    more than the formatting itself; a list page formats dozens of dates.
    """
    locale = _babel_locales.get(name)
    if locale is None:
        locale = _babel_locales[name] = Locale.parse(name)
    return locale


NAMED_FORMATS = ("short", "medium", "long", "full")


@functools.lru_cache(maxsize=64)
def _patterns(locale_name: str, format: str):
    """The parsed CLDR patterns of a named format: (date-time joiner, date, time).

    ``babel.dates.format_datetime`` looks these up and parses them again on
    every call; a list page formats a hundred dates, and the lookups cost
    more than the formatting.  The result is the same text Babel gives.
    """
    locale = babel_locale(locale_name)
    joiner = str(babel_dates.get_datetime_format(format, locale)).replace("'", "")
    return (joiner, babel_dates.parse_pattern(babel_dates.get_date_format(format, locale)),
            babel_dates.parse_pattern(babel_dates.get_time_format(format, locale)))


def _unbroken(text: str) -> str:
    """A date with no-break spaces: "1. des. 2026" must not end up on two lines."""
    return text.replace(" ", "\u00a0")


#: Babel's units for a time difference, largest first (as ``format_timedelta`` picks them).
_UNITS = (("year", 3600 * 24 * 365), ("month", 3600 * 24 * 30), ("week", 3600 * 24 * 7),
          ("day", 3600 * 24), ("hour", 3600), ("minute", 60), ("second", 1))


def _rounded(delta: dt.timedelta) -> tuple[int, int, int]:
    """``delta`` as Babel would say it: (sign, whole number, seconds of the unit)."""
    seconds = delta.total_seconds()
    sign = -1 if seconds < 0 else 1
    for _name, unit in _UNITS:
        value = abs(seconds) / unit
        if value >= 1.0:
            return sign, max(1, int(round(value))), unit
    return sign, 0, 1


@functools.lru_cache(maxsize=4096)
def _relative(locale_name: str, sign: int, value: int, unit: int) -> str:
    """Babel's words for a rounded difference; cached, since a list page says "3 days ago"
    a hundred times and Babel looks its patterns up afresh each time (0.2 ms a call)."""
    return babel_dates.format_timedelta(dt.timedelta(seconds=sign * value * unit), add_direction=True,
                                        threshold=1.0, locale=babel_locale(locale_name))


class Formatter:
    """Formats dates and numbers in the visitor's language and time zone.

    The date itself is written with no-break spaces, so it never breaks
    across lines; between a date and its time a line may still break.
    """

    def __init__(self, request):
        self.request = request
        person = request.person
        name = (person.timezone if person is not None and person.timezone else None) or \
            request.registry.settings.get("cc.default_timezone", "UTC")
        try:
            self.tz = zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.tz = zoneinfo.ZoneInfo("UTC")
        self.locale = request.locale_name
        self._babel = babel_locale(self.locale)

    def local(self, value: dt.datetime) -> dt.datetime:
        return value.astimezone(self.tz)

    def datetime(self, value: dt.datetime | None, format: str = "medium") -> str:
        if value is None:
            return ""
        if format not in NAMED_FORMATS:
            return babel_dates.format_datetime(value, format=format, tzinfo=self.tz, locale=self._babel)
        joiner, date_pattern, time_pattern = _patterns(self.locale, format)
        local = self.local(value)
        return joiner.replace("{0}", time_pattern.apply(local, self._babel)).replace(
            "{1}", _unbroken(date_pattern.apply(local.date(), self._babel)))

    def date(self, value, format: str = "medium") -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            value = self.local(value).date()
        if format not in NAMED_FORMATS:
            return _unbroken(babel_dates.format_date(value, format=format, locale=self._babel))
        return _unbroken(_patterns(self.locale, format)[1].apply(value, self._babel))

    def iso(self, value: dt.datetime | None) -> str:
        """Machine-readable time for ``<time datetime=...>``."""
        return value.astimezone(dt.timezone.utc).isoformat() if value is not None else ""

    def relative(self, value: dt.datetime | None, now: dt.datetime | None = None) -> str:
        """How long ago (or how soon) ``value`` is, in words: "3 days ago".

        For lists, where "when, roughly" reads faster than a date; pages
        put the exact time beside it (see ``relative_time`` in the
        layout's macros) for those who need it.
        """
        if value is None:
            return ""
        now = now or dt.datetime.now(dt.timezone.utc)
        return _relative(self.locale, *_rounded(value - now))


def includeme(config):
    config.set_locale_negotiator(locale_negotiator)
    config.add_translation_dirs("cc_core:locale/")
    config.add_request_method(Formatter, "fmt", reify=True)
