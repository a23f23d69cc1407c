"""The run's own bookkeeping: the phase table, reusing a seeded set, and what ``--quick`` sets.

Run with ``.venv/bin/pytest bench/tests``.
"""
import json
import subprocess
from pathlib import Path

import pytest

from bench import data, run
from bench.phases import Phases


class FakeClock:
    """A clock and a CPU meter the test advances by hand."""

    def __init__(self):
        self.now, self.own, self.children = 100.0, 10.0, 5.0

    def clock(self):
        return self.now

    def cpu(self):
        return self.own, self.children

    def spend(self, wall, own=0.0, children=0.0):
        self.now += wall
        self.own += own
        self.children += children


def test_each_phase_records_its_wall_and_cpu_time_and_the_table_ends_with_the_whole_run():
    fake = FakeClock()
    phases = Phases(clock=fake.clock, cpu=fake.cpu)
    with phases.phase("seed"):
        fake.spend(30.0, own=1.0, children=25.0)
    fake.spend(2.0, own=0.5)
    with phases.phase("loads"):
        fake.spend(60.0, own=4.0, children=10.0)
    assert [(p.name, p.wall_s, p.cpu_s, p.children_cpu_s) for p in phases.phases] == [
        ("seed", 30.0, 1.0, 25.0), ("loads", 60.0, 4.0, 10.0)]
    table = phases.table()
    assert "| seed | 30.0 | 1.0 | 25.0 |" in table
    assert "| loads | 60.0 | 4.0 | 10.0 |" in table
    # The whole run counts the time between phases too.
    assert "| **whole run** | 92.0 | 5.5 | 35.0 |" in table
    assert table.index("| seed |") < table.index("| loads |") < table.index("whole run")
    assert [entry["name"] for entry in phases.as_json()] == ["seed", "loads", "whole run"]


def test_a_failing_phase_is_recorded_and_its_error_goes_on():
    fake = FakeClock()
    phases = Phases(clock=fake.clock, cpu=fake.cpu)
    with pytest.raises(RuntimeError), phases.phase("portal loaded"):
        fake.spend(3.0)
        raise RuntimeError("gunicorn exited")
    assert [(p.name, p.wall_s) for p in phases.phases] == [("portal loaded", 3.0)]


def test_the_seed_fingerprint_changes_with_what_decides_the_rows():
    base = data.seed_fingerprint(0.01, ["faq==1.0", "requests==1.0"], {"requests": 10_000})
    assert base == data.seed_fingerprint(0.01, ["faq==1.0", "requests==1.0"], {"requests": 10_000})
    assert base != data.seed_fingerprint(0.02, ["faq==1.0", "requests==1.0"], {"requests": 10_000})
    assert base != data.seed_fingerprint(0.01, ["faq==1.1", "requests==1.0"], {"requests": 10_000})
    assert base != data.seed_fingerprint(0.01, ["faq==1.0"], {"requests": 10_000})
    assert base != data.seed_fingerprint(0.01, ["faq==1.0", "requests==1.0"], {"requests": 20_000})


def test_the_migrations_fingerprint_changes_when_a_migration_is_added_or_edited(tmp_path):
    (tmp_path / "0001_base.py").write_text("revision = '1'\n")
    before = data.migrations_fingerprint([str(tmp_path)])
    assert before == data.migrations_fingerprint([str(tmp_path)])
    (tmp_path / "0001_base.py").write_text("revision = '1'  # edited\n")
    edited = data.migrations_fingerprint([str(tmp_path)])
    assert edited != before
    (tmp_path / "0002_more.py").write_text("revision = '2'\n")
    assert data.migrations_fingerprint([str(tmp_path)]) not in (before, edited)


def test_a_stamp_is_reused_only_for_the_same_fingerprint_and_database():
    stamp = {"fingerprint": "abc", "url": "sqlite:///a.sqlite", "migrations": "m1", "seconds": 3.0}
    assert data.reusable(stamp, "abc", "sqlite:///a.sqlite")
    assert not data.reusable(stamp, "abd", "sqlite:///a.sqlite")
    assert not data.reusable(stamp, "abc", "sqlite:///b.sqlite")
    assert not data.reusable(None, "abc", "sqlite:///a.sqlite")
    # A stamp of the former kind, without a fingerprint, is seeded again.
    assert not data.reusable({"scale": 0.01, "plugins": [], "seconds": 1.0}, "abc", "sqlite:///a.sqlite")
    assert not data.needs_upgrade(stamp, "m1")
    assert data.needs_upgrade(stamp, "m2")


