"""The benchmark databases: created, migrated and seeded once, then reused.

Each (database, scale) pair gets its own database: a SQLite file under
``var/bench/`` or a PostgreSQL database ``cc_bench_<scale>`` on the
server given.  ``cc seed`` (the core command, with every installed
plugin's ``cc_seed`` share) fills it; a stamp file beside it records the
scale, the seeding time and the installed plugins, so a later run with the
same stamp measures the same data without seeding again.  ``--reseed``
starts from scratch.
"""
from __future__ import annotations

import contextlib
import dataclasses
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


def scale_tag(scale: float) -> str:
    return f"{scale:g}".replace(".", "_")


@dataclasses.dataclass
class Database:
    kind: str          # "sqlite" or "postgresql"
    scale: float
    url: str
    work: Path         # the folder for its ini, logs, mail and files
    seed_seconds: float | None = None

    @property
    def label(self) -> str:
        return f"{self.kind}, scale {self.scale:g}"

    def engine(self) -> sa.Engine:
        from cc_core.db import engine_from_settings

        return engine_from_settings({"sqlalchemy.url": self.url})


def _installed_plugins() -> list[str]:
    from importlib.metadata import entry_points

    return sorted(ep.name for ep in entry_points(group="cc.plugins"))


def _stamp_path(kind: str, scale: float) -> Path:
    return WORK / f"{kind}-{scale_tag(scale)}.json"


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


def prepare(kind: str, scale: float, postgresql: str = DEFAULT_POSTGRESQL, reseed: bool = False) -> Database:
    """The seeded database of ``kind`` at ``scale``, seeding it when needed."""
    tag = scale_tag(scale)
    work = WORK / f"{kind}-{tag}"
    work.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        path = WORK / f"cc-{tag}.sqlite"
        url = f"sqlite:///{path}"
        exists = path.exists()
    else:
        name = f"cc_bench_{tag}"
        url = sa.engine.make_url(postgresql).set(database=name).render_as_string(hide_password=False)
        exists = _postgresql_exists(postgresql, name)
    database = Database(kind, scale, url, work)
    stamp_file = _stamp_path(kind, scale)
    wanted = {"scale": scale, "plugins": _installed_plugins()}
    if not reseed and exists and stamp_file.exists():
        stamp = json.loads(stamp_file.read_text())
        if {key: stamp.get(key) for key in wanted} == wanted:
            database.seed_seconds = stamp["seconds"]
            # Migrations added since it was seeded apply as they would in a
            # deployment (a no-op when there are none).
            subprocess.run([_cc(), "-c", str(write_portal_ini(work, url)), "upgrade"], check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL)
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
    stamp_file.write_text(json.dumps({**wanted, "seconds": database.seed_seconds, "url": url}, indent=2))
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
