"""What the attack suites share: the portal with every plugin, a fingerprint
of the database, and the write that must still succeed after an attack."""
from __future__ import annotations

import hashlib

import sqlalchemy as sa

from cc_core.testing import do_login

#: Every shipped plugin: the attacks run against the whole portal.
ALL_PLUGINS = ("requests", "faq", "preferences", "example_crm_view", "desk", "oidc")

#: Tables a refused request may legitimately write: a failed login is
#: counted by the login throttle, and that is the throttle doing its job.
MAY_CHANGE = frozenset({"cc_login_failure"})

CUSTOMER = "demo@example.com"          # Example Ltd
MANAGER = "manager@example.com"        # Example Ltd, sees the company's requests
STRANGER = "other@example.net"         # another company
AGENT = "agent@example.com"            # staff


def database_fingerprint(dbsession) -> dict[str, str]:
    """A digest of every row of every table (but :data:`MAY_CHANGE`), by table.

    Comparing two fingerprints shows that nothing at all was written, not
    merely that no row was added.
    """
    connection = dbsession.connection()
    digests = {}
    for table in sorted(sa.inspect(connection).get_table_names()):
        if table in MAY_CHANGE or table == "alembic_version":
            continue
        rows = sorted(repr(tuple(row)) for row in connection.exec_driver_sql(f'SELECT * FROM "{table}"'))
        digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def next_write_succeeds(testapp, login_first: bool = False) -> None:
    """A customer posts a new request: the portal still writes after an attack.

    On PostgreSQL a statement that failed inside the transaction would
    leave it aborted; this shows that no attack left anything broken.
    """
    if login_first:
        do_login(testapp, CUSTOMER)
    form = testapp.get("/requests/new").forms["new-request"]
    form["category"].select(text="General question")
    form["title"] = "Still working"
    form["message"] = "After the attack."
    response = form.submit()
    assert response.status_int == 303, response.status


def is_error_page(response, status: int) -> bool:
    """The layout's error page with ``status``, not a server's bare one."""
    return response.status_int == status and 'id="main"' in response.text
