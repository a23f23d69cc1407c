"""The ``cc`` command line: database set-up, users, plugin introspection.

Plugins add their own sub-commands through ``cc_cli_commands``.
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys

import sqlalchemy as sa
import transaction

from . import migrate
from .db import engine_from_settings, get_tm_session, make_session_factory
from .passwords import configure as configure_passwords
from .plugins import PluginError, build_plugin_manager
from .startup_checks import UnsafeSettings, settings_for_start


class Environment:
    """What a command gets: settings, plugins, and database sessions."""

    def __init__(self, config_uri: str):
        from pyramid.paster import get_appsettings, setup_logging

        if not os.path.exists(config_uri):
            raise SystemExit(f"cc: configuration file {config_uri!r} not found (use -c FILE)")
        setup_logging(config_uri)
        self.config_uri = config_uri
        try:
            self.settings = settings_for_start(get_appsettings(config_uri))
        except UnsafeSettings as exc:
            raise SystemExit(f"cc: {config_uri}: {exc}") from None
        configure_passwords(self.settings)
        self._engine = None
        self._pm = None

    @property
    def plugin_manager(self):
        if self._pm is None:
            self._pm = build_plugin_manager(self.settings)
        return self._pm

    @property
    def engine(self):
        if self._engine is None:
            url = self.settings.get("sqlalchemy.url", "")
            if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
                os.makedirs(os.path.dirname(url[len("sqlite:///"):]) or ".", exist_ok=True)
            elif url.startswith("sqlite:////"):
                os.makedirs(os.path.dirname(url[len("sqlite:///"):]), exist_ok=True)
            self._engine = engine_from_settings(self.settings)
        return self._engine

    def dbsession(self):
        """A session joined to the thread's transaction manager."""
        return get_tm_session(make_session_factory(self.engine), transaction.manager)


def cmd_upgrade(args, env):
    applied = migrate.upgrade(env.engine, env.plugin_manager)
    if applied:
        print(f"applied {len(applied)} migrations: {', '.join(applied)}")
    else:
        print("no migrations to apply")
    print("database upgraded to", ", ".join(sorted(migrate.current_heads(env.engine, env.plugin_manager))))


def cmd_initdb(args, env):
    migrate.upgrade(env.engine, env.plugin_manager)
    if args.demo:
        load_demo(env)
        print("demo data loaded; log in as demo@example.com / demo-password")
    print("database ready")


def load_demo(env) -> None:
    with transaction.manager:
        dbsession = env.dbsession()
        env.plugin_manager.hook.cc_demo_data(dbsession=dbsession, settings=env.settings)


def cmd_seed(args, env):
    from .seed import SeedSizes, run_seed, seed_counts

    sizes = SeedSizes(companies=args.companies, persons=args.persons)
    if args.scale != 1.0:
        sizes = sizes.scaled(args.scale)
    sizes = sizes.with_counts(**{name: getattr(args, name) for name in seed_counts(env.plugin_manager)
                                 if getattr(args, name, None) is not None})
    migrate.upgrade(env.engine, env.plugin_manager)
    run_seed(env.engine, env.plugin_manager, env.settings, sizes)
    print(f"seeded {sizes}")


def cmd_adduser(args, env):
    from .models import Company, Person
    from .passwords import hash_password

    password = args.password or os.environ.get("CC_PASSWORD") or getpass.getpass("Password: ")
    with transaction.manager:
        dbsession = env.dbsession()
        email = args.email.strip().lower()
        if dbsession.scalar(sa.select(Person).where(Person.email == email)):
            raise SystemExit(f"cc: a person with e-mail {email} exists already")
        company = None
        if args.company:
            company = dbsession.scalar(sa.select(Company).where(Company.name == args.company))
            if company is None:
                company = Company(name=args.company)
                dbsession.add(company)
        dbsession.add(Person(email=email, name=args.name or email, company=company,
                             password_hash=hash_password(password), is_staff=args.staff,
                             is_manager=args.manager, company_access=args.manager or args.company_access))
    print(f"added {email}")


def plugin_report(env) -> list[dict]:
    """Name, version, hooks, routes, templates and migration branch of each plugin."""
    from . import make_app

    pm = env.plugin_manager
    app = make_app(env.settings, plugin_manager=pm)
    routes = _routes_by_package(app.registry)
    heads = migrate.branch_heads(pm)
    report = []
    for name, info in pm.infos.items():
        hooks = sorted(hc.name for hc in pm.get_hookcallers(info.module) or [])
        package = info.package
        templates_dir = os.path.join(_package_dir(package), "templates")
        templates = sorted(os.listdir(templates_dir)) if os.path.isdir(templates_dir) else []
        locations = _locations(info.module)
        folders = [migrate.location_path(location) for location in locations]
        report.append({"name": name, "distribution": info.distribution, "version": info.version,
                       "package": package, "hooks": hooks, "routes": routes.get(package, []),
                       "templates": templates, "migrations": locations,
                       "branches": [branch for folder in folders for branch in heads.get(folder, [])]})
    return report