@pytest.fixture
def fake_cc(tmp_path, monkeypatch):
    """``data.prepare`` with its work folder in ``tmp_path`` and ``cc`` replaced by a recorder."""
    calls = []
    fingerprints = {"seed": "seed-1", "migrations": "migrations-1"}

    def fake_run(command, **kwargs):
        calls.append(command[3])
        if command[3] == "seed":
            ini = Path(command[2]).read_text().splitlines()
            url = next(line for line in ini if line.startswith("sqlalchemy.url"))
            Path(url.split("sqlite:///", 1)[1]).touch()
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(data, "WORK", tmp_path / "bench")
    monkeypatch.setattr(data.subprocess, "run", fake_run)
    monkeypatch.setattr(data, "fingerprints", lambda scale: (fingerprints["seed"], fingerprints["migrations"]))
    return calls, fingerprints


def test_a_set_is_seeded_once_then_reused_and_upgraded_only_when_migrations_change(fake_cc, tmp_path):
    calls, fingerprints = fake_cc
    first = data.prepare("sqlite", 0.01)
    assert calls == ["seed"] and not first.reused
    stamp = json.loads((tmp_path / "bench" / "sqlite-0_01.json").read_text())
    assert (stamp["fingerprint"], stamp["migrations"]) == ("seed-1", "migrations-1")

    second = data.prepare("sqlite", 0.01)
    assert calls == ["seed"], "a matching set starts no process at all"
    assert second.reused and second.url == first.url and second.seed_seconds == first.seed_seconds

    fingerprints["migrations"] = "migrations-2"
    data.prepare("sqlite", 0.01)
    data.prepare("sqlite", 0.01)
    assert calls == ["seed", "upgrade"], "new migrations are applied once"

    fingerprints["seed"] = "seed-2"
    assert not data.prepare("sqlite", 0.01).reused
    assert calls == ["seed", "upgrade", "seed"]

    assert not data.prepare("sqlite", 0.01, reseed=True).reused
    assert calls[-1] == "seed"


def test_a_database_prefix_gives_a_set_of_its_own(fake_cc):
    calls, _ = fake_cc
    default = data.prepare("sqlite", 0.01)
    mine = data.prepare("sqlite", 0.01, prefix="mine")
    assert calls == ["seed", "seed"]
    assert default.url != mine.url and default.work != mine.work
    assert "mine" in mine.url
    assert data.prepare("sqlite", 0.01, prefix="mine").reused and data.prepare("sqlite", 0.01).reused
    assert calls == ["seed", "seed"]


def test_quick_sets_short_loads_one_cold_start_and_no_profile_unless_told_otherwise():
    args = run.parse_args(["--quick", "--scale", "0.01"])
    for option, value in run.QUICK.items():
        assert getattr(args, option) == value, option
    assert (args.coldstarts, args.profile, args.floor_once) == (1, False, True)
    args = run.parse_args(["--quick", "--scale", "0.01", "--coldstarts", "3", "--profile", "--requests=200"])
    assert (args.coldstarts, args.profile, args.requests) == (3, True, 200)
    full = run.parse_args(["--scale", "0.01"])
    assert (full.duration, full.warmup, full.requests, full.coldstarts, full.profile, full.probe, full.floor_once) == (
        10.0, 2.0, 200, 3, True, 0, False)
    assert full.database_prefix == data.DEFAULT_PREFIX
    assert not run.parse_args(["--scale", "0.01", "--no-profile"]).profile


def test_the_full_bench_keeps_twenty_untimed_requests_and_fewer_requests_keep_a_few():
    assert run.warmup_for(200) == run.warmup_for(100) == 20
    assert run.warmup_for(40) == 8
    assert run.warmup_for(10) == 5


def test_a_floor_is_shared_only_by_databases_whose_pages_are_alike():
    floors = [{"page_bytes": 10_000, "wrk": {}, "python": {}}]
    assert run.shared_floor(floors, 10_900) is floors[0]
    assert run.shared_floor(floors, 9_100) is floors[0]
    assert run.shared_floor(floors, 11_200) is None
    assert run.shared_floor([], 10_000) is None


@pytest.mark.parametrize("prefix", ["Bench", "x; DROP", "1abc", ""])
def test_a_database_prefix_must_be_safe_in_a_name(prefix):
    with pytest.raises(SystemExit):
        run.parse_args(["--scale", "0.01", "--database-prefix", prefix])
