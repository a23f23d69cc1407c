"""Reading the ini file's values that the core and several of its modules share.

Kept apart from the modules that use them (plugin loading, languages) so
that none has to import another only for a helper.
"""
from __future__ import annotations


def parse_name_list(value) -> list[str]:
    """Split a settings value of names separated by white space or commas."""
    if not value:
        return []
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value]
    return [part for part in str(value).replace(",", " ").split() if part]
