"""An ini file for a portal process the tests or the benchmark start (``cc worker``, gunicorn, ``pserve``).

Such a process reads its settings from a file, as in production; this
writes the settings a test or benchmark built in memory, with logging to
standard error at ``WARNING`` so a failure shows in the process's output.
"""
from __future__ import annotations

from pathlib import Path

_LOGGING = """
[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = {level}
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
"""


def write_ini(path: str | Path, settings: dict, level: str = "WARNING", use: str = "egg:cc-core") -> Path:
    """Write ``settings`` as the ``[app:main]`` of the core's application at ``path``; returns the path.

    ``%`` in values is doubled: the ini reader interpolates it.  ``use`` names
    the application factory (the benchmark wraps the core's).
    """
    path = Path(path)
    lines = "".join(f"{key} = {str(value).replace('%', '%%')}\n"
                    for key, value in sorted(settings.items()) if key not in ("here", "__file__"))
    path.write_text(f"[app:main]\nuse = {use}\n" + lines + _LOGGING.format(level=level), encoding="utf-8")
    return path
