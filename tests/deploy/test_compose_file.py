"""compose.yaml and deploy/haproxy-compose.cfg: each service complete, and every setting one the portal reads.

The settings the portal accepts are read from its code: every string
literal in the core's and the plugins' modules that names a setting (or,
for names built at run time such as ``f"cc.storage.s3.{name}"``, its
prefix), not a list kept by hand.
"""
import ast
import configparser
import re
from pathlib import Path

import pytest
import yaml

from cc_core.env_settings import environment_reference

ROOT = Path(__file__).resolve().parents[2]
PORTAL_SERVICES = ("web1", "web2", "worker")
#: Sections a setting can belong to: the portal's own and those of the libraries it hands settings to.
NAMESPACES = ("cc.", "mail.", "sqlalchemy.", "pyramid.", "retry.", "tm.", "example_crm_view.")
SETTING = re.compile(r"(?:%s)[a-z0-9_.]*" % "|".join(re.escape(n) for n in NAMESPACES))
#: Settings read by the libraries the core includes (pyramid_retry, pyramid_tm, Pyramid, SQLAlchemy's engine_from_config).
LIBRARY_PREFIXES = ("pyramid.", "retry.", "tm.", "sqlalchemy.")


def source_files():
    for folder in [ROOT / "cc_core", *sorted((ROOT / "plugins").glob("*/cc_*"))]:
        for path in folder.rglob("*.py"):
            if "tests" not in path.parts and "testing" not in path.parts and "scaffold_template" not in path.parts:
                yield path


def accepted_settings() -> tuple[set[str], set[str]]:
    """``(names, prefixes)`` of the settings the code reads."""
    names, prefixes = set(), set(LIBRARY_PREFIXES)
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SETTING.fullmatch(node.value):
                # A plain "cc.session." is a salt or a label, not a family of settings.
                if not node.value.endswith("."):
                    names.add(node.value)
            elif isinstance(node, (ast.Call, ast.Subscript)):
                # A name built at run time counts only where a value is looked up
                # with it (settings.get(f"cc.oidc.{name}.issuer"), settings[f"..."]):
                # f"cc.token.{purpose}" elsewhere is a salt.
                keys = node.args[:1] if isinstance(node, ast.Call) else [node.slice]
                if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Attribute) and node.func.attr == "get"):
                    keys = []
                for key in keys:
                    if isinstance(key, ast.JoinedStr) and key.values and isinstance(key.values[0], ast.Constant):
                        head = key.values[0].value
                        if isinstance(head, str) and SETTING.fullmatch(head) and head.endswith("."):
                            prefixes.add(head)
    return names, prefixes


def is_accepted(key: str, accepted) -> bool:
    names, prefixes = accepted
    return key in names or any(key.startswith(prefix) for prefix in prefixes)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def production_settings():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "production.ini")
    return dict(parser["app:main"])


def test_the_code_scan_finds_the_settings_it_should():
    accepted = accepted_settings()
    for key in ("cc.secret", "cc.session.secure", "mail.host", "cc.storage.s3.bucket", "sqlalchemy.url",
                "cc.oidc.acme.issuer", "cc.development", "cc.hsts"):
        assert is_accepted(key, accepted), key
    for key in ("cc.secrett", "cc.session.secur", "mail.hots", "cc.storage.bucket"):
        assert not is_accepted(key, accepted), key


def test_production_ini_sets_only_settings_the_portal_reads(production_settings):
    accepted = accepted_settings()
    unknown = [key for key in production_settings if key != "use" and not is_accepted(key, accepted)]
    assert not unknown, f"production.ini sets settings no code reads: {unknown}"


def test_every_service_has_a_command_a_health_check_and_waits_for_what_it_needs(compose):
    services = compose["services"]
    assert {"web1", "web2", "worker", "proxy", "db", "s3", "mail"} <= set(services)
    for name, service in services.items():
        assert service.get("command"), f"{name} has no command"
        if name != "s3-bucket":  # a one-shot job: it runs and exits
            test = service.get("healthcheck", {}).get("test")
            assert test and test[0] == "CMD" and len(test) > 1, f"{name} has no health check"
        for needed, condition in (service.get("depends_on") or {}).items():
            assert needed in services, f"{name} depends on the unknown service {needed}"
            wanted = "service_completed_successfully" if needed == "s3-bucket" else "service_healthy"
            assert condition == {"condition": wanted}, f"{name} waits for {needed} without {wanted}"
    assert services["web1"]["command"] == services["web2"]["command"] == ["web"]
    assert services["worker"]["command"][0] == "worker"
    for name in PORTAL_SERVICES:
        assert services[name]["build"] == "." and {"db", "s3-bucket", "mail"} <= set(services[name]["depends_on"])
    assert "web1" in services["worker"]["depends_on"]  # the schema is migrated before jobs run
    assert set(services["proxy"]["depends_on"]) == {"web1", "web2"}
    # Only the proxy is published on all interfaces; the rest on loopback or not at all.
    assert services["proxy"]["ports"] == ["8080:8080"]
    for name, service in services.items():
        for port in service.get("ports", ()):
            assert name == "proxy" or str(port).startswith("127.0.0.1:"), f"{name} publishes {port}"
    for name in ("web1", "web2"):
        assert services[name]["expose"] == ["6543"] and "ports" not in services[name]
        assert "http://127.0.0.1:6543/healthz" in " ".join(services[name]["healthcheck"]["test"])
        assert services[name]["environment"]["CC_UPGRADE"] == "true"


