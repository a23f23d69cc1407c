"""``cc faq import DIR|FILE.csv``: add and update folders and articles.

Idempotent: folders are matched by their key under their parent, articles
by their key in their folder; a field is written only when it differs, so
a second run of the same import changes nothing (not even ``updated_at``).
An import never deletes.  Everything that cannot be imported is refused
with the file or row and the reason, and the rest is imported; each item
is applied in a savepoint so one bad item cannot spoil the others.

CSV rows name their folder as a path of folder names (``Billing /
Invoices``); folders missing from the portal are created with the
visibility of the first row that needs them, so a folder made for an
internal article is internal, never public by accident.
"""
from __future__ import annotations

import csv
import dataclasses
import os

from cc_core import api

from .. import service
from ..models import Article, Folder
from .formats import (CSV_COLUMNS, FOLDER_FILE, FOLDER_SEPARATOR, FormatError, parse_document,
                      parse_position)


@dataclasses.dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    def refuse(self, where: str, reason) -> None:
        self.refused.append((where, str(reason)))

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def lines(self) -> list[str]:
        out = [f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
               f"refused {len(self.refused)}"]
        out.extend(f"refused {where}: {reason}" for where, reason in self.refused)
        return out


class _Importer:
    def __init__(self, dbsession, report: ImportReport):
        self.dbsession = dbsession
        self.report = report

    def folder(self, parent: Folder | None, slug: str, name: str, visibility: str, description: str | None,
               position: int | None, update: bool = True) -> tuple[Folder, str]:
        existing = service.find_folder(self.dbsession, parent.id if parent else None, service.check_slug(slug))
        if existing is None:
            return service.create_folder(self.dbsession, name, parent=parent, visibility=visibility,
                                         description=description or "", slug=slug, position=position), "created"
        if not update:
            return existing, "unchanged"
        changed = service.update_folder(self.dbsession, existing, name=name, visibility=visibility,
                                        description=description, position=position)
        return existing, "updated" if changed else "unchanged"

    def article(self, folder: Folder, slug: str, question: str, answer: str, visibility: str,
                position: int | None) -> tuple[Article, str]:
        existing = service.find_article(self.dbsession, folder.id, service.check_slug(slug))
        if existing is None:
            return service.create_article(self.dbsession, folder, question, answer, visibility=visibility,
                                          slug=slug, position=position), "created"
        changed = service.update_article(self.dbsession, existing, question=question, answer=answer,
                                         visibility=visibility, position=position)
        return existing, "updated" if changed else "unchanged"

    def apply(self, where: str, action):
        """Run ``action`` in a savepoint; a refusal is reported, not raised."""
        try:
            with self.dbsession.begin_nested():
                result, outcome = action()
        except (service.FaqError, FormatError, UnicodeDecodeError, OSError) as exc:
            self.report.refuse(where, exc)
            return None
        self.report.count(outcome)
        return result


def _read(path: str) -> tuple[dict[str, str], str]:
    with open(path, encoding="utf-8") as handle:
        return parse_document(handle.read())


def import_directory(dbsession, root: str, progress=None) -> ImportReport:
    """Import a tree written by :mod:`.exporter` (or by hand, in that format)."""
    report = ImportReport()
    importer = _Importer(dbsession, report)
    total = sum(len([f for f in files if f.endswith(".md")]) for _dir, _dirs, files in os.walk(root))
    progress = progress or api.Progress("faq import", total)
    with progress:
        _import_dir(importer, root, root, None, progress)
    return report


def _import_dir(importer: _Importer, root: str, path: str, parent: Folder | None, progress) -> None:
    entries = sorted(os.listdir(path))
    for name in entries:
        full = os.path.join(path, name)
        if not os.path.isdir(full) or name.startswith("."):
            continue
        where = os.path.relpath(os.path.join(full, FOLDER_FILE), root)

        def load_folder(slug=name, meta_path=os.path.join(full, FOLDER_FILE)):
            if not os.path.exists(meta_path):
                raise FormatError(f"the folder has no {FOLDER_FILE} (name and visibility)")
            meta, body = _read(meta_path)
            return importer.folder(parent, slug, meta.get("name", ""), meta.get("visibility", ""), body,
                                   parse_position(meta.get("position")))

        folder = importer.apply(where, load_folder)
        has_meta = os.path.exists(os.path.join(full, FOLDER_FILE))
        if has_meta:
            progress.advance()
        if folder is None:
            below = sum(len([f for f in files if f.endswith(".md")]) for _d, _s, files in os.walk(full))
            skipped = below - has_meta
            if skipped:
                importer.report.refuse(os.path.relpath(full, root) + "/",
                                       f"{skipped} file(s) below it skipped because the folder was refused")
            progress.advance(skipped)
            continue
        for file_name in sorted(os.listdir(full)):
            file_path = os.path.join(full, file_name)
            if file_name == FOLDER_FILE or not file_name.endswith(".md") or not os.path.isfile(file_path):
                continue

            def load_article(slug=file_name[:-3], file_path=file_path):
                meta, body = _read(file_path)
                return importer.article(folder, slug, meta.get("question", ""), body, meta.get("visibility", ""),
                                        parse_position(meta.get("position")))

            importer.apply(os.path.relpath(file_path, root), load_article)
            progress.advance()
        _import_dir(importer, root, full, folder, progress)


def import_csv(dbsession, path: str, progress=None) -> ImportReport:
    """Import rows of ``folder,question,answer,visibility[,slug,position]``."""
    report = ImportReport()
    importer = _Importer(dbsession, report)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
        header = set(rows[0].keys()) if rows else set()
    missing = [column for column in CSV_COLUMNS if column not in header]
    if rows and missing:
        report.refuse(os.path.basename(path), f"the header lacks the column(s) {', '.join(missing)}")
        return report
    seen: dict[tuple[str, str], int] = {}
    progress = progress or api.Progress("faq import", len(rows))
    with progress:
        for number, row in enumerate(rows, start=2):  # line 1 is the header
            where = f"{os.path.basename(path)} line {number}"
            progress.advance()
            if None in row:
                report.refuse(where, "the row has more fields than the header")
                continue
            values = {key: (value or "").strip() for key, value in row.items()}
            folder_path = [part.strip() for part in values["folder"].split(FOLDER_SEPARATOR) if part.strip()]
            if not folder_path:
                report.refuse(where, "the folder is empty")
                continue
            slug = values.get("slug") or service.slugify(values["question"])
            key = ("/".join(service.slugify(part) for part in folder_path), slug)
            if key in seen:
                report.refuse(where, f"the same article as line {seen[key]} (key {slug!r} in that folder)")
                continue
            seen[key] = number

            new_folders: list[Folder] = []

            def load(values=values, folder_path=folder_path, slug=slug, new_folders=new_folders):
                service.check_visibility(values["visibility"])
                folder = _csv_folder(importer, folder_path, values["visibility"], new_folders)
                return importer.article(folder, slug, values["question"], values["answer"], values["visibility"],
                                        parse_position(values.get("position")))

            if importer.apply(where, load) is not None:
                # Folders made for a refused row were rolled back with it.
                report.created += len(new_folders)
    return report


def _csv_folder(importer: _Importer, names: list[str], visibility: str, created: list) -> Folder:
    folder = None
    for name in names:
        folder, outcome = importer.folder(folder, service.slugify(name), name, visibility, None, None,
                                          update=False)
        if outcome == "created":
            created.append(folder)
    return folder
