"""The benchmark databases: created, migrated and seeded once, then reused.

Each (database, scale) pair gets its own database: a SQLite file under
``var/bench/`` or a PostgreSQL database ``<prefix>_<scale>`` on the
server given (``cc_bench`` unless ``--database-prefix`` says otherwise, so
runs from two checkouts on one server do not drop each other's sets).
``cc seed`` (the core command, with every installed plugin's ``cc_seed``
share) fills it; a stamp file beside it records the seed's fingerprint
(:func:`seed_fingerprint`: what decides which rows the seed makes) and the
fingerprint of the migrations it was brought to.  A later run whose seed
fingerprint matches measures the same data without seeding again, and
runs ``cc upgrade`` only when the migrations changed since (starting an
interpreter and the plugins costs seconds on a busy machine).
``--reseed`` starts from scratch.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from .server import ROOT, write_portal_ini

WORK = ROOT / "var" / "bench"
DEFAULT_POSTGRESQL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_PREFIX = "cc_bench"


def scale_tag(scale: float) -> str:
    return f"{scale:g}".replace(".", "_")


@dataclasses.dataclass
class Database:
    kind: str          # "sqlite" or "postgresql"
    scale: float
    url: str
    work: Path         # the folder for its ini, logs, mail and files
    seed_seconds: float | None = None
    reused: bool = False   # found seeded by an earlier run

    @property
    def label(self) -> str:
        return f"{self.kind}, scale {self.scale:g}"

    def engine(self) -> sa.Engine:
        from cc_core.db import engine_from_settings

        return engine_from_settings({"sqlalchemy.url": self.url})


def _installed_plugins() -> list[str]:
    """The installed plugins with the versions of their distributions: a new version may seed otherwise."""
    from importlib.metadata import entry_points

    found = []
    for ep in entry_points(group="cc.plugins"):
        version = ep.dist.version if ep.dist is not None else "?"
        found.append(f"{ep.name}=={version}")
    return sorted(found)


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def seed_fingerprint(scale: float, plugins: list[str], counts: dict[str, int]) -> str:
    """What decides the seeded rows: the scale, the plugins and the row counts the seed makes at it."""
    return _digest({"scale": scale, "plugins": plugins, "counts": counts})


@functools.cache
def _seed_counts(scale: float) -> dict[str, int]:
    """What ``cc seed --scale`` is told: the core's sizes and every plugin's count at ``scale``."""
    from cc_core.plugins import build_plugin_manager
    from cc_core.seed import SeedSizes, seed_counts

    sizes = SeedSizes(scale=scale)
    core = {field: getattr(sizes, field) for field in ("companies", "persons", "random_seed")}
    return {**core, **{name: sizes.of(count) for name, count in sorted(seed_counts(build_plugin_manager({})).items())}}


def migrations_fingerprint(folders: list[str]) -> str:
    """The names and contents of every migration file in ``folders``: changes when a migration is added or edited."""
    files = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.py")):
            files[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _digest(files)


@functools.cache
def _migration_folders() -> list[str]:
    from cc_core.migrate import version_locations
    from cc_core.plugins import build_plugin_manager

    return version_locations(build_plugin_manager({}))


def fingerprints(scale: float) -> tuple[str, str]:
    """The seed's and the migrations' fingerprints for ``scale`` (the plugins are loaded once, then cached)."""
    return (seed_fingerprint(scale, _installed_plugins(), _seed_counts(scale)),
            migrations_fingerprint(_migration_folders()))


def reusable(stamp: dict | None, fingerprint: str, url: str) -> bool:
    """Whether a stamp says its database holds the set of ``fingerprint`` at ``url``."""
    return bool(stamp) and stamp.get("fingerprint") == fingerprint and stamp.get("url") == url


def needs_upgrade(stamp: dict, migrations: str) -> bool:
    """Whether migrations were added or changed since the stamped database was last brought up to date."""
    return stamp.get("migrations") != migrations


def _stamp_path(kind: str, scale: float, prefix: str = DEFAULT_PREFIX) -> Path:
    """The stamp of a set: one per database, scale and database prefix."""
    if prefix == DEFAULT_PREFIX:
        return WORK / f"{kind}-{scale_tag(scale)}.json"
    return WORK / f"{kind}-{prefix}-{scale_tag(scale)}.json"


def _fresh_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _fresh_postgresql(admin_url: str, name: str) -> None:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()


def _postgresql_exists(admin_url: str, name: str) -> bool:
    admin = sa.create_engine(admin_url)
    try:
        with admin.connect() as connection:
            return connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                      {"n": name}).first() is not None
    finally:
        admin.dispose()


def _cc() -> str:
    """The ``cc`` command of this environment."""
    return str(Path(sys.executable).with_name("cc"))


def prepare(kind: str, scale: float, postgresql: str = DEFAULT_POSTGRESQL, reseed: bool = False,
            prefix: str = DEFAULT_PREFIX) -> Database:
    """The seeded database of ``kind`` at ``scale``, seeding it when needed."""
    tag = scale_tag(scale)
    work = WORK / f"{kind}-{tag}" if prefix == DEFAULT_PREFIX else WORK / f"{kind}-{prefix}-{tag}"
    work.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        path = WORK / f"cc-{tag}.sqlite" if prefix == DEFAULT_PREFIX else WORK / f"{prefix}-{tag}.sqlite"
        url = f"sqlite:///{path}"
        exists = path.exists()
    else:
        name = f"{prefix}_{tag}"
        url = sa.engine.make_url(postgresql).set(database=name).render_as_string(hide_password=False)
        exists = _postgresql_exists(postgresql, name)
    database = Database(kind, scale, url, work)
    stamp_file = _stamp_path(kind, scale, prefix)
    fingerprint, migrations = fingerprints(scale)
    stamp = json.loads(stamp_file.read_text()) if stamp_file.exists() else None
    if not reseed and exists and reusable(stamp, fingerprint, url):
        database.seed_seconds = stamp["seconds"]
        database.reused = True
        if needs_upgrade(stamp, migrations):
            # Migrations added since it was seeded apply as they would in a deployment.
            subprocess.run([_cc(), "-c", str(write_portal_ini(work, url)), "upgrade"], check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL)
            stamp_file.write_text(json.dumps({**stamp, "migrations": migrations}, indent=2))
        return database
    stamp_file.unlink(missing_ok=True)
    if kind == "sqlite":
        _fresh_sqlite(path)
    else:
        _fresh_postgresql(postgresql, name)
    ini = write_portal_ini(work, url)
    print(f"seeding {database.label} (cc seed --scale {scale:g})", file=sys.stderr, flush=True)
    started = time.monotonic()
    subprocess.run([_cc(), "-c", str(ini), "seed", "--scale", f"{scale:g}"],
                   check=True, cwd=ROOT)
    database.seed_seconds = time.monotonic() - started
    stamp_file.write_text(json.dumps({"scale": scale, "plugins": _installed_plugins(), "fingerprint": fingerprint,
                                      "migrations": migrations, "seconds": database.seed_seconds, "url": url},
                                     indent=2))
    return database


@contextlib.contextmanager
def scratch_copy(database: Database):
    """A throw-away copy of ``database`` for the load run, removed afterwards.

    The posts of a run add requests and messages and change the statuses
    they answer; measuring on a copy keeps the seeded set the same from one
    run to the next.  SQLite: a file copy; PostgreSQL: ``CREATE DATABASE
    ... TEMPLATE``.
    """
    if database.kind == "sqlite":
        source = Path(sa.engine.make_url(database.url).database)
        engine = database.engine()
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        target = source.with_name(f"scratch-{source.name}")
        _fresh_sqlite(target)
        shutil.copyfile(source, target)
        try:
            yield dataclasses.replace(database, url=f"sqlite:///{target}", work=_scratch_work(database))
        finally:
            _fresh_sqlite(target)
        return
    url = sa.engine.make_url(database.url)
    name = f"scratch_{url.database}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{url.database}"')
        try:
            yield dataclasses.replace(database, url=url.set(database=name).render_as_string(hide_password=False),
                                      work=_scratch_work(database))
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def _scratch_work(database: Database) -> Path:
    """The scratch copy's own folder: its ini must not replace the seeded set's."""
    work = database.work.with_name(f"scratch-{database.work.name}")
    work.mkdir(parents=True, exist_ok=True)
    return work


def count_rows(database: Database, tables: list[str]) -> dict[str, int]:
    """``count(*)`` of each table (the tables of the integrity check)."""
    engine = database.engine()
    try:
        with engine.connect() as connection:
            return {table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
                    for table in tables}
    finally:
        engine.dispose()


def count_marked(database: Database, table: str, column: str, marker: str) -> tuple[int, int]:
    """Rows whose ``column`` carries ``marker``, and how many distinct values they hold."""
    engine = database.engine()
    try:
        with engine.connect() as connection:
            row = connection.execute(sa.text(
                f"SELECT count(*), count(DISTINCT {column}) FROM {table} WHERE {column} LIKE :pattern"),
                {"pattern": f"{marker}-%"}).one()
            return row[0], row[1]
    finally:
        engine.dispose()
