"""The portal refuses to start with the development secret, a short one or none; secrets from the environment."""
import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cc_core import make_app
from cc_core.env_settings import resolve_environment
from cc_core.plugins import build_plugin_manager
from cc_core.startup_checks import DEVELOPMENT_SECRET, UnsafeSettings, check_secret

ROOT = Path(__file__).resolve().parents[2]
GOOD = "a-production-secret-0123456789abcdef012345"


def ini_section(name: str) -> dict:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / name)
    return dict(parser["app:main"])


def test_development_ini_ships_the_development_secret_and_says_it_is_a_development_install():
    settings = ini_section("development.ini")
    assert settings["cc.secret"] == DEVELOPMENT_SECRET
    assert settings["cc.development"] == "true"
    check_secret(settings)
    # The same file without the declaration is refused.
    with pytest.raises(UnsafeSettings, match="cc.secret is the development secret"):
        check_secret({**settings, "cc.development": "false"})


@pytest.mark.parametrize("secret, message", [
    (None, "cc.secret is missing"), ("", "cc.secret is missing"), ("   ", "cc.secret is missing"),
    ("short-secret", "at least 32 characters"), (DEVELOPMENT_SECRET, "development secret"),
])
def test_unsafe_secrets_are_refused_by_the_application_factory(cc_settings, secret, message):
    settings = {**cc_settings, "cc.secret": secret}
    with pytest.raises(UnsafeSettings, match=message) as refused:
        make_app(settings, plugin_manager=build_plugin_manager({}, only=()))
    assert "cc.secret" in str(refused.value)


def test_a_development_install_may_use_the_development_secret_but_never_a_short_one(cc_settings):
    pm = build_plugin_manager({}, only=())
    assert make_app({**cc_settings, "cc.secret": DEVELOPMENT_SECRET, "cc.development": "true"}, plugin_manager=pm)
    with pytest.raises(UnsafeSettings, match="at least 32"):
        make_app({**cc_settings, "cc.secret": "short", "cc.development": "true"}, plugin_manager=pm)


def test_environment_references_are_filled_in_or_refused_by_name():
    settings = {"cc.secret": "env:CC_TEST_SECRET", "cc.site_name": "env:CC_TEST_SITE:-Support",
                "mail.password": "env:CC_TEST_SMTP_PASSWORD:-", "cc.languages": "en nb",
                "mail.host": "env-less value: not a reference"}
    resolved = resolve_environment(settings, {"CC_TEST_SECRET": GOOD})
    assert resolved == {"cc.secret": GOOD, "cc.site_name": "Support", "mail.password": "",
                        "cc.languages": "en nb", "mail.host": "env-less value: not a reference"}
    assert resolve_environment(settings, {"CC_TEST_SECRET": GOOD, "CC_TEST_SITE": "ACME"})["cc.site_name"] == "ACME"
    with pytest.raises(UnsafeSettings, match="cc.secret reads the environment variable CC_TEST_SECRET, which is not set"):
        resolve_environment(settings, {})


def write_ini(tmp_path, secret_line: str, extra: str = "") -> str:
    path = tmp_path / "site.ini"
    path.write_text(f"""[app:main]
use = egg:cc-core
sqlalchemy.url = sqlite:///{tmp_path}/cc.sqlite
{secret_line}
{extra}
mail.backend = files
mail.files_dir = {tmp_path}/mail
""")
    return str(path)


def cc(ini: str, *args, env=None):
    environ = {key: value for key, value in os.environ.items() if not key.startswith("CC_SECRET")}
    environ.update(env or {})
    return subprocess.run([sys.executable, "-m", "cc_core.cli", "-c", ini, *args], capture_output=True, text=True,
                          env=environ, cwd=ROOT, timeout=120)


def test_the_cli_refuses_the_development_secret_and_reads_the_secret_from_the_environment(tmp_path):
    refused = cc(write_ini(tmp_path, f"cc.secret = {DEVELOPMENT_SECRET}"), "upgrade")
    assert refused.returncode != 0
    assert "cc.secret is the development secret" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "cc.sqlite").exists()  # refused before touching the database

    from_env = write_ini(tmp_path, "cc.secret = env:CC_SECRET_OF_TEST")
    unset = cc(from_env, "upgrade")
    assert unset.returncode != 0 and "cc.secret reads the environment variable CC_SECRET_OF_TEST" in unset.stderr
    short = cc(from_env, "upgrade", env={"CC_SECRET_OF_TEST": "too-short"})
    assert short.returncode != 0 and "at least 32 characters" in short.stderr
    done = cc(from_env, "upgrade", env={"CC_SECRET_OF_TEST": GOOD})
    assert done.returncode == 0, done.stderr
    assert "database upgraded to" in done.stdout

    development = cc(write_ini(tmp_path, f"cc.secret = {DEVELOPMENT_SECRET}", "cc.development = true"), "upgrade")
    assert development.returncode == 0, development.stderr


def test_production_ini_keeps_every_secret_in_the_environment():
    settings = ini_section("production.ini")
    for key in ("cc.secret", "sqlalchemy.url", "mail.password", "cc.storage.s3.secret_access_key",
                "cc.storage.s3.access_key_id"):
        assert settings[key].startswith("env:"), key
    assert settings["cc.session.secure"] == "true"
    assert "cc.development" not in settings
    with pytest.raises(UnsafeSettings, match="cc.secret reads the environment variable CC_SECRET"):
        resolve_environment(settings, {"CC_DATABASE_URL": "postgresql+psycopg://cc@db/cc"})
