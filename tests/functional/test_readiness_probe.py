"""``/readyz``: 200 while the host should get traffic, 503 while it drains or has no database."""
import subprocess
import sys

import webtest

from cc_core import drain, make_app
from cc_core.plugins import build_plugin_manager


def test_a_host_with_its_database_is_ready(testapp, monkeypatch, tmp_path):
    monkeypatch.setenv("CC_RUNTIME_DIR", str(tmp_path))
    response = testapp.get("/readyz", status=200)
    assert response.json == {"ready": True}
    assert response.headers["Cache-Control"] == "no-store"
    assert testapp.head("/readyz", status=200).body == b""


def test_a_draining_host_says_so_without_asking_the_database(testapp, monkeypatch, tmp_path, sql_statements):
    monkeypatch.setenv("CC_RUNTIME_DIR", str(tmp_path))
    drain.start_draining(tmp_path, reason="test")
    with sql_statements() as statements:
        response = testapp.get("/readyz", status=503)
    assert response.json == {"ready": False, "reason": "draining"}
    assert statements == []
    drain.stop_draining(tmp_path)
    testapp.get("/readyz", status=200)


def test_without_a_runtime_folder_a_host_never_drains(testapp, monkeypatch):
    for name in drain.RUNTIME_DIR_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert drain.runtime_dir() is None and not drain.is_draining()
    testapp.get("/readyz", status=200)


def test_a_host_without_its_database_is_not_ready(cc_settings, tmp_path):
    settings = {**cc_settings, "sqlalchemy.url": f"sqlite:///{tmp_path}/missing-dir/none.sqlite"}
    app = make_app(settings, plugin_manager=build_plugin_manager(settings, only=()))
    response = webtest.TestApp(app).get("/readyz", status=503)
    assert response.json == {"ready": False, "reason": "database unreachable"}


def test_unsafe_methods_are_not_a_readiness_check(testapp):
    # Not a route for posts: the CSRF check and the method refuse it, never a 5xx.
    assert testapp.post("/readyz", status="*").status_int in (400, 403, 404, 405)


def cc(*args, env=None):
    return subprocess.run([sys.executable, "-m", "cc_core.cli", *args], capture_output=True, text=True,
                          env=env, timeout=60)


def test_cc_drain_raises_and_lowers_the_flag_the_probe_reads(testapp, monkeypatch, tmp_path):
    monkeypatch.setenv("CC_RUNTIME_DIR", str(tmp_path / "run"))
    raised = cc("drain", "--runtime-dir", str(tmp_path / "run"))
    assert raised.returncode == 0 and "load balancer stops sending" in raised.stdout
    assert (tmp_path / "run" / "draining").exists()
    testapp.get("/readyz", status=503)
    assert cc("drain", "--status", "--runtime-dir", str(tmp_path / "run")).stdout.strip() == "draining"
    lowered = cc("drain", "--off", "--runtime-dir", str(tmp_path / "run"))
    assert lowered.returncode == 0 and "answers 200 again" in lowered.stdout
    testapp.get("/readyz", status=200)
    assert cc("drain", "--status", "--runtime-dir", str(tmp_path / "run")).stdout.strip() == "ready"


def test_cc_drain_reads_the_folder_from_the_environment_and_refuses_without_one(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "RUNTIME_DIRECTORY": f"{tmp_path}:/elsewhere"}
    assert cc("drain", env=env).returncode == 0
    assert (tmp_path / "draining").exists()
    refused = cc("drain", env={"PATH": "/usr/bin:/bin"})
    assert refused.returncode != 0 and "no runtime folder" in refused.stderr
