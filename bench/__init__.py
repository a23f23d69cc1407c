"""The benchmark suite: data, servers, load and the report.

``python -m bench.run`` seeds the benchmark data set, serves the portal
and a minimal Pyramid + Chameleon "floor" application with gunicorn, drives
both with a load generator from separate processes and writes the tables
that ``docs/performance.md`` reports.  Each module has one job:

``data``        the seeded databases (``cc seed``), reused while unchanged
``floor_app``   the floor: the framework alone, no database, no plugins
``server``      gunicorn processes with production-like settings
``httpclient``  a small asyncio HTTP/1.1 client (cookies, forms)
``wrk``         GET pages through Debian's ``wrk``
``posts``       form POSTs, each with a freshly fetched form
``load``        one load measurement, whichever driver it needs
``results``     what a load measurement yields
``pages``       which URLs are measured, chosen from the seeded data
``servertime``  server-side time of single requests, in process
``coldstart``   a fresh interpreter's time to build the app and answer
``profile``     where the slowest page's time goes (pyinstrument)
``report``      Markdown tables
``run``         the command that ties them together
"""
