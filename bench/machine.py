"""What machine a benchmark ran on: processors, memory and the versions that shape its figures."""
from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from pathlib import Path

import sqlalchemy as sa


def machine_info(postgresql: str | None) -> dict:
    info = {"processors": os.cpu_count(), "CPU": _cpu_model(), "memory": _memory(),
            "Python": platform.python_version(), "SQLite": sqlite3.sqlite_version,
            "gunicorn": _version("gunicorn"), "wrk": _wrk_version()}
    if postgresql:
        try:
            engine = sa.create_engine(postgresql)
            with engine.connect() as connection:
                info["PostgreSQL"] = connection.execute(sa.text("SHOW server_version")).scalar_one()
            engine.dispose()
        except sa.exc.OperationalError:
            info["PostgreSQL"] = "unreachable"
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        return f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        return "unknown"


def _version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


def _wrk_version() -> str:
    from .wrk import ensure_wrk

    output = subprocess.run([ensure_wrk(), "-v"], capture_output=True, text=True)
    return (output.stdout or output.stderr).split("Copyright")[0].strip()
