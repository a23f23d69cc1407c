"""The outbox: mail leaves from a thread of its own, so no request waits for the mail server."""
import threading
import time

from pyramid_mailer.message import Message

from cc_core.mail import Outbox, wait_for_outboxes


class SlowMailer:
    """A mail server that takes its time, and refuses one address."""

    def __init__(self, delay: float):
        self.delay = delay
        self.sent = []
        self.threads = set()

    def send_immediately(self, message):
        self.threads.add(threading.current_thread().name)
        time.sleep(self.delay)
        if "refused@example.com" in message.recipients:
            raise OSError("550 mailbox unavailable")
        self.sent.append(message.recipients[0])


def message(to):
    return Message(subject="Hello", sender="support@example.com", recipients=[to], body="Hi")


def test_handing_over_does_not_wait_for_the_server():
    mailer = SlowMailer(delay=0.3)
    outbox = Outbox(mailer)
    started = time.perf_counter()
    outbox.send_immediately(message("a@example.com"))
    assert time.perf_counter() - started < 0.1
    assert outbox.wait(timeout=5)
    assert mailer.sent == ["a@example.com"] and mailer.threads == {"cc-outbox"}


def test_a_refused_message_is_logged_and_the_next_one_still_goes(caplog):
    mailer = SlowMailer(delay=0)
    outbox = Outbox(mailer)
    for to in ("refused@example.com", "b@example.com"):
        outbox.send_immediately(message(to))
    wait_for_outboxes()
    assert mailer.sent == ["b@example.com"]
    assert "could not send mail 'Hello' to refused@example.com" in caplog.text


def test_wait_gives_up_after_its_timeout():
    outbox = Outbox(SlowMailer(delay=0.5))
    outbox.send_immediately(message("c@example.com"))
    assert outbox.wait(timeout=0.05) is False
    assert outbox.wait(timeout=5) is True
