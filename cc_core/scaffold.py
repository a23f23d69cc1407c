"""``cc new-plugin NAME``: write a complete plugin to start from.

The generated plugin works as written: it installs with pip, migrates its
own table, shows a page in the layout, has a navigation entry, a
Norwegian catalogue and a test suite that passes.  A newcomer changes a
working plugin instead of assembling one from the docs.

The files come from ``cc_core/scaffold_template/``.  Each ends in
``.tmpl`` (so nothing there is mistaken for code of cc-core) and may use
the placeholders of :class:`PluginNames` as ``{{name}}``; in paths,
``__package__`` and ``__name__`` stand for the package and the plugin
name, and a leading ``dot-`` for a dot.
"""
from __future__ import annotations

import dataclasses
import keyword
import re
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent / "scaffold_template"
TEMPLATE_SUFFIX = ".tmpl"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


class ScaffoldError(ValueError):
    """The plugin cannot be written (a bad name, or the folder exists)."""


@dataclasses.dataclass(frozen=True)
class PluginNames:
    """Every spelling of a plugin's name the generated files need."""

    name: str           # acme_invoices: entry point, table prefix, route names
    package: str        # cc_acme_invoices
    distribution: str   # cc-acme-invoices
    url_prefix: str     # /acme-invoices
    title: str          # Acme Invoices

    @classmethod
    def from_name(cls, name: str) -> "PluginNames":
        if not NAME_PATTERN.match(name or "") or keyword.iskeyword(name) or len(name) > 40:
            raise ScaffoldError(
                f"{name!r} is not a plugin name: use lower-case letters, digits and single underscores, "
                "starting with a letter (for example acme_invoices)")
        return cls(name=name, package=f"cc_{name}", distribution="cc-" + name.replace("_", "-"),
                   url_prefix="/" + name.replace("_", "-"), title=name.replace("_", " ").title())


def render(text: str, names: PluginNames) -> str:
    """Fill the ``{{placeholder}}``s; an unknown one is a bug in the template."""
    values = dataclasses.asdict(names)

    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"unknown placeholder {{{{{key}}}}} in the plugin template")
        return values[key]

    return _PLACEHOLDER.sub(replace, text)


def target_path(relative: Path, names: PluginNames) -> Path:
    parts = []
    for part in relative.parts:
        if part.endswith(TEMPLATE_SUFFIX):
            part = part[: -len(TEMPLATE_SUFFIX)]
        if part.startswith("dot-"):
            part = "." + part[len("dot-"):]
        parts.append(part.replace("__package__", names.package).replace("__name__", names.name))
    return Path(*parts)


def template_files() -> list[Path]:
    return sorted(path for path in TEMPLATE_DIR.rglob("*" + TEMPLATE_SUFFIX) if path.is_file())


def create_plugin(name: str, directory: str | Path = ".") -> Path:
    """Write the plugin ``name`` into ``directory/name`` and return that folder."""
    names = PluginNames.from_name(name)
    root = Path(directory).resolve() / name
    if root.exists():
        raise ScaffoldError(f"{root} exists already; choose another name or folder")
    files = [(source, root / target_path(source.relative_to(TEMPLATE_DIR), names)) for source in template_files()]
    if not files:  # pragma: no cover - a broken installation of cc-core
        raise ScaffoldError(f"no plugin template files in {TEMPLATE_DIR}")
    for source, target in files:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(source.read_text(encoding="utf-8"), names), encoding="utf-8")
    return root


def cmd_new_plugin(args, env=None) -> None:
    """The ``cc new-plugin`` command: needs no ini file and no database."""
    try:
        root = create_plugin(args.name, args.dir)
    except ScaffoldError as exc:
        raise SystemExit(f"cc: {exc}") from None
    names = PluginNames.from_name(args.name)
    print(f"plugin {names.name} written to {root}")
    print("next:")
    print(f"  pip install --config-settings editable_mode=compat -e {root}")
    print("  cc -c development.ini upgrade")
    print(f"  open {names.url_prefix} in the portal; run its tests with: pytest {root}")


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("new-plugin", help="write a new plugin package to start from")
    p.add_argument("name", help="the plugin's name, e.g. acme_invoices (lower case, underscores)")
    p.add_argument("--dir", default=".", help="folder to create the plugin's folder in (default: here)")
    p.set_defaults(func=cmd_new_plugin, needs_config=False)
