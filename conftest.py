"""Fixtures of the repository's own suites (the shared ones come from cc_core.testing).

At the root, so they are set up before the first test of any folder (the
benchmark's tests run first and share the session's database, which is
migrated for every plugin some collected test names, these included).

The tiny plugins under ``tests/plugins/`` are real distributions.  They are
pip-installed into a temporary folder put on ``sys.path`` for this run, so
the tests exercise entry-point discovery itself, and nothing is left in
the environment afterwards.
"""
import importlib
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(__file__)
TEST_DISTRIBUTIONS = ("hello", "broken", "misspelt")


@pytest.fixture(scope="session", autouse=True)
def test_plugin_distributions(tmp_path_factory):
    target = tmp_path_factory.mktemp("site")
    sources = [os.path.join(HERE, "tests", "plugins", name) for name in TEST_DISTRIBUTIONS]
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "--target", str(target), *sources], check=True)
    sys.path.insert(0, str(target))
    importlib.invalidate_caches()
    yield str(target)
    sys.path.remove(str(target))
    for name in [m for m in sys.modules if m.startswith("cc_test_")]:
        del sys.modules[name]
    importlib.invalidate_caches()
