"""Import and export: round trips, idempotence, and refusals with reasons."""
import importlib.metadata
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from cc_faq.models import Article, Folder
from cc_faq.transfer.exporter import export_tree
from cc_faq.transfer.importer import import_csv, import_directory

pytestmark = pytest.mark.cc_plugins("faq")


class Quiet:
    """A progress bar that shows nothing (the real one writes to stderr)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def advance(self, count=1):
        pass


def snapshot(dbsession):
    dbsession.expire_all()
    return sorted(dbsession.execute(sa.select(
        Article.folder_id, Article.slug, Article.question, Article.answer, Article.visibility,
        Article.position, Article.access_level, Article.updated_at)).all())


def test_export_then_import_changes_nothing(dbsession, tmp_path):
    counts = export_tree(dbsession, str(tmp_path), Quiet())
    assert counts["articles"] == dbsession.scalar(sa.select(sa.func.count()).select_from(Article))
    assert (tmp_path / "account-and-login" / "_folder.md").exists()
    assert (tmp_path / "account-and-login" / "how-do-i-reset-my-password.md").read_text().startswith(
        "---\nquestion: How do I reset my password?\nvisibility: public\n")
    before = snapshot(dbsession)
    report = import_directory(dbsession, str(tmp_path), Quiet())
    assert (report.created, report.updated, report.refused) == (0, 0, [])
    assert report.unchanged == counts["folders"] + counts["articles"]
    assert snapshot(dbsession) == before
    # Exporting again writes nothing: the files are the same.
    assert export_tree(dbsession, str(tmp_path), Quiet())["written"] == 0


def test_import_of_an_edited_tree_updates_and_creates(dbsession, tmp_path):
    export_tree(dbsession, str(tmp_path), Quiet())
    path = tmp_path / "account-and-login" / "why-is-my-account-locked.md"
    path.write_text(path.read_text().replace("quarter of an hour", "few minutes"))
    (tmp_path / "account-and-login" / "new-one.md").write_text(
        "---\nquestion: A brand new question?\nvisibility: customers\n---\nThe **new** answer.\n")
    report = import_directory(dbsession, str(tmp_path), Quiet())
    assert (report.created, report.updated, report.refused) == (1, 1, [])
    article = dbsession.scalar(sa.select(Article).where(Article.slug == "new-one"))
    assert article.access_level == 1 and article.answer_text == "The new answer."
    assert import_directory(dbsession, str(tmp_path), Quiet()).updated == 0


def test_refused_files_are_reported_with_reasons(dbsession, tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    (good / "_folder.md").write_text("---\nname: Good\nvisibility: public\n---\n")
    (good / "no-front-matter.md").write_text("Just text\n")
    (good / "bad-visibility.md").write_text("---\nquestion: Q?\nvisibility: everyone\n---\nA\n")
    (good / "Bad Key.md").write_text("---\nquestion: Q?\nvisibility: public\n---\nA\n")
    (good / "empty-answer.md").write_text("---\nquestion: Q?\nvisibility: public\n---\n")
    (good / "latin1.md").write_bytes("---\nquestion: Blåbær?\nvisibility: public\n---\nA\n".encode("latin-1"))
    (good / "fine.md").write_text("---\nquestion: Fine?\nvisibility: public\nposition: 2\n---\nFine.\n")
    orphan = tmp_path / "no-meta"
    (orphan / "deeper").mkdir(parents=True)
    (orphan / "a.md").write_text("---\nquestion: Q?\nvisibility: public\n---\nA\n")
    (orphan / "deeper" / "b.md").write_text("---\nquestion: Q?\nvisibility: public\n---\nA\n")
    report = import_directory(dbsession, str(tmp_path), Quiet())
    reasons = dict(report.refused)
    assert report.created == 2  # the folder and fine.md
    assert "front matter" in reasons["good/no-front-matter.md"]
    assert "visibility must be one of" in reasons["good/bad-visibility.md"]
    assert "lower-case letters" in reasons["good/Bad Key.md"]
    assert "answer is empty" in reasons["good/empty-answer.md"]
    assert "utf-8" in reasons["good/latin1.md"].lower()
    assert "no _folder.md" in reasons["no-meta/_folder.md"]
    assert "2 file(s) below it skipped" in reasons["no-meta/"]
    lines = report.lines()
    assert lines[0].startswith("created 2, updated 0, unchanged 0, refused 7")


def test_csv_import_is_idempotent_and_reports_bad_rows(dbsession, tmp_path):
    path = tmp_path / "faq.csv"
    path.write_text(
        "folder,question,answer,visibility,slug\n"
        "Shipping / Returns,How do I return a parcel?,Use the **return label**.,public,\n"
        "Shipping / Returns,How long do refunds take?,About five days.,customers,refund-time\n"
        "Shipping,Where is my parcel?,Track it with the link in your e-mail.,public,\n"
        "Shipping / Returns,How do I return a parcel?,Duplicate.,public,\n"
        ",No folder?,x,public,\n"
        "Internal / Only,Staff question?,Staff answer.,internal,\n"
        "Shipping,Bad visibility?,x,secret,\n"
        "Shipping,Too many fields?,x,public,,extra\n", encoding="utf-8")
    first = import_csv(dbsession, str(path), Quiet())
    assert first.created == 4 + 4  # Shipping, Returns, Internal, Only and four articles
    reasons = dict(first.refused)
    assert "same article as line 2" in reasons["faq.csv line 5"]
    assert "folder is empty" in reasons["faq.csv line 6"]
    assert "visibility must be one of" in reasons["faq.csv line 8"]
    assert "more fields" in reasons["faq.csv line 9"]
    internal = dbsession.scalar(sa.select(Folder).where(Folder.name == "Internal"))
    assert internal.visibility == "internal"  # made for an internal article: never public by accident
    before = snapshot(dbsession)
    second = import_csv(dbsession, str(path), Quiet())
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)
    assert snapshot(dbsession) == before


def test_csv_without_the_needed_columns_is_refused_whole(dbsession, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("title,body\nA,B\n")
    report = import_csv(dbsession, str(path), Quiet())
    assert report.created == 0 and "lacks the column(s) folder, question, answer, visibility" in report.refused[0][1]


def test_a_refused_csv_row_leaves_no_half_made_folder(dbsession, tmp_path):
    path = tmp_path / "half.csv"
    path.write_text("folder,question,answer,visibility\nBrand new folder,Question?,,public\n")
    report = import_csv(dbsession, str(path), Quiet())
    assert report.created == 0 and report.refused
    assert dbsession.scalar(sa.select(Folder).where(Folder.name == "Brand new folder")) is None


# -- the command line, run as an installer runs it ---------------------------

@pytest.fixture
def ini(tmp_path):
    others = sorted(ep.name for ep in importlib.metadata.entry_points(group="cc.plugins") if ep.name != "faq")
    path = tmp_path / "site.ini"
    path.write_text(f"""[app:main]
