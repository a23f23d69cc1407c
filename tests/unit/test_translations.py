"""Every message of the core and of every plugin has a Norwegian (nb) translation.

The messages are extracted afresh from the code and templates with lingva
(the same ``pot-create`` the catalogues are made with), so a string added
anywhere without a translation fails here, naming the package and the
message, even when nobody regenerated the ``.pot``.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "cc_core" / "locale" / "lingva.cfg"
LANGUAGES = ("nb",)
PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


def packages() -> list[tuple[str, Path]]:
    """(translation domain, package folder) of the core and of each plugin under plugins/."""
    found = [("cc_core", ROOT / "cc_core")]
    for setup in sorted(ROOT.glob("plugins/*/setup.cfg")):
        found.extend((pkg.name, pkg) for pkg in sorted(setup.parent.glob("cc_*/")) if (pkg / "__init__.py").exists())
    return found


def default_text(message) -> str:
    """The English text of a message: its ``Default:`` comment (which may wrap), else the msgid."""
    comments = list(message.auto_comments)
    for index, comment in enumerate(comments):
        if comment.startswith("Default: "):
            return " ".join([comment[len("Default: "):], *comments[index + 1:]])
    return message.id


def extract(domain: str, folder: Path, tmp_path) -> dict:
    """msgid -> default text of every message of ``domain`` in ``folder``."""
    pot = tmp_path / f"{domain}.pot"
    pot_create = Path(sys.executable).with_name("pot-create")
    subprocess.run([str(pot_create), "-q", "-c", str(CONFIG), "-d", domain, "-o", str(pot), "--allow-empty",
                    str(folder)], check=True, cwd=ROOT)
    with pot.open("rb") as fh:
        catalog = read_po(fh)
    messages = {}
    for message in catalog:
        if message.id:
            messages[message.id] = default_text(message)
    return messages


def read_catalogue(path: Path):
    with path.open("rb") as fh:
        return read_po(fh)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("domain", "folder"), packages(), ids=[name for name, _ in packages()])
def test_every_message_is_translated(domain, folder, language, tmp_path):
    messages = extract(domain, folder, tmp_path)
    po_path = folder / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    if not messages:
        return
    assert po_path.exists(), f"{domain} has {len(messages)} messages but no {language} catalogue at {po_path}"
    catalogue = read_catalogue(po_path)
    assert not catalogue.fuzzy, f"{po_path} is marked fuzzy as a whole, so it would not be compiled"
    missing = [msgid for msgid in messages
               if not (catalogue.get(msgid) and catalogue.get(msgid).string and not catalogue.get(msgid).fuzzy)]
    assert not missing, f"{po_path} lacks {len(missing)} of {len(messages)} translations: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("domain", "folder"), packages(), ids=[name for name, _ in packages()])
def test_translations_keep_the_placeholders(domain, folder, language):
    po_path = folder / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    if not po_path.exists():
        pytest.skip(f"no {language} catalogue for {domain}")
    wrong = []
    for message in read_catalogue(po_path):
        if not message.id or not message.string:
            continue
        expected = set(PLACEHOLDER.findall(default_text(message)))
        if set(PLACEHOLDER.findall(message.string)) != expected:
            wrong.append(message.id)
    assert not wrong, f"{po_path}: translations whose ${{placeholders}} differ from the original: {wrong}"


def test_compiled_catalogues_are_not_committed():
    tracked = subprocess.run(["git", "ls-files", "*.mo"], cwd=ROOT, capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    assert tracked.stdout.strip() == "", "compiled .mo files belong to the build (make catalogs), not to git"


def test_the_catalogues_are_part_of_the_build():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^catalogs:", makefile, re.M) and "$(MAKE) catalogs" in makefile
    assert os.path.exists(CONFIG)
