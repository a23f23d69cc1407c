"""Signed reply-to addresses."""
from cc_desk import replyto

SETTINGS = {"cc.secret": "s" * 40, "cc.desk.reply_address": "Support@Example.com"}


def test_round_trip_and_shape():
    address = replyto.reply_address(SETTINGS, 123456, 789)
    local = address.split("@")[0]
    assert address.endswith("@Example.com") and local.startswith("Support+123456-789-")
    assert len(local) <= 64
    assert replyto.parse_reply_address(SETTINGS, address) == (123456, 789)
    # Mail servers may change the case of the address on the way.
    assert replyto.parse_reply_address(SETTINGS, f"<{address.upper()}>") == (123456, 789)


def test_forged_or_foreign_addresses_are_refused():
    address = replyto.reply_address(SETTINGS, 5, 6)
    token = address.split("+")[1].split("@")[0]
    assert replyto.parse_reply_address(SETTINGS, address.replace("5-6-", "5-7-")) is None
    assert replyto.parse_reply_address({**SETTINGS, "cc.secret": "t" * 40}, address) is None
    assert replyto.parse_reply_address(SETTINGS, f"support+{token}@elsewhere.example") is None
    assert replyto.parse_reply_address(SETTINGS, f"sales+{token}@example.com") is None
    assert replyto.parse_reply_address(SETTINGS, "support+5-6-zzzz@example.com") is None
    assert replyto.parse_reply_address(SETTINGS, "nonsense") is None


def test_the_sender_address_is_the_default_base():
    settings = {"cc.secret": "s" * 40, "mail.default_sender": "Customer Centre <help@example.org>"}
    address = replyto.reply_address(settings, 1, 2)
    assert address.startswith("help+1-2-") and address.endswith("@example.org")
    assert replyto.parse_reply_address(settings, address) == (1, 2)


def test_no_reply_address_without_any_address():
    assert replyto.reply_address({"cc.secret": "s" * 40}, 1, 2) is None
    assert replyto.parse_reply_address({"cc.secret": "s" * 40}, "support+1-2-00@example.com") is None
