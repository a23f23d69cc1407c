"""``cc upgrade`` started on several hosts at once: one migrates, the others wait and find nothing to do."""
import os
import re
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from cc_core.testing.database import TestDatabase as ScratchDatabase

ROOT = Path(__file__).resolve().parents[2]
HOSTS = 4


#: Prints the heads (comma-separated), then every revision, of the installed plugins' branches.
EXPECTED = """
from alembic.script import ScriptDirectory
from cc_core import migrate
from cc_core.plugins import build_plugin_manager
script = ScriptDirectory.from_config(migrate.alembic_config(build_plugin_manager({}), None))
print(",".join(sorted(script.get_heads())))
print(" ".join(revision.revision for revision in script.walk_revisions()))
"""


def test_concurrent_upgrades_migrate_once(tmp_path):
    database = ScratchDatabase(str(tmp_path), "upgrade_hosts")
    try:
        ini = tmp_path / "site.ini"
        ini.write_text(f"[app:main]\nuse = egg:cc-core\nsqlalchemy.url = {database.url}\n"
                       "cc.secret = upgrade-hosts-secret-0123456789abcdef012345\n"
                       f"mail.backend = files\nmail.files_dir = {tmp_path}/mail\n")
        processes = [subprocess.Popen([sys.executable, "-m", "cc_core.cli", "-c", str(ini), "upgrade"],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                      env=os.environ.copy())
                     for _ in range(HOSTS)]
        outputs = [process.communicate(timeout=240) for process in processes]
        for process, (out, err) in zip(processes, outputs):
            assert process.returncode == 0, err
        applied = [re.search(r"applied (\d+) migrations", out) for out, _err in outputs]
        migrated = [match for match in applied if match]
        assert len(migrated) == 1, [out for out, _err in outputs]
        assert sum("no migrations to apply" in out for out, _err in outputs) == HOSTS - 1

        # What the processes saw: every installed plugin's branch (the tests' own are not installed there).
        revisions = subprocess.run([sys.executable, "-c", EXPECTED], capture_output=True, text=True, check=True,
                                   cwd=ROOT).stdout.split()
        heads, everything = set(revisions[0].split(",")), revisions[1:]
        ran = migrated[0].group(0)
        # Every revision of every branch ran, once, in the one process that migrated.
        assert int(migrated[0].group(1)) == len(everything)
        listed = re.search(r"applied \d+ migrations: (.*)", "".join(out for out, _err in outputs)).group(1).split(", ")
        assert sorted(listed) == sorted(everything), ran
        engine = sa.create_engine(database.url)
        try:
            with engine.connect() as connection:
                versions = {row[0] for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")}
        finally:
            engine.dispose()
        assert versions == heads
        for out, _err in outputs:
            assert f"database upgraded to {', '.join(sorted(heads))}" in out
    finally:
        database.drop()
