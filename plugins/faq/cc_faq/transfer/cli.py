"""The ``cc faq`` sub-commands: ``import DIR|FILE.csv`` and ``export DIR``."""
from __future__ import annotations

import os
import sys

import transaction


def add_commands(subparsers) -> None:
    parser = subparsers.add_parser("faq", help="import and export FAQ folders and articles")
    commands = parser.add_subparsers(dest="faq_command", required=True)
    p = commands.add_parser("import", help="add or update folders and articles from a directory or a CSV file")
    p.add_argument("path", help="a directory written by 'cc faq export', or a CSV file "
                                "(folder,question,answer,visibility[,slug,position])")
    p.set_defaults(func=run_import)
    p = commands.add_parser("export", help="write every folder and article as Markdown files")
    p.add_argument("directory")
    p.set_defaults(func=run_export)


def run_import(args, env) -> None:
    from .importer import import_csv, import_directory

    path = args.path
    if not os.path.exists(path):
        raise SystemExit(f"cc faq import: {path} does not exist")
    with transaction.manager:
        dbsession = env.dbsession()
        if os.path.isdir(path):
            report = import_directory(dbsession, path)
        else:
            report = import_csv(dbsession, path)
    for line in report.lines():
        print(line)
    if report.refused:
        # Non-zero so that scripts notice; what could be imported was.
        raise SystemExit(1)


def run_export(args, env) -> None:
    from .exporter import export_tree

    directory = args.directory
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise SystemExit(f"cc faq export: {directory} is not a directory")
    os.makedirs(directory, exist_ok=True)
    with transaction.manager:
        counts = export_tree(env.dbsession(), directory)
    print(f"exported {counts['folders']} folders and {counts['articles']} articles to {directory} "
          f"({counts['written']} files written, the rest unchanged)", file=sys.stdout)
