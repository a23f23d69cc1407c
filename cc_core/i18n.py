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
from markupsafe import Markup
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


#: Pattern letters whose text depends on one part of the value alone (and the
#: language), with that part: "MMM" is the same words for every day of December.
_FIELD_PARTS = {
    "y": lambda value: value.year, "M": lambda value: value.month, "L": lambda value: value.month,
    "d": lambda value: value.day, "E": lambda value: value.weekday(),
    "h": lambda value: value.hour, "H": lambda value: value.hour, "K": lambda value: value.hour,
    "k": lambda value: value.hour, "a": lambda value: value.hour,
    "m": lambda value: value.minute, "s": lambda value: value.second,
}


class _Pattern:
    """A CLDR pattern that writes what Babel's ``DateTimePattern.apply`` writes, faster.

    Babel formats every field of every date through a chain of lookups
    (``DateTimeFormat``, the locale's data, the month names); a list page
    writes a hundred dates.  Here each field's text is asked of Babel once
    per value of the part it shows (the month, the hour...) and remembered:
    at most a few dozen texts a field, the same for every visitor of the
    language.  A pattern with any other field (a time zone, fractions of
    a second) is left to Babel whole.
    """

    __slots__ = ("pattern", "locale", "parts", "fast")

    def __init__(self, pattern, locale: Locale):
        self.pattern = pattern
        self.locale = locale
        self.parts: list = []
        self.fast = True
        for kind, token in babel_dates.tokenize_pattern(pattern.pattern):
            if kind == "chars":
                self.parts.append(token)
                continue
            char, count = token
            part = _FIELD_PARTS.get(char)
            if part is None:
                self.fast = False
            self.parts.append((char * count, part, {}))

    def apply(self, value) -> str:
        if not self.fast:
            return self.pattern.apply(value, self.locale)
        out = []
        for item in self.parts:
            if type(item) is str:
                out.append(item)
                continue
            field, part, texts = item
            key = part(value)
            text = texts.get(key)
            if text is None:
                text = texts[key] = babel_dates.DateTimeFormat(value, self.locale)[field]
            out.append(text)
        return "".join(out)


@functools.lru_cache(maxsize=64)
def _patterns(locale_name: str, format: str):
    """The parsed CLDR patterns of a named format: (date-time joiner, date, time).

    ``babel.dates.format_datetime`` looks these up and parses them again on
    every call; a list page formats a hundred dates, and the lookups cost
    more than the formatting.  The result is the same text Babel gives.
    """
    locale = babel_locale(locale_name)
    joiner = str(babel_dates.get_datetime_format(format, locale)).replace("'", "")
    return (joiner, _Pattern(babel_dates.parse_pattern(babel_dates.get_date_format(format, locale)), locale),
            _Pattern(babel_dates.parse_pattern(babel_dates.get_time_format(format, locale)), locale))


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
        return joiner.replace("{0}", time_pattern.apply(local)).replace(
            "{1}", _unbroken(date_pattern.apply(local.date())))

    def date(self, value, format: str = "medium") -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            value = self.local(value).date()
        if format not in NAMED_FORMATS:
            return _unbroken(babel_dates.format_date(value, format=format, locale=self._babel))
        return _unbroken(_patterns(self.locale, format)[1].apply(value))

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

    def relative_time(self, value: dt.datetime | None) -> Markup:
        """The ``relative_time`` widget: :meth:`relative`, with the exact time on hover or focus.

        Written here rather than in a template because a list shows it
        twice a row, and a macro call copies the template's whole scope
        each time; the ``relative_time`` macro of ``widgets.pt`` renders
        this, so the markup has one source.  Escaped as the templates
        escape (text: ``& < >``; attributes also ``"``).
        """
        return Markup(f'<time\n  class="relative-time" datetime="{html_attribute(self.iso(value))}" tabindex="0">'
                      f'{html_text(self.relative(value))}<span\n  class="exact-time"> '
                      f'({html_text(self.datetime(value, "medium"))})</span></time>')


def html_text(text: str) -> str:
    """``text`` escaped for an element's content, as Chameleon escapes ``${...}``."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_attribute(text: str) -> str:
    """``text`` escaped for a double-quoted attribute, as Chameleon escapes ``${...}`` there."""
    return html_text(text).replace('"', "&quot;")


def includeme(config):
    config.set_locale_negotiator(locale_negotiator)
    config.add_translation_dirs("cc_core:locale/")
    config.add_request_method(Formatter, "fmt", reify=True)
