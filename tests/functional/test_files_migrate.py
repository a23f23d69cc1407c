"""``cc files migrate``: the demo data's attachments (the installed plugins') moved to S3 (a real SeaweedFS) and back."""
import hashlib
import io
import os
import subprocess
import sys

import pytest

from cc_core.storage import FolderStorage
from cc_core.storage_migrate import migrate
from cc_core.storage_s3 import S3Storage

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def write_ini(path, tmp_path, files_dir, s3: dict) -> str:
    lines = [f"sqlalchemy.url = sqlite:///{tmp_path}/cc.sqlite",
             "cc.secret = files-migrate-test-secret-0123456789abcdef",
             f"cc.files_dir = {files_dir}", "mail.backend = files", f"mail.files_dir = {tmp_path}/mail",
             *(f"{key} = {value}" for key, value in s3.items() if key != "cc.storage")]
    path.write_text("[app:main]\nuse = egg:cc-core\n" + "\n".join(lines) + "\n")
    return str(path)


def cc(ini, *args, check=True):
    return subprocess.run([sys.executable, "-m", "cc_core.cli", "-c", ini, *args], capture_output=True, text=True,
                          check=check, cwd=ROOT)


def file_hash(path) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


class InterruptedAfter:
    """The target storage, but Ctrl-C is pressed while the ``n``-th file is being stored."""

    def __init__(self, storage, n: int):
        self.storage, self.n, self.stores = storage, n, 0

    def __getattr__(self, name):
        return getattr(self.storage, name)

    def store(self, fileobj):
        self.stores += 1
        if self.stores == self.n:
            raise KeyboardInterrupt
        return self.storage.store(fileobj)


def test_the_demo_files_move_to_s3_interrupted_and_resumed_and_back(tmp_path, seaweedfs):
    s3 = seaweedfs.settings(prefix=seaweedfs.new_prefix())
    ini = write_ini(tmp_path / "site.ini", tmp_path, tmp_path / "files", s3)
    cc(ini, "initdb", "--demo")
    folder = FolderStorage(str(tmp_path / "files"))
    demo_keys = sorted(item.key for item in folder.keys())
    assert len(demo_keys) >= 3
    database = file_hash(tmp_path / "cc.sqlite")

    bucket = S3Storage.from_settings(s3)
    with pytest.raises(KeyboardInterrupt):
        migrate(folder, InterruptedAfter(bucket, 2))
    assert len(list(bucket.keys())) == 1

    out = cc(ini, "files", "migrate", "--to", "s3")
    assert f"{len(demo_keys) - 1} copied, 1 already there, 0 failed" in out.stdout
    assert "folder → s3" in out.stderr  # the progress bar
    client = seaweedfs.client()
    names = [item["Key"] for page in client.get_paginator("list_objects_v2").paginate(
        Bucket=seaweedfs.bucket, Prefix=s3["cc.storage.s3.prefix"]) for item in page.get("Contents", ())]
    assert sorted(names) == sorted(s3["cc.storage.s3.prefix"] + key for key in demo_keys)  # each once
    for key in demo_keys:
        body = client.get_object(Bucket=seaweedfs.bucket, Key=s3["cc.storage.s3.prefix"] + key)["Body"].read()
        assert hashlib.sha256(body).hexdigest() == key
    assert not client.list_multipart_uploads(Bucket=seaweedfs.bucket).get("Uploads")
    again = cc(ini, "files", "migrate", "--to", "s3")
    assert f"0 copied, {len(demo_keys)} already there, 0 failed" in again.stdout

    back = write_ini(tmp_path / "back.ini", tmp_path, tmp_path / "files-back", s3)
    out = cc(back, "files", "migrate", "--to", "folder")
    assert f"{len(demo_keys)} copied, 0 already there, 0 failed" in out.stdout
    returned = FolderStorage(str(tmp_path / "files-back"))
    assert sorted(item.key for item in returned.keys()) == demo_keys
    assert all(file_hash(returned.path(key)) == key for key in demo_keys)
    assert file_hash(tmp_path / "cc.sqlite") == database  # the database is untouched


def test_a_damaged_file_is_reported_and_not_counted(tmp_path, s3_settings):
    folder = FolderStorage(str(tmp_path / "files"))
    good = folder.store(io.BytesIO(b"intact")).key
    bad = folder.store(io.BytesIO(b"original")).key
    with open(folder.path(bad), "wb") as fh:
        fh.write(b"changed on disk")
    report = migrate(folder, S3Storage.from_settings(s3_settings))
    assert report.copied == 1 and [key for key, _reason in report.failed] == [bad]
    assert S3Storage.from_settings(s3_settings).exists(good)


def test_a_missing_bucket_stops_the_command_and_says_so(tmp_path, seaweedfs):
    ini = write_ini(tmp_path / "site.ini", tmp_path, tmp_path / "files", seaweedfs.settings("no-such-bucket"))
    out = cc(ini, "files", "migrate", "--to", "s3", check=False)
    assert out.returncode == 2
    assert "'no-such-bucket'" in out.stderr and "does not exist" in out.stderr and "Traceback" not in out.stderr
