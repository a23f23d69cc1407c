"""Every dependency the setup.cfg files declare is pinned, with hashes, in the lock files."""
import importlib.util
import re
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("cc_lock_script", ROOT / "deploy" / "lock.py")
lock_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lock_script)


def pins(path: Path) -> dict[str, tuple[Version, int]]:
    """``{name: (version, number of hashes)}`` of a lock file."""
    found = {}
    for block in re.split(r"\n(?=\S)", path.read_text(encoding="utf-8")):
        match = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", block)
        if match:
            found[lock_script.canonical(match[1])] = (Version(match[2]), block.count("--hash=sha256:"))
    return found


def unpinned(requirements, lock: Path) -> list[str]:
    pinned = pins(lock)
    missing = []
    for line in requirements:
        requirement = Requirement(line)
        name = lock_script.canonical(requirement.name)
        if name not in pinned:
            missing.append(f"{line} (not in the lock)")
        elif not requirement.specifier.contains(pinned[name][0], prereleases=True):
            missing.append(f"{line} (locked at {pinned[name][0]})")
    return missing


def test_every_declared_dependency_is_in_the_lock():
    declared = lock_script.declared_requirements()
    assert "pyramid>=2.0,<3" in declared and "markdown>=3.5" in declared and "gunicorn>=22" in declared
    assert not any(lock_script.requirement_name(line) in {"cc-core", "cc-requests"} for line in declared)
    missing = unpinned(declared + list(lock_script.INSTALLERS), lock_script.LOCK)
    assert not missing, f"requirements.lock lacks {', '.join(missing)}: run `make lock` and commit the lock"


def test_production_needs_are_in_the_production_lock_at_the_main_locks_versions():
    declared = lock_script.declared_requirements(extras=("production",))
    missing = unpinned(declared + list(lock_script.INSTALLERS), lock_script.PRODUCTION_LOCK)
    assert not missing, f"requirements-production.lock lacks {', '.join(missing)}: run `make lock`"
    main, production = pins(lock_script.LOCK), pins(lock_script.PRODUCTION_LOCK)
    assert "pytest" not in production and "playwright" not in production  # no test tools in production
    drift = {name: (pin[0], main.get(name, (None,))[0]) for name, pin in production.items()
             if main.get(name, (None,))[0] != pin[0]}
    assert not drift, f"the production lock differs from the main one: {drift}; run `make lock`"


def test_every_pin_has_hashes():
    for lock in (lock_script.LOCK, lock_script.PRODUCTION_LOCK, lock_script.BENCH_LOCK):
        pinned = pins(lock)
        assert pinned, lock
        assert all(count >= 1 for _version, count in pinned.values()), lock
    assert "pyinstrument" in pins(lock_script.BENCH_LOCK)


def test_the_check_names_a_missing_dependency(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("pyramid==2.1 \\\n    --hash=sha256:00\n")
    assert unpinned(["pyramid>=2.0,<3", "newthing>=1"], lock) == ["newthing>=1 (not in the lock)"]
    assert unpinned(["pyramid>=3"], lock) == ["pyramid>=3 (locked at 2.1)"]


def test_make_install_installs_from_the_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in makefile
    assert "--no-deps --no-build-isolation" in makefile and "pip check" in makefile