def test_every_variable_passed_to_the_portal_is_a_setting_it_reads(compose, production_settings):
    accepted = accepted_settings()
    read_by_ini = {}
    for key, value in production_settings.items():
        reference = environment_reference(value)
        if reference:
            read_by_ini[reference[0]] = key
    # Variables the container's start script reads (deploy/start.sh), not the ini file.
    start_script = (ROOT / "deploy" / "start.sh").read_text(encoding="utf-8")
    for name in PORTAL_SERVICES:
        environment = compose["services"][name]["environment"]
        for variable in environment:
            if variable in read_by_ini:
                assert is_accepted(read_by_ini[variable], accepted), (name, variable)
            else:
                assert re.search(r"\$\{?%s\b" % variable, start_script), f"{name} passes {variable}, read by nothing"
        # Every variable production.ini needs (no default) is passed.
        required = [var for var, key in read_by_ini.items()
                    if environment_reference(production_settings[key])[1] is None]
        assert set(required) <= set(environment), (name, set(required) - set(environment))
        assert environment["CC_SECRET"].startswith("${CC_SECRET:?"), "the secret must come from outside the file"


def test_haproxy_sends_requests_to_the_web_services_and_checks_their_health(compose):
    config = (ROOT / "deploy" / "haproxy-compose.cfg").read_text(encoding="utf-8")
    servers = dict(re.findall(r"^\s*server\s+(\S+)\s+(\S+)\s+check", config, flags=re.M))
    assert servers == {"web1": "web1:6543", "web2": "web2:6543"}
    for name in servers:
        assert "6543" in compose["services"][name]["expose"]
    # The balancer asks whether a host should get traffic (false while it
    # drains); the container's own health check asks whether it is alive.
    assert re.search(r"^\s*option httpchk GET (\S+)", config, flags=re.M).group(1) == "/readyz"
    for name in servers:
        assert "127.0.0.1:6543/healthz" in " ".join(compose["services"][name]["healthcheck"]["test"])
    frontend_port = re.search(r"^\s*bind \*:(\d+)", config, flags=re.M).group(1)
    assert compose["services"]["proxy"]["ports"] == [f"{frontend_port}:{frontend_port}"]
    monitor = re.search(r"^\s*monitor-uri (\S+)", config, flags=re.M).group(1)
    assert monitor in " ".join(compose["services"]["proxy"]["healthcheck"]["test"])
    mounted = compose["services"]["proxy"]["volumes"][0].split(":")
    assert mounted[0] == "./deploy/haproxy-compose.cfg" and mounted[1] in compose["services"]["proxy"]["command"]


def test_the_health_path_answers(testapp):
    config = (ROOT / "deploy" / "haproxy-compose.cfg").read_text(encoding="utf-8")
    health_path = re.search(r"^\s*option httpchk GET (\S+)", config, flags=re.M).group(1)
    assert testapp.get(health_path).json == {"ready": True}


def test_the_dockerfile_installs_from_the_lock_and_runs_as_a_user():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM .* AS builder$", dockerfile, flags=re.M)
    assert re.search(r"^FROM .* AS runtime$", dockerfile, flags=re.M)
    assert "deploy/build-wheels.sh /wheels" in dockerfile
    assert "deploy/install.sh /opt/cc/venv /tmp/wheels" in dockerfile
    assert re.search(r"^USER cc$", dockerfile, flags=re.M)
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert 'ENTRYPOINT ["/opt/cc/deploy/start.sh"]' in dockerfile
    assert "COPY gunicorn.conf.py /opt/cc/gunicorn.conf.py" in dockerfile
    for copied in re.findall(r"^COPY (?!--from)(.+) \S+$", dockerfile, flags=re.M):
        for source in copied.split():
            if source != "gunicorn.conf.py":  # the gunicorn settings file lives at the repository's root
                assert (ROOT / source).exists(), source
