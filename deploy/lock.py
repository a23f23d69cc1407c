"""Refresh the lock files the installs use (``make lock``).

Every distribution the core, each plugin and the core's ``testing`` and
``production`` extras need is pinned, with the hashes of its files, in
``requirements.lock``; ``make install``, ``deploy/install.sh`` and the
Dockerfile install from it with ``--require-hashes``, so two installs of
one commit get the same bytes.  The project's own distributions (the core
and the plugins) are not on the package index: they are left out of the
resolution and installed from the checkout.

The declared requirements are read from the ``setup.cfg`` files, so the
lock cannot drift from them: ``tests/deploy/test_lock_complete.py`` fails
when one is declared that the lock lacks.
"""
from __future__ import annotations

import argparse
import configparser
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
#: What a production host installs: the core, the plugins and the ``production`` extra, no test tools.
PRODUCTION_LOCK = ROOT / "requirements-production.lock"
BENCH_IN = ROOT / "bench" / "requirements.txt"
BENCH_LOCK = ROOT / "bench" / "requirements.lock"
#: The core's extras a deployment or a test run installs.
EXTRAS = ("testing", "production")
#: The installers themselves, pinned too: ``make install`` upgrades them from the lock.
INSTALLERS = ("pip", "setuptools<82", "wheel")


def setup_files(root: Path = ROOT) -> list[Path]:
    """The core's ``setup.cfg`` and each plugin's."""
    return [root / "setup.cfg", *sorted(root.glob("plugins/*/setup.cfg"))]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip() and not line.strip().startswith("#")]


def project_names(root: Path = ROOT) -> set[str]:
    """The distributions built from this checkout (never looked up on the index)."""
    names = set()
    for path in setup_files(root):
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(path)
        names.add(canonical(parser.get("metadata", "name")))
    return names


def declared_requirements(root: Path = ROOT, extras=EXTRAS) -> list[str]:
    """Every requirement the setup.cfg files declare (with ``extras``), own distributions left out."""
    own = project_names(root)
    found: list[str] = []
    for path in setup_files(root):
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(path)
        lines = _lines(parser.get("options", "install_requires", fallback=""))
        if parser.has_section("options.extras_require"):
            for extra in extras:
                lines += _lines(parser.get("options.extras_require", extra, fallback=""))
        for line in lines:
            if requirement_name(line) not in own and line not in found:
                found.append(line)
    return found


def requirement_name(line: str) -> str:
    """The canonical distribution name of a requirement line (``psycopg[binary]>=3.1`` -> ``psycopg``)."""
    name = line
    for stop in "[<>=!~; @":
        name = name.split(stop, 1)[0]
    return canonical(name)


def canonical(name: str) -> str:
    """PEP 503's normalised name: what pip and the lock file compare."""
    import re

    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def locked_names(lock: Path = LOCK) -> set[str]:
    """The distributions a lock file pins (``name==version`` lines)."""
    names = set()
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and "==" in line and not line.startswith("#"):
            names.add(requirement_name(line))
    return names


def compile_lock(inputs: list[str], output: Path, tool_python: str) -> None:
    """Resolve ``inputs`` and write them pinned, with hashes, to ``output``."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / (output.stem + ".in")
        source.write_text("\n".join(inputs) + "\n", encoding="utf-8")
        command = [tool_python, "-m", "piptools", "compile", "--quiet", "--generate-hashes", "--allow-unsafe",
                   "--strip-extras", "--no-emit-index-url", "--no-emit-find-links", "--upgrade",
                   "--output-file", str(output), str(source)]
        env = {**os.environ, "CUSTOM_COMPILE_COMMAND": "make lock"}
        subprocess.run(command, check=True, env=env, cwd=ROOT)
    # The header names the temporary input; name the real sources instead.
    text = (output.read_text(encoding="utf-8").replace(str(source), "deploy/lock.py")
            .replace(str(LOCK), LOCK.name))
    output.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tool-python", default=sys.executable,
                        help="the Python that has pip-tools installed (make lock prepares one)")
    args = parser.parse_args(argv)
    compile_lock([*INSTALLERS, *declared_requirements()], LOCK, args.tool_python)
    print(f"wrote {LOCK.relative_to(ROOT)}")
    # Production: a subset, resolved within the main lock's versions, so
    # production runs exactly what the tests ran.
    compile_lock([f"-c {LOCK}", *INSTALLERS, *declared_requirements(extras=("production",))],
                 PRODUCTION_LOCK, args.tool_python)
    print(f"wrote {PRODUCTION_LOCK.relative_to(ROOT)}")
    bench = _lines(BENCH_IN.read_text(encoding="utf-8"))
    # The bench's tools go into the same virtualenv as the portal: resolved
    # within the main lock's versions, so installing them changes none.
    compile_lock([f"-c {LOCK}", *bench], BENCH_LOCK, args.tool_python)
    print(f"wrote {BENCH_LOCK.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
