"""``cc mail fetch`` reads the IMAP mailbox once; ``cc mail ingest`` reads one message on standard input.

``ingest`` is for a mail server that pipes mail to a command (Postfix's
``pipe``, Exim's ``pipe`` transport, a ``.forward``).  Its exit status
follows ``sysexits.h``, which those servers understand: 0 handled (or a
duplicate, or ignored on purpose), 65 (``EX_DATAERR``) the message was
refused, with the reason on standard error (the server then bounces it),
75 (``EX_TEMPFAIL``) the database was unavailable (the server keeps the
message and tries again).
"""
from __future__ import annotations

import sys

EX_DATAERR = 65
EX_TEMPFAIL = 75


def _registry(env):
    from .. import make_app

    return make_app(env.settings, plugin_manager=env.plugin_manager).registry


def cmd_fetch(args, env) -> None:
    from .imap import MailboxError, fetch

    try:
        report = fetch(_registry(env), limit=args.limit)
    except MailboxError as exc:
        raise SystemExit(f"cc mail fetch: {exc}") from None
    print(f"{report.handled} handled ({report.duplicates} duplicates), {report.failed} failed")
    for reason in report.reasons:
        print(f"  failed: {reason}")


def cmd_ingest(args, env) -> None:
    from .ingest import ingest
    from .limits import max_bytes

    limit = max_bytes(env.settings)
    raw = sys.stdin.buffer.read(limit + 1)
    if len(raw) > limit:
        print(f"cc mail ingest: failed: the message is more than the limit of {limit} bytes", file=sys.stderr)
        raise SystemExit(EX_DATAERR)
    import sqlalchemy as sa

    try:
        outcome = ingest(_registry(env), raw, envelope_recipients=args.recipient or ())
    except sa.exc.OperationalError as exc:
        print(f"cc mail ingest: the database is unavailable, try again later: {exc}"[:500], file=sys.stderr)
        raise SystemExit(EX_TEMPFAIL) from None
    if outcome.failed:
        print(f"cc mail ingest: {outcome.text}", file=sys.stderr)
        raise SystemExit(EX_DATAERR)
    print(outcome.text)


def add_parsers(sub) -> None:
    p = sub.add_parser("mail", help="inbound mail: fetch the mailbox, or take one message on stdin")
    mail_sub = p.add_subparsers(dest="mail_command", required=True)
    f = mail_sub.add_parser("fetch", help="handle what waits in the IMAP folder (mail.inbound.imap.*)")
    f.add_argument("--limit", type=int, default=None, help="at most this many messages")
    f.set_defaults(func=cmd_fetch)
    i = mail_sub.add_parser("ingest", help="handle one RFC 5322 message read from standard input")
    i.add_argument("--recipient", action="append", help="the envelope recipient (repeatable; as the MTA knows it)")
    i.set_defaults(func=cmd_ingest)
