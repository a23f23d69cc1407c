"""Checks every plugin's suite wants, each returning what is wrong as a list a test asserts is empty.

Its migration branch builds what its models describe, and its catalogues
are current and complete.
"""
from __future__ import annotations

import re


def schema_differences(connection, table_prefix: str) -> list[tuple[str, str, str]]:
    """How the migrated database differs from the models, for tables named ``table_prefix...``.

    Each difference is ``(kind, table, name)`` as Alembic's comparison
    reports it (``add_index``, ``modify_type``, ...); a plugin's test asserts
    the list is empty, so a model changed without a migration fails.
    """
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from .. import models  # noqa: F401  (the core's tables must be in the metadata even before any app is built)
    from ..db import Base

    context = MigrationContext.configure(connection, opts={"compare_type": True})
    found = []
    for diff in compare_metadata(context, Base.metadata):
        kind, table, name = _describe_difference(diff[0] if isinstance(diff, list) else diff)
        if table.startswith(table_prefix):
            found.append((kind, table, name))
    return found


def _describe_difference(diff) -> tuple[str, str, str]:
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        return kind, diff[1].name, diff[1].name
    if kind in ("add_column", "remove_column"):
        return kind, diff[2], diff[3].name
    if kind.startswith("modify_"):
        return kind, diff[2], diff[3]
    return kind, diff[1].table.name, diff[1].name or ""  # indexes, constraints, foreign keys


_PLACEHOLDER = re.compile(r"\$\{\w+\}")


def catalogue_problems(package_dir, domain: str, language: str = "nb") -> list[str]:
    """What is wrong with a package's translations, as sentences (empty when nothing is).

    The messages are extracted afresh from the package's code and templates
    (lingva's ``pot-create``, as the catalogues are made): the ``.pot`` must
    list exactly those, the ``language`` catalogue must translate each one,
    none fuzzy, keeping every ``${placeholder}``.
    """
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from babel.messages.pofile import read_po

    package_dir = Path(package_dir)
    locale = package_dir / "locale"
    with tempfile.TemporaryDirectory() as scratch:
        fresh_path = Path(scratch) / f"{domain}.pot"
        subprocess.run([str(Path(sys.executable).with_name("pot-create")), "-q", "-d", domain, "-o",
                        str(fresh_path), "--allow-empty", str(package_dir)], check=True, capture_output=True)
        with fresh_path.open("rb") as fh:
            fresh = {message.id for message in read_po(fh) if message.id}
    problems = []
    with (locale / f"{domain}.pot").open("rb") as fh:
        template = {message.id for message in read_po(fh) if message.id}
    if template != fresh:
        problems.append(f"{domain}.pot is out of date: missing {sorted(fresh - template)}, "
                        f"stale {sorted(template - fresh)}")
    with (locale / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
        catalogue = read_po(fh)
    translated = {message.id for message in catalogue if message.id}
    if translated != fresh:
        problems.append(f"{language}: missing {sorted(fresh - translated)}, stale {sorted(translated - fresh)}")
    for message in catalogue:
        if not message.id:
            continue
        if not message.string:
            problems.append(f"{language}: untranslated {message.id!r}")
        elif message.fuzzy:
            problems.append(f"{language}: fuzzy {message.id!r}")
        else:
            default = " ".join(c for c in message.auto_comments if not c.startswith(("Used in", "Canonical")))
            expected = set(_PLACEHOLDER.findall(message.id)) | set(_PLACEHOLDER.findall(default))
            if set(_PLACEHOLDER.findall(message.string)) != expected:
                problems.append(f"{language}: placeholders of {message.id!r} differ in {message.string!r}")
    return problems

