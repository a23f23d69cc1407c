"""gunicorn.conf.py reads the environment as docs/deployment.md says, through gunicorn's own loader."""
import json
import os
import subprocess
import sys
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"

READ = """
import json, sys
from gunicorn.app.base import Application

class Settings(Application):
    def init(self, parser, opts, args):
        pass
    def load_config(self):
        self.load_config_from_file(sys.argv[1])
    def load(self):
        return None

cfg = Settings().cfg
names = ["bind", "workers", "worker_class_str", "threads", "timeout", "graceful_timeout", "max_requests",
         "max_requests_jitter", "forwarded_allow_ips", "secure_scheme_headers", "accesslog", "loglevel"]
print(json.dumps({name: getattr(cfg, name) for name in names}))
"""


def settings(runtime_dir, **env) -> dict:
    """The settings gunicorn reads from the file under ``env`` (and no CC_ variable of this process)."""
    environ = {key: value for key, value in os.environ.items() if not key.startswith("CC_")}
    environ["CC_RUNTIME_DIR"] = str(runtime_dir)   # else the file makes a temporary folder
    result = subprocess.run([sys.executable, "-c", READ, str(CONF)], env={**environ, **env},
                            capture_output=True, text=True, timeout=60, check=True, cwd=CONF.parent)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_defaults_are_production_ones(tmp_path):
    values = settings(tmp_path)
    assert values["bind"] == ["127.0.0.1:8000"]
    assert values["workers"] == 2 * (os.cpu_count() or 1) + 1
    assert values["worker_class_str"] == "sync"
    assert (values["timeout"], values["graceful_timeout"]) == (30, 30)
    assert (values["max_requests"], values["max_requests_jitter"]) == (2000, 200)
    assert values["forwarded_allow_ips"] == ["127.0.0.1"]
    assert values["secure_scheme_headers"] == {"X-FORWARDED-PROTO": "https"}
    assert values["accesslog"] is None


def test_every_value_can_come_from_the_environment(tmp_path):
    values = settings(tmp_path, CC_BIND="0.0.0.0:9000", CC_WORKERS="3", CC_WORKER_CLASS="gthread", CC_THREADS="8",
                      CC_TIMEOUT="20", CC_GRACEFUL_TIMEOUT="25", CC_MAX_REQUESTS="0",
                      CC_FORWARDED_ALLOW_IPS="10.0.0.5,10.0.0.6", CC_LOG_LEVEL="warning")
    assert values["bind"] == ["0.0.0.0:9000"]
    assert (values["workers"], values["threads"], values["timeout"], values["graceful_timeout"]) == (3, 8, 20, 25)
    assert values["worker_class_str"] == "gthread"
    assert values["max_requests"] == 0
    assert values["forwarded_allow_ips"] == ["10.0.0.5", "10.0.0.6"]
    assert values["loglevel"] == "warning"