def _package_dir(package: str) -> str:
    import importlib

    return os.path.dirname(importlib.import_module(package).__file__)


def _routes_by_package(registry) -> dict[str, list[str]]:
    """Routes grouped by the package whose code added them."""
    out: dict[str, list[str]] = {}
    for entry in registry.introspector.get_category("routes"):
        intr = entry["introspectable"]
        filename = os.path.abspath(getattr(intr.action_info, "file", "") or "")
        parts = filename.split(os.sep)
        # The package is the folder right below site-packages or the checkout.
        for index in range(len(parts) - 1, 0, -1):
            init = os.sep.join(parts[:index]) + os.sep + "__init__.py"
            if not os.path.exists(init):
                package = parts[index] if index < len(parts) else None
                break
        else:
            package = None
        if package:
            out.setdefault(package, []).append(f"{intr['name']} /{intr['pattern'].lstrip('/')}")
    return out


def _locations(module) -> list[str]:
    impl = getattr(module, "cc_migration_locations", None)
    return list(impl() or []) if impl else []


def cmd_plugins(args, env):
    report = plugin_report(env)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for item in report:
        print(f"{item['name']} ({item['distribution'] or '-'} {item['version'] or ''})".rstrip())
        print(f"  package:    {item['package']}")
        print(f"  hooks:      {', '.join(item['hooks']) or '-'}")
        print(f"  routes:     {', '.join(item['routes']) or '-'}")
        print(f"  templates:  {', '.join(item['templates']) or '-'}")
        branches = ", ".join(f"{branch['label']} (head {branch['head']})" for branch in item["branches"])
        print(f"  migrations: {branches or '-'}")


def build_parser(plugin_manager=None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cc", description="Customer Centre administration")
    parser.add_argument("-c", "--config", default="development.ini", help="ini file (default: development.ini)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("initdb", help="create or migrate the database")
    p.add_argument("--demo", action="store_true", help="also load the demo data")
    p.set_defaults(func=cmd_initdb)
    sub.add_parser("upgrade", help="apply all migrations (alembic upgrade heads)").set_defaults(func=cmd_upgrade)
    p = sub.add_parser("adduser", help="add a person who can log in")
    p.add_argument("email")
    p.add_argument("--name")
    p.add_argument("--company", help="company name (created when missing)")
    p.add_argument("--password", help="password (else $CC_PASSWORD, else asked)")
    p.add_argument("--staff", action="store_true")
    p.add_argument("--manager", action="store_true")
    p.add_argument("--company-access", action="store_true")
    p.set_defaults(func=cmd_adduser)
    p = sub.add_parser("seed", help="fill the database with the benchmark data set")
    from .seed import SeedSizes, seed_counts

    defaults = SeedSizes()
    for field in ("companies", "persons"):
        p.add_argument("--" + field, type=int, default=getattr(defaults, field))
    for count in (seed_counts(plugin_manager).values() if plugin_manager is not None else ()):
        p.add_argument("--" + count.name.replace("_", "-"), type=int, default=None,
                       help=f"{count.help} (default {count.default:,}{', scaled' if count.scales else ''})")
    p.add_argument("--scale", type=float, default=1.0, help="multiply every count (e.g. 0.01)")
    p.set_defaults(func=cmd_seed)
    p = sub.add_parser("plugins", help="list plugins with their hooks, routes and migrations")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_plugins)
    from .jobs.cli import add_parsers as add_job_parsers
    from .scaffold import add_parser as add_new_plugin_parser

    add_job_parsers(sub)  # cc worker, cc jobs
    from .mail_inbound.cli import add_parsers as add_mail_parsers

    add_mail_parsers(sub)  # cc mail fetch, cc mail ingest

    add_new_plugin_parser(sub)  # cc new-plugin NAME [--dir DIR]: needs no ini file
    from .storage_migrate import add_parser as add_files_parser

    add_files_parser(sub)  # cc files migrate --to s3|folder
    from .drain import add_parser as add_drain_parser

    add_drain_parser(sub)  # cc drain [--off|--status]: take this host out of the load balancer
    if plugin_manager is not None:
        plugin_manager.hook.cc_cli_commands(subparsers=sub)
    return parser


def _config_from_argv(argv) -> str:
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("-c", "--config", default="development.ini")
    known, _ = pre.parse_known_args(argv)
    return known.config


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    config_uri = _config_from_argv(argv)
    env = None
    pm = None
    if os.path.exists(config_uri):
        env = Environment(config_uri)
        try:
            pm = env.plugin_manager
        except PluginError as exc:
            print(f"cc: {exc}", file=sys.stderr)
            return 2
    args = build_parser(pm).parse_args(argv)
    if env is None and getattr(args, "needs_config", True):
        env = Environment(args.config)
    args.func(args, env)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
