"""The portal served over real HTTP, for what WebTest cannot send and for the browser."""
from __future__ import annotations

import contextlib
import threading

import pytest

from .app import plugin_spec
from .database import TestDatabase, prepare_database
from .ports import free_port


class LiveServer:
    """The portal served over real HTTP by waitress, on its own database."""

    def __init__(self, app, port: int):
        from waitress.server import create_server

        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        #: The portal's WSGI application (waitress serves it wrapped in middleware of its own).
        self.app = app
        self.server = create_server(app, host="127.0.0.1", port=port, threads=4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self._stopping = threading.Event()

    def _serve(self):
        try:
            self.server.run()
        except (OSError, ValueError):
            # close() from the test's thread pulls the socket out from under
            # the server thread's select(): expected while stopping only.
            if not self._stopping.is_set():
                raise

    def start(self):
        self.thread.start()

    def stop(self):
        self._stopping.set()
        self.server.close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def live_server(request, cc_base_settings, tmp_path_factory):
    """The portal on loopback with the plugins the module names (``cc_plugins``)."""
    from .. import make_app
    from ..plugins import build_plugin_manager

    database = TestDatabase(str(tmp_path_factory.mktemp("live")), "live")
    settings = {**cc_base_settings, "sqlalchemy.url": database.url}
    names, extra = plugin_spec(request.node)
    engine = prepare_database(settings, database.url, names)
    engine.dispose()
    pm = build_plugin_manager(settings, only=names, extra=extra)
    server = LiveServer(make_app(settings, plugin_manager=pm), free_port())
    server.settings = settings
    server.start()
    yield server
    server.stop()
    app_engine = None
    with contextlib.suppress(Exception):
        app_engine = server.app.registry["cc.db.engine"]
        app_engine.dispose()
    database.drop()
