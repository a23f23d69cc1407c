"""The catalogues: the template lists every message, Norwegian translates each, and it shows."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages import pofile

import cc_desk

pytestmark = pytest.mark.cc_plugins("desk", "requests")
PACKAGE = Path(cc_desk.__file__).resolve().parent
LOCALE = PACKAGE / "locale"
POT = LOCALE / "cc_desk.pot"
NB = LOCALE / "nb" / "LC_MESSAGES" / "cc_desk.po"
PLACEHOLDER = re.compile(r"\$\{\w+\}")


def read(path):
    with open(path, "rb") as fh:
        return pofile.read_po(fh)


def ids(catalog) -> set[str]:
    return {message.id for message in catalog if message.id}


def test_the_template_lists_every_message_of_the_sources(tmp_path):
    fresh = tmp_path / "fresh.pot"
    subprocess.run([str(Path(sys.executable).with_name("pot-create")), "-q", "-d", "cc_desk", "-o", str(fresh),
                    str(PACKAGE)], check=True, capture_output=True)
    assert ids(read(fresh)) == ids(read(POT)), "re-extract the .pot (see the README)"


def test_norwegian_translates_every_message():
    nb = read(NB)
    assert ids(nb) == ids(read(POT))
    for message in nb:
        if not message.id:
            continue
        assert message.string, f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        default = " ".join(c for c in message.auto_comments if not c.startswith(("Used in", "Canonical")))
        expected = set(PLACEHOLDER.findall(message.id)) | set(PLACEHOLDER.findall(default))
        assert set(PLACEHOLDER.findall(message.string)) == expected, message.id
