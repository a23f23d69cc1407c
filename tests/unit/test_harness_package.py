"""The test harness as plugin authors meet it: one import, every documented fixture, small modules."""
import re
from pathlib import Path

import sqlalchemy as sa

import cc_core.testing
import cc_core.testing.imap
import cc_core.testing.s3

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(cc_core.testing.__file__).parent


def documented_fixtures() -> set[str]:
    """The first column of the fixture table in docs/testing.md."""
    text = (ROOT / "docs" / "testing.md").read_text()
    table = text.split("## Fixtures", 1)[1].split("\n\n", 2)[1]
    names = set()
    for row in table.splitlines()[2:]:
        names.update(re.findall(r"`(\w+)`", row.split("|")[1]))
    return names


def test_every_documented_fixture_is_offered_by_the_harness(request):
    documented = documented_fixtures()
    assert {"testapp", "sql_statements", "seaweedfs"} <= documented
    for name in documented:
        assert any(hasattr(module, name) for module in (cc_core.testing, cc_core.testing.s3,
                                                        cc_core.testing.imap)), name
        assert request._fixturemanager.getfixturedefs(name, request.node), f"{name} is not registered"


def test_every_exported_name_imports():
    namespace = {}
    exec("from cc_core.testing import *", namespace)
    assert set(cc_core.testing.__all__) <= set(namespace)


def test_the_harness_modules_stay_small():
    sizes = {path.name: len(path.read_text().splitlines()) for path in HARNESS.glob("*.py")}
    assert len(sizes) > 5 and max(sizes.values()) < 300, sizes


def test_sql_statements_counts_the_tests_statements_without_savepoints(sql_statements, dbsession):
    dbsession.execute(sa.text("SELECT 1"))  # before the block: not counted
    with sql_statements() as statements:
        with dbsession.begin_nested():
            dbsession.execute(sa.text("SELECT 2"))
        dbsession.execute(sa.text("SELECT 3"))
    dbsession.execute(sa.text("SELECT 4"))  # after the block: not counted
    assert statements == ["SELECT 2", "SELECT 3"]


def test_sql_statements_sees_what_the_app_runs(testapp, login, sql_statements):
    login(testapp, "demo@example.com")
    with sql_statements() as statements:
        testapp.get("/")
    assert any("cc_person" in statement for statement in statements), statements
