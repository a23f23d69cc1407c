"""The time zones people pick from: grouped by region, each with its offset from UTC now.

``zoneinfo`` knows some 600 names, aliases and legacy ones included; a
flat list of them is hard to pick from.  People pick from the canonical
``Area/City`` zones, grouped by area (Europe, America...), each shown as
its place and its current offset ("Oslo (UTC+01:00)"), so one finds the
zone by where one is or by the time one's clock shows.  Offsets change
with summer time: the list is recomputed each hour.
"""
from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from .i18n import _

#: Regions in the order shown, with their names.
REGIONS = (
    ("Europe", _("Europe")), ("America", _("America")), ("Africa", _("Africa")), ("Asia", _("Asia")),
    ("Australia", _("Australia")), ("Pacific", _("Pacific Ocean")), ("Atlantic", _("Atlantic Ocean")),
    ("Indian", _("Indian Ocean")), ("Arctic", _("Arctic")), ("Antarctica", _("Antarctica")),
)
_REGION_NAMES = dict(REGIONS)
UTC = "UTC"


@functools.lru_cache(maxsize=1)
def timezone_names() -> tuple[str, ...]:
    """The canonical ``Area/City`` zones (plus UTC), without legacy aliases."""
    names = {name for name in zoneinfo.available_timezones() if name.split("/")[0] in _REGION_NAMES and "/" in name}
    return tuple(sorted(names)) + (UTC,)


def offset_label(offset: dt.timedelta) -> str:
    """``UTC+01:00``, ``UTC−03:30`` (a real minus sign), ``UTC±00:00``."""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes > 0 else "\u2212" if minutes < 0 else "\u00b1"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def place(zone: str) -> str:
    """The zone's place as people write it: ``America/Argentina/Buenos_Aires`` → ``Argentina / Buenos Aires``."""
    return " / ".join(part.replace("_", " ") for part in zone.split("/")[1:])


@functools.lru_cache(maxsize=2)
def _groups_at(hour: dt.datetime) -> tuple:
    by_region: dict[str, list[tuple[str, str]]] = {}
    for zone in timezone_names():
        if zone == UTC:
            continue
        offset = hour.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
        by_region.setdefault(zone.split("/")[0], []).append((zone, f"{place(zone)} ({offset_label(offset)})"))
    groups = [(_("Universal"), ((UTC, f"UTC ({offset_label(dt.timedelta(0))})"),))]
    for region, title in REGIONS:
        zones = sorted(by_region.get(region, ()), key=lambda choice: choice[1].lower())
        if zones:
            groups.append((title, tuple(zones)))
    return tuple(groups)


def timezone_groups(now: dt.datetime | None = None) -> tuple:
    """``((region title, ((zone, label), ...)), ...)`` with the offsets at ``now`` (default: this hour)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return _groups_at(now.replace(minute=0, second=0, microsecond=0))