use = egg:cc-core
sqlalchemy.url = sqlite:///{tmp_path}/cc.sqlite
cc.secret = cli-test-secret-0123456789abcdef0123456789
cc.plugins.disabled = {' '.join(others)}
mail.backend = files
mail.files_dir = {tmp_path}/mail
""")
    return str(path)


def cc(ini, *args, check=True):
    return subprocess.run([sys.executable, "-m", "cc_core.cli", "-c", ini, *args], capture_output=True, text=True,
                          check=check, cwd=os.path.dirname(ini))


def test_cc_cli_commands_faq_export_and_import(ini, tmp_path):
    cc(ini, "initdb", "--demo")
    out = cc(ini, "faq", "export", str(tmp_path / "export"))
    assert "exported 6 folders and 15 articles" in out.stdout
    assert "faq export" in out.stderr  # the progress bar
    again = cc(ini, "faq", "import", str(tmp_path / "export"))
    assert "created 0, updated 0, unchanged 21, refused 0" in again.stdout
    csv_path = tmp_path / "more.csv"
    csv_path.write_text("folder,question,answer,visibility\nNew,Q one?,A,public\nNew,Q two?,A,nobody\n")
    refused = cc(ini, "faq", "import", str(csv_path), check=False)
    assert refused.returncode == 1
    assert "created 2, updated 0, unchanged 0, refused 1" in refused.stdout
    assert "refused more.csv line 3: visibility must be one of" in refused.stdout
    missing = cc(ini, "faq", "import", str(tmp_path / "nope"), check=False)
    assert missing.returncode != 0 and "does not exist" in missing.stderr
