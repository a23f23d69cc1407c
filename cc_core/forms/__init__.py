"""The stateless form pipeline every page with a form goes through.

A form is a :class:`Form` subclass: a colander schema, a template, and an
``apply`` method.  :func:`process_form` does the rest, the same way for
every plugin:

* ``GET`` renders the form with its initial values;
* ``POST`` verifies the signed hidden state and the one-time submission
  token, parses the fields with the schema, asks ``cc_validate_form``
  hooks, and on any error renders the form again with what was typed and a
  message by each field (status 200; passwords are never sent back);
* on success it calls ``apply``, records the submission token with where
  it led, and answers ``303 See Other``.  A second post with the same token (a double click, a
  reload, a replay) is not applied again: it is redirected to where the
  first one led.

Everything the round trip needs travels in the form itself: nothing is
kept on the server between the ``GET`` and the ``POST`` but the used
submission tokens.

Modules: :mod:`.base` (the :class:`Form` class), :mod:`.pipeline`
(:func:`process_form`, :func:`page_forms`), :mod:`.values` (post to
colander and back), :mod:`.binding` (schemas bound to the request),
:mod:`.signing`, :mod:`.submissions` (one-time tokens), :mod:`.uploads`
(checked files), :mod:`.kept_files` (files that survive a re-display).
"""
from .base import CSRF_FIELD, STATE_FIELD, TOKEN_FIELD, Form
from .pipeline import form_view, page_forms, process_form
from .signing import MAX_STATE_AGE, BadState, sign, unsign
from .uploads import MAX_FILENAME, FileUpload, KeptFile, UploadedFile, human_size, safe_filename
from .values import cstruct_from_post

__all__ = [
    "Form", "process_form", "form_view", "page_forms", "BadState", "sign", "unsign", "FileUpload", "UploadedFile", "KeptFile",
    "human_size", "safe_filename", "cstruct_from_post", "STATE_FIELD", "TOKEN_FIELD", "CSRF_FIELD",
    "MAX_STATE_AGE", "MAX_FILENAME",
]
