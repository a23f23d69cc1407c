"""GET pages under load with Debian's ``wrk``, a C load generator.

``wrk`` costs far less CPU per request than any Python client, which
matters on a two-core machine where the load generator and the server
share the processors.  A small Lua script (``lua/paths.lua``) cycles
through a file of paths and reports its figures as JSON.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from .results import LoadResult

SCRIPT = Path(__file__).with_name("lua") / "paths.lua"


def ensure_wrk() -> str:
    """The path of ``wrk``, installing Debian's package when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    install = ["apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(install, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
        # A fresh machine may not have read the package lists yet.
        subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL, check=False)
        subprocess.run(install, stdout=subprocess.DEVNULL, check=False)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is not installed and could not be installed (apt-get install wrk)")
    return found


def run_wrk(base_url: str, paths: list[str], connections: int, duration: float,
            cookie: str | None = None) -> LoadResult:
    """GET ``paths`` in turn over ``connections`` connections for ``duration`` seconds."""
    wrk = ensure_wrk()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    try:
        command = [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s", "--timeout", "10s",
                   "-s", str(SCRIPT)]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        command += [base_url + paths[0], "--", listing.name]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    finally:
        Path(listing.name).unlink(missing_ok=True)
    figures = json.loads(output.strip().splitlines()[-1])
    errors = sum(figures[key] for key in ("connect", "read", "write", "status", "timeout"))
    seconds = figures["duration_us"] / 1e6
    return LoadResult(driver="wrk", connections=connections, seconds=seconds, requests=figures["requests"],
                      errors=errors, median_ms=figures["p50_us"] / 1000, p99_ms=figures["p99_us"] / 1000,
                      max_ms=figures["max_us"] / 1000, bytes=figures["bytes"])
