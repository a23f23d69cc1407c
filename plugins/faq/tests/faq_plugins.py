"""Which plugins the FAQ's tests that need the requests plugin can load.

A ``cc_plugins`` marker naming a plugin that is not installed would stop
the whole test run (the database is migrated with every named plugin), so
modules that need the requests plugin name it only when it is installed
and skip otherwise.
"""
import importlib.metadata

import pytest

REQUESTS_INSTALLED = any(ep.name == "requests" for ep in importlib.metadata.entry_points(group="cc.plugins"))
WITH_REQUESTS = ("faq", "requests") if REQUESTS_INSTALLED else ("faq",)
needs_requests = pytest.mark.skipif(not REQUESTS_INSTALLED, reason="the requests plugin (cc-requests) is not installed")
