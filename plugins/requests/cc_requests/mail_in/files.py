"""Mail attachments through the web form's rules: the same size limit and allowed types.

Each attachment is checked by the reply form's own ``attachment`` field
(:func:`cc_requests.forms.attachment_node`), so a file the web refuses is
refused by mail too, with the same words; what passes is an
``api.UploadedFile`` for the service functions to store.
"""
from __future__ import annotations

import dataclasses

import colander

from ..forms import MAX_FILES, attachment_node
from ..i18n import _
from . import answers


@dataclasses.dataclass
class _Posted:
    """What a browser's file field hands the form: a name and a stream."""

    filename: str
    file: object


def checked_uploads(request, mail) -> tuple[list, list[str]]:
    """``(uploads, refusals)``: files that pass the rules, and a translated reason for each that does not."""
    field = attachment_node(request).children[0]
    uploads, refusals = [], []
    for attachment in mail.attachments:
        if len(uploads) >= MAX_FILES:
            refusals.append(request.localizer.translate(_(
                "mail-too-many-files", default="“${name}”: at most ${max} files are attached from one mail.",
                mapping={"name": attachment.filename, "max": MAX_FILES})))
            continue
        try:
            upload = field.deserialize(_Posted(attachment.filename, attachment.file))
        except colander.Invalid as exc:
            refusals.extend(request.localizer.translate(message) for message in exc.messages())
            continue
        if upload is not colander.null:
            uploads.append(upload)
    return uploads, refusals


def accepted_content(request, mail):
    """The mail's text, accepted files and refused ones; ``None`` once the sender is told nothing was posted.

    Both ways in (a reply, a new request) post only a message the web
    form would take: text or at least one file.
    """
    body = mail.text.strip()
    uploads, refusals = checked_uploads(request, mail)
    problem = answers.text_problem(body, uploads)
    if problem is not None:
        answers.not_posted(request, mail, problem)
        return None, f"refused: {problem.default[:30]}"
    return (body, uploads, refusals), None
