"""Query parameters of the API's lists, checked alike by every plugin's endpoints.

A page falls back to its defaults on a value it does not know (a URL
edited by hand should still show something); an integrator's program is
told instead, with a 422 naming each refused parameter, so a typo in a
filter never passes as "no filter".
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..i18n import _

#: The most items a page of any list may have.
MAX_LIMIT = 100


def parameter_errors(params, choices: Mapping[str, Sequence[str]] = {}, max_lengths: Mapping[str, int] = {},
                     max_limit: int = MAX_LIMIT) -> dict:
    """A message per refused parameter of ``params``: a value outside its ``choices``, text over its
    maximum length, or a ``limit`` that is not a number from 1 to ``max_limit``."""
    errors = {}
    for name, allowed in choices.items():
        if name in params and params[name] not in allowed:
            errors[name] = _("api-choice", default="Use one of: ${choices}.", mapping={"choices": ", ".join(allowed)})
    for name, most in max_lengths.items():
        if len(params.get(name, "")) > most:
            errors[name] = _("api-too-long", default="Send at most ${max} characters.", mapping={"max": most})
    limit = params.get("limit", "1")
    if not (limit.isascii() and limit.isdigit() and 1 <= int(limit[:4]) <= max_limit):
        errors["limit"] = _("api-limit", default="Give a number from 1 to ${max}.", mapping={"max": max_limit})
    return errors
