"""The cc command line, run as installers run it."""
import json
from pathlib import Path
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def ini(tmp_path, test_plugin_distributions):
    path = tmp_path / "site.ini"
    path.write_text(f"""[app:main]
use = egg:cc-core
sqlalchemy.url = sqlite:///{tmp_path}/var/cc.sqlite
cc.secret = cli-test-secret-0123456789abcdef0123456789
cc.plugins.disabled = broken misspelt
mail.backend = files
mail.files_dir = {tmp_path}/mail
""")
    return str(path)


def cc(ini, *args, env_extra=None, check=True):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if "site" in p and "tmp" in p)}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "cc_core.cli", "-c", ini, *args], capture_output=True,
                          text=True, env=env, check=check, cwd=ROOT)


def test_initdb_demo_upgrade_adduser_and_plugins(ini, tmp_path):
    out = cc(ini, "initdb", "--demo")
    assert "demo data loaded" in out.stdout
    assert (tmp_path / "var" / "cc.sqlite").exists()
    out = cc(ini, "upgrade")
    assert "cc_test_hello_0001" in out.stdout  # the head; it depends on the core's branch
    out = cc(ini, "adduser", "new@example.org", "--name", "New Person", "--company", "New Co", "--manager",
             env_extra={"CC_PASSWORD": "a long enough password"})
    assert "added new@example.org" in out.stdout
    again = cc(ini, "adduser", "new@example.org", env_extra={"CC_PASSWORD": "x"}, check=False)
    assert again.returncode != 0 and "exists already" in again.stderr
    report = json.loads(cc(ini, "plugins", "--json").stdout)
    hello = next(item for item in report if item["name"] == "hello")
    assert hello["version"] == "1.2.3"
    assert "cc_navigation" in hello["hooks"] and "cc_configure" in hello["hooks"]
    assert any(route.startswith("hello.page /hello/") for route in hello["routes"])
    assert hello["migrations"] == ["cc_test_hello:migrations/versions"]
    assert "hello.pt" in hello["templates"]
    assert hello["branches"] == [{"label": "cc_test_hello", "head": "cc_test_hello_0001"}]
    core = next(item for item in report if item["name"] == "core")
    assert any(route.startswith("login /login") for route in core["routes"])
    assert core["branches"] == [{"label": "cc_core", "head": "cc_core_0006"}]
    text = cc(ini, "plugins").stdout
    hello_text = text[text.index("hello (cc-test-hello 1.2.3)"):].split("\n")[:6]
    assert "  migrations: cc_test_hello (head cc_test_hello_0001)" in hello_text
    assert any(line.startswith("  hooks:") and "cc_navigation" in line for line in hello_text)


def test_cc_cli_commands_adds_plugin_commands(ini):
    assert "hello from the plugin" in cc(ini, "hello").stdout


def test_a_broken_plugin_stops_the_command_with_its_name(ini, tmp_path):
    broken = tmp_path / "broken.ini"
    broken.write_text(Path(ini).read_text().replace("cc.plugins.disabled = broken misspelt",
                                               "cc.plugins.disabled = misspelt"))
    out = cc(str(broken), "upgrade", check=False)
    assert out.returncode == 2
    assert "plugin 'broken'" in out.stderr


def test_cc_seed_fills_core_tables_and_calls_plugins(ini, tmp_path):
    import sqlalchemy as sa

    cc(ini, "initdb")
    out = cc(ini, "seed", "--companies", "30", "--persons", "120", "--requests", "10", "--faq-articles", "5",
             "--faq-folders", "2")
    assert "seeded" in out.stdout
    assert "persons: 120 in" in out.stderr
    engine = sa.create_engine(f"sqlite:///{tmp_path}/var/cc.sqlite")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM cc_person WHERE email LIKE '%@bench.example'")).scalar() == 120
        assert conn.execute(sa.text("SELECT count(*) FROM cc_company")).scalar() == 30
        assert conn.execute(sa.text("SELECT count(*) FROM hello_greeting WHERE text LIKE 'seeded%'")).scalar() == 30
    engine.dispose()


def test_cc_seed_offers_each_plugins_counts(ini, tmp_path):
    import sqlalchemy as sa

    assert "--hello-greetings" in cc(ini, "seed", "--help").stdout
    assert "--faq-articles" in cc(ini, "seed", "--help").stdout
    cc(ini, "initdb")
    cc(ini, "seed", "--companies", "2", "--persons", "2", "--requests", "1", "--faq-articles", "1",
       "--faq-folders", "1", "--hello-greetings", "4")
    cc(ini, "seed", "--companies", "2", "--persons", "2", "--requests", "1", "--faq-articles", "1",
       "--faq-folders", "1", "--scale", "0.5")
    engine = sa.create_engine(f"sqlite:///{tmp_path}/var/cc.sqlite")
    with engine.connect() as conn:
        # 4 as asked, then the plugin's default of 3, which --scale leaves alone.
        assert conn.execute(sa.text("SELECT count(*) FROM hello_greeting WHERE text LIKE 'extra%'")).scalar() == 7
    engine.dispose()
