"""An SMTP server on loopback that misbehaves on request, for testing delivery and retries.

The harness's own server (:class:`cc_core.testing.mail.SMTPServer`) accepts
everything.  This one can be down (nothing listens on its port), answer
a 4xx once or a few times, refuse with a 5xx, or hang in the middle of a
message, and it counts what it accepted by Message-ID, so a test can
assert that every mail arrived exactly once::

    server = FaultySMTPServer()
    server.start()
    server.answers = ["451 4.3.0 Try again later"]   # the next message only
    server.refuse = "550 5.1.1 No such mailbox"       # every message
    server.down()                                     # connections refused
    server.up()
"""
from __future__ import annotations

import asyncio
import collections
import email
import email.policy
import threading

from .ports import free_port


class FaultySMTPServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list = []
        #: Answers for the next messages, one each, before accepting again.
        self.answers: list[str] = []
        #: When set, every message is refused with this answer.
        self.refuse: str | None = None
        #: When set, DATA waits this many seconds, then answers 451 and keeps nothing.
        self.hang_seconds: float = 0.0
        #: Set while a DATA command hangs (a test waits for it to kill a worker mid-job).
        self.hanging = threading.Event()
        self._lock = threading.Lock()
        self._controller = None

    # -- what arrived ------------------------------------------------------

    def message_ids(self) -> collections.Counter:
        with self._lock:
            return collections.Counter(str(m["Message-ID"]) for m in self.messages)

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    # -- running -----------------------------------------------------------

    def _handler(self):
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                if outer.hang_seconds:
                    outer.hanging.set()
                    await asyncio.sleep(outer.hang_seconds)
                    return "451 4.3.0 Timed out"
                with outer._lock:
                    if outer.refuse:
                        return outer.refuse
                    if outer.answers:
                        return outer.answers.pop(0)
                    outer.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
                return "250 OK"

        return Handler()

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self._handler(), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    up = start
    down = stop
