"""The last word on a database outage, over the transaction.

The exception view in :mod:`cc_core.views.outage` answers 503 for a
database error a view raises.  Some are raised where no exception view
catches them: by an error page that itself needed the database (a 404
looking up who is logged in), or by ``pyramid_tm`` committing.  This
tween, just over ``pyramid_tm``, renders those as the 503 page too, which
needs no database and so can render outside the transaction.
"""
import sys

import sqlalchemy as sa

#: Errors that mean the database is out of reach rather than that a query is
#: wrong: a refused or dropped connection, a locked SQLite file, an exhausted pool.
DATABASE_UNAVAILABLE_ERRORS = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)


def outage_tween_factory(handler, registry):
    def tween(request):
        try:
            return handler(request)
        except DATABASE_UNAVAILABLE_ERRORS:
            exc_info = sys.exc_info()
            try:
                return request.invoke_exception_view(exc_info)
            finally:
                del exc_info

    return tween


def includeme(config):
    config.add_tween("cc_core.outage.outage_tween_factory", over="pyramid_tm.tm_tween_factory")
