"""The run's SMTP server (aiosmtpd on loopback) and what a test reads from it.

Mail is sent for real, over SMTP, so a test sees what a relay would get.
``faulty_smtp`` is a second server that misbehaves on request
(:mod:`.faulty_smtp`), for delivery and retry tests.
"""
from __future__ import annotations

import email
import email.policy
import re
import threading
import time

import pytest

from .faulty_smtp import FaultySMTPServer
from .ports import free_port


class SMTPServer:
    """A real SMTP server on loopback that keeps what it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                message = email.message_from_bytes(envelope.content, policy=email.policy.default)
                with outer._lock:
                    outer.messages.append(message)
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()


class Mailbox:
    """The messages that reached the SMTP server during one test."""

    def __init__(self, server: SMTPServer):
        self.server = server
        self.start = len(server.messages)

    @property
    def messages(self):
        return self.server.messages[self.start:]

    def wait_for(self, count: int = 1, timeout: float = 5.0):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages

    def to(self, address: str):
        return [m for m in self.messages if address in str(m["To"])]

    @staticmethod
    def text(message) -> str:
        part = message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @staticmethod
    def links(message) -> list[str]:
        return re.findall(r"https?://[^\s<>\"]+", Mailbox.text(message))



@pytest.fixture(scope="session")
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(smtp_server):
    return Mailbox(smtp_server)



@pytest.fixture
def faulty_smtp():
    server = FaultySMTPServer()
    server.start()
    yield server
    server.stop()
