"""docs/api.md's curl examples, run against the portal served over HTTP."""
import datetime as dt
import json
import os
import pathlib
import re
import shutil
import subprocess

import pytest
from sqlalchemy.orm import Session

from cc_core.api_v1.access_tokens import create_api_token
from cc_core.db import utcnow
from cc_core.testing import person_by_email

pytestmark = pytest.mark.cc_plugins("requests", "faq", "preferences")

DOC = pathlib.Path(__file__).parents[2] / "docs" / "api.md"


def shell_examples() -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", DOC.read_text(encoding="utf-8"), flags=re.M | re.S)


def test_the_doc_has_examples():
    assert len(shell_examples()) >= 5


def test_every_curl_example_in_the_docs_runs(live_server, tmp_path):
    assert shutil.which("curl"), "curl is needed (.ci/run installs it)"
    engine = live_server.app.registry["cc.db.engine"]
    with Session(engine) as dbsession:
        person = person_by_email(dbsession, "demo@example.com")
        _token, secret = create_api_token(dbsession, person, "docs", "read-write", utcnow() + dt.timedelta(days=1))
        dbsession.commit()
    env = {**os.environ, "CC": live_server.url.rstrip("/"), "TOKEN": secret}
    for example in shell_examples():
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", example], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, (example, done.stdout, done.stderr)
        # Every answer is a JSON object (several examples in a block print one after the other).
        decoder, text = json.JSONDecoder(), done.stdout.strip()
        while text:
            value, end = decoder.raw_decode(text)
            assert isinstance(value, dict)
            text = text[end:].strip()
