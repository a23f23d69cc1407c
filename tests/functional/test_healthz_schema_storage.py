"""``/healthz`` beyond the database: migration heads, the file storage, the job backlog."""
import datetime as dt
import socket
import time

import pytest
import webtest
from alembic import command

from cc_core import api, make_app
from cc_core.migrate import alembic_config, upgrade
from cc_core.plugins import build_plugin_manager
from cc_core import testing
from cc_core.testing import free_port, prepare_database


@pytest.fixture
def scratch(cc_base_settings, tmp_path):
    """A database of its own, migrated with the FAQ plugin, and the settings to serve it."""
    database = testing.TestDatabase(str(tmp_path), "health")
    settings = {**cc_base_settings, "sqlalchemy.url": database.url, "cc.files_dir": str(tmp_path / "files")}
    engine = prepare_database(settings, database.url, names=("faq",))
    yield settings, engine
    for app in _served:
        app.registry["cc.db.engine"].dispose()
    _served.clear()
    engine.dispose()
    database.drop()


_served = []


def serve(settings, names):
    """The portal with plugins ``names`` on the scratch database (its engine closed after the test)."""
    app = make_app(settings, plugin_manager=build_plugin_manager(settings, only=names))
    _served.append(app)
    return webtest.TestApp(app)


def test_a_plugin_migration_behind_its_head_answers_503_naming_the_branch(scratch):
    settings, engine = scratch
    pm = build_plugin_manager(settings, only=("faq",))
    with engine.begin() as connection:
        command.downgrade(alembic_config(pm, connection), "cc_faq@-1")
    app = serve(settings, ("faq",))
    health = app.get("/healthz", status=503).json
    assert (health["status"], health["database"]) == ("error", "ok")
    assert health["schema"] == {"status": "behind", "behind": ["cc_faq"]}
    upgrade(engine, pm)    # what `cc upgrade` does
    health = app.get("/healthz", status=200).json
    assert health["status"] == "ok" and health["schema"] == {"status": "ok", "behind": []}


def test_a_plugin_never_migrated_is_behind(scratch):
    settings, _ = scratch
    health = serve(settings, ("faq", "oidc")).get("/healthz", status=503).json
    assert health["schema"]["behind"] == ["cc_oidc"]


def test_revisions_of_newer_code_are_reported_but_not_failed(scratch):
    settings, _ = scratch
    health = serve(settings, ()).get("/healthz", status=200).json   # this code knows no FAQ migrations
    assert health["status"] == "ok" and health["schema"]["status"] == "ok"
    assert health["schema"]["unknown_revisions"] and all(rev.startswith("cc_faq") for rev in
                                                          health["schema"]["unknown_revisions"])


@pytest.mark.cc_settings({"cc.files_dir": "/dev/null/files"})
def test_an_unwritable_storage_folder_is_degraded_not_down(testapp):
    response = testapp.get("/healthz", status=200)
    assert response.json["status"] == "degraded" and response.json["degraded"] == ["storage"]
    assert response.json["storage"] == {"status": "unreachable", "backend": "FolderStorage"}
    assert "/dev/null" not in response.text       # the reason is logged, not published


@pytest.mark.cc_settings({"cc.health.max_due_jobs": "1", "cc.health.max_oldest_due_seconds": "60"})
def test_a_large_or_old_backlog_is_degraded(testapp, dbsession):
    assert testapp.get("/healthz").json["status"] == "ok"
    api.enqueue(dbsession, "cc.mail", {}, run_at=api.utcnow() - dt.timedelta(seconds=10))
    dbsession.flush()
    assert testapp.get("/healthz").json["status"] == "ok"
    api.enqueue(dbsession, "cc.mail", {}, run_at=api.utcnow() - dt.timedelta(seconds=10))
    dbsession.flush()
    health = testapp.get("/healthz", status=200).json
    assert (health["status"], health["degraded"], health["jobs"]["due"]) == ("degraded", ["jobs"], 2)


@pytest.mark.cc_settings({"cc.health.max_oldest_due_seconds": "60"})
def test_an_old_due_job_alone_is_degraded(testapp, dbsession):
    api.enqueue(dbsession, "cc.mail", {}, run_at=api.utcnow() - dt.timedelta(minutes=5))
    dbsession.flush()
    assert testapp.get("/healthz", status=200).json["degraded"] == ["jobs"]


def s3_storage(port):
    from cc_core.storage_s3 import S3Storage

    return S3Storage.from_settings({"cc.storage.s3.endpoint_url": f"http://127.0.0.1:{port}",
                                    "cc.storage.s3.bucket": "files", "cc.storage.s3.region": "us-east-1",
                                    "cc.storage.s3.access_key_id": "key", "cc.storage.s3.secret_access_key": "secret"})


def test_an_object_store_that_refuses_or_hangs_is_reported_within_the_timeout():
    from cc_core.health_checks import storage_state

    assert storage_state(s3_storage(free_port())) == {"status": "unreachable", "backend": "S3Storage"}
    with socket.create_server(("127.0.0.1", 0)) as silent:     # accepts, never answers
        started = time.monotonic()
        state = storage_state(s3_storage(silent.getsockname()[1]), timeout=0.5)
        assert state == {"status": "timeout", "backend": "S3Storage"}
        assert time.monotonic() - started < 3
