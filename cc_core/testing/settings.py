"""The application settings of a test run: defaults, ``testing.ini``, then each test's markers."""
from __future__ import annotations

import os

import pytest

DEFAULT_SETTINGS = {
    "pyramid.default_locale_name": "en",
    "cc.secret": "testing-secret-0123456789abcdef0123456789",
    "cc.site_name": "Customer Centre",
    "cc.languages": "en nb",
    "cc.default_timezone": "Europe/Oslo",
    "mail.backend": "smtp",
    "mail.delivery": "inline",
    "mail.host": "127.0.0.1",
    "mail.default_sender": "Customer Centre <support@example.com>",
    "retry.attempts": "3",
}
#: The password of the demo people and of every person the factories create.
DEMO_PASSWORD = "demo-password"


def ini_settings(rootdir) -> dict:
    """The ``[app:main]`` settings of ``CC_TEST_INI``, else of ``testing.ini`` in ``rootdir`` (none without it)."""
    path = os.environ.get("CC_TEST_INI") or os.path.join(str(rootdir), "testing.ini")
    if not os.path.exists(path):
        return {}
    from pyramid.paster import get_appsettings

    return dict(get_appsettings(path))


@pytest.fixture(scope="session")
def cc_base_settings(request, smtp_server, tmp_path_factory) -> dict:
    settings = {**DEFAULT_SETTINGS, **ini_settings(request.config.rootpath)}
    # Uploaded files (cc_core.storage) go to a folder of this run, not var/.
    settings.setdefault("cc.files_dir", str(tmp_path_factory.mktemp("files")))
    settings["mail.port"] = str(smtp_server.port)
    settings["mail.backend"] = "smtp"
    return settings


@pytest.fixture
def cc_settings(request, cc_base_settings) -> dict:
    """The run's settings with the test's ``cc_settings`` markers on top (the closest wins)."""
    settings = dict(cc_base_settings)
    for marker in reversed(list(request.node.iter_markers("cc_settings"))):
        settings.update(marker.args[0] if marker.args else marker.kwargs)
    return settings

