"""The floor: the least a Pyramid + Chameleon page can cost here.

A minimal application that renders a static template (no database, no
session, no plugins) to a page of a chosen size.  Served by the same
gunicorn settings as the portal and measured by the same load driver, its
throughput is the ceiling the framework and the server allow on this
machine, so each portal page is reported as a ratio to it: a ratio holds
on a noisy or slower machine where absolute numbers do not.

Serve it with gunicorn::

    gunicorn 'bench.floor_app:make_app(page_bytes=12000)'
"""
from __future__ import annotations

from pyramid.config import Configurator
from pyramid.renderers import render

TEMPLATE = "bench:floor/page.pt"
NAVIGATION = (("Home", "/"), ("My requests", "/requests"), ("FAQ", "/faq"), ("Preferences", "/preferences"))
STATUSES = ("Open", "Waiting for customer", "Closed")


def _rows(count: int) -> tuple:
    return tuple((10_000 + n, f"Printer in the second-floor office stops after page {n}", STATUSES[n % 3])
                 for n in range(count))


def _values(rows: tuple) -> dict:
    return {"title": "Floor page", "user_name": "Anna Hansen", "navigation": NAVIGATION, "rows": rows}


def rows_for_size(page_bytes: int) -> tuple:
    """The table rows that make the rendered page about ``page_bytes`` long.

    The page grows with its rows (a little faster as row numbers gain
    digits): estimate the count from ten rows, then correct it once from
    the size that count gives.
    """
    def size(count: int) -> int:
        return len(render(TEMPLATE, _values(_rows(count))).encode())

    empty = size(0)
    count = max(0, round((page_bytes - empty) / ((size(10) - empty) / 10)))
    if count:
        count = max(0, round((page_bytes - empty) / ((size(count) - empty) / count)))
    return _rows(count)


def make_app(page_bytes: int = 12_000):
    """The WSGI application, its page ``page_bytes`` long (within one row)."""
    config = Configurator(settings={"pyramid.reload_templates": False})
    config.include("pyramid_chameleon")
    config.add_route("floor", "/")
    config.commit()
    with config:  # render() needs the registry the renderers live in
        rows = rows_for_size(page_bytes)
    values = _values(rows)

    def page(request):
        return values

    config.add_view(page, route_name="floor", renderer=TEMPLATE)
    return config.make_wsgi_app()
