"""The failed-mail page: what was refused, to whom, with the server's answer.

Staff see a reset link or an answer notification that never arrived, and
can send it again once the cause is fixed (a mistyped address corrected,
a relay back up); the message queued again is the same one, with the same
Message-ID.
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from cc_core import api

from ..i18n import _


@view_config(route_name="desk.failed_mail", permission="staff", request_method="GET",
             renderer="cc_desk:templates/failed_mail/list.pt")
def failed_mail(request):
    rows = [{"id": job.id, "recipients": ", ".join(job.payload.get("recipients", [])),
             "subject": api.mail_subject(job.payload), "failed_at": job.finished_at,
             "attempts": job.attempts, "error": job.last_error}
            for job in api.failed_jobs(request.dbsession, name=api.MAIL_JOB)]
    return {"rows": rows}


@view_config(route_name="desk.failed_mail.retry", permission="staff", request_method="POST")
def retry(request):
    if api.retry_jobs(request.dbsession, [api.matched_id(request)]) != 1:
        raise HTTPNotFound()
    api.flash(request, _("The mail is queued to be sent again."))
    return HTTPSeeOther(request.route_path("desk.failed_mail"))
