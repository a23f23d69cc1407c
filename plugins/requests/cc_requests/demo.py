"""Demonstration data: categories, priorities and requests in every state.

``demo@example.com`` has requests open, waiting for them, closed (rated
and not), and reopened; ``colleague@example.com`` (same company, no
company access) and ``other@example.net`` (another company) have their
own, so the isolation between them can be seen.  Threads mix answers
from ``agent@example.com`` with internal notes customers never see, and
some messages carry files kept in the storage.
"""
from __future__ import annotations

import datetime as dt
import io
import struct
import zlib

import sqlalchemy as sa

from cc_core import api

from . import search
from .models import Attachment, Category, Message, Priority, Request
from .statuses import CLOSED, OPEN, WAITING

BILLING_FIELDS = [
    {"name": "invoice", "type": "text", "required": True,
     "label": {"en": "Invoice number", "nb": "Fakturanummer"},
     "description": {"en": "As printed at the top of the invoice.", "nb": "Slik det står øverst på fakturaen."}},
    {"name": "amount", "type": "number", "label": {"en": "Amount in question", "nb": "Beløpet det gjelder"}},
]
TECHNICAL_FIELDS = [
    {"name": "product", "type": "choice", "required": True, "label": {"en": "Product", "nb": "Produkt"},
     "choices": [{"value": "webshop", "label": {"en": "Web shop", "nb": "Nettbutikk"}},
                 {"value": "app", "label": {"en": "Mobile app", "nb": "Mobilapp"}},
                 {"value": "api", "label": {"en": "API", "nb": "API"}}]},
    {"name": "occurred_on", "type": "date", "label": {"en": "When did it start?", "nb": "Når startet det?"}},
    {"name": "production_down", "type": "yesno", "required": True,
     "label": {"en": "Is your production stopped?", "nb": "Står produksjonen deres?"}},
]


def tiny_png(width: int = 24, height: int = 16) -> bytes:
    """A small striped PNG, made here so the demo needs no binary files."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"".join(bytes((30, 90 + 8 * (y % 4), 160)) for _x in range(width))
                    for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def vocabularies(dbsession) -> tuple[dict, dict]:
    categories = {
        "general": Category(name="General question", names={"nb": "Generelt spørsmål"}, position=10),
        "billing": Category(name="Billing", names={"nb": "Faktura"}, position=20, fields=BILLING_FIELDS),
        "technical": Category(name="Technical problem", names={"nb": "Teknisk problem"}, position=30,
                              fields=TECHNICAL_FIELDS),
        "account": Category(name="Account and access", names={"nb": "Konto og tilgang"}, position=50),
        "legacy": Category(name="Discontinued products", names={"nb": "Utgåtte produkter"}, position=60,
                           active=False),
    }
    dbsession.add_all(categories.values())
    dbsession.flush()
    categories["integrations"] = Category(name="Integrations", names={"nb": "Integrasjoner"}, position=40,
                                          parent_id=categories["technical"].id)
    priorities = {
        "low": Priority(name="Low", names={"nb": "Lav"}, rank=10),
        "normal": Priority(name="Normal", names={"nb": "Normal"}, rank=20, is_default=True),
        "high": Priority(name="High", names={"nb": "Høy"}, rank=30),
        "urgent": Priority(name="Urgent", names={"nb": "Kritisk"}, rank=40, customer_selectable=False),
    }
    dbsession.add_all([categories["integrations"], *priorities.values()])
    dbsession.flush()
    return categories, priorities


class _Builder:
    def __init__(self, dbsession, storage, people):
        self.dbsession, self.storage, self.people = dbsession, storage, people
        self.now = api.utcnow()

    def ago(self, days: float) -> dt.datetime:
        return self.now - dt.timedelta(days=days)

    def request(self, owner, title, category, priority, status, days, thread, custom=None, rating=None):
        person = self.people[owner]
        created = self.ago(days)
        req = Request(owner=person, company_id=person.company_id, title=title, category=category,
                      priority=priority, status=status, custom_values=custom or {}, created_at=created,
                      updated_at=created)
        self.dbsession.add(req)
        self.dbsession.flush()
        document = search.normalise(title)
        for offset, (author, body, external, files) in enumerate(thread):
            at = created + dt.timedelta(hours=5 * offset)
            message = Message(request_id=req.id, author=self.people[author], body=body, is_external=external,
                              created_at=at)
            self.dbsession.add(message)
            self.dbsession.flush()
            for name, content_type, content in files:
                kept = self.storage.store(io.BytesIO(content))
                self.dbsession.add(Attachment(message_id=message.id, request_id=req.id, filename=name,
                                              content_type=content_type, size=kept.size, sha256=kept.key,
                                              storage_key=kept.key, created_at=at))
            if external:
                document = search.append(document, body)
                req.updated_at = at
        if status == CLOSED:
            req.closed_at = req.updated_at
        if rating:
            req.rating, req.rating_comment, req.rated_at = rating[0], rating[1], req.updated_at
        self.dbsession.add(search.SearchDocument(request_id=req.id, document=document))
        return req


def create_demo(dbsession, settings) -> None:
    if dbsession.scalar(sa.select(sa.func.count()).select_from(Category)):
        return
    emails = ("demo@example.com", "colleague@example.com", "manager@example.com", "agent@example.com",
              "other@example.net")
    people = {p.email.split("@")[0]: p for p in dbsession.scalars(sa.select(api.Person)
                                                                     .where(api.Person.email.in_(emails)))}
    if len(people) < len(emails):
        return
    cat, pri = vocabularies(dbsession)
    b = _Builder(dbsession, api.storage_from_settings(settings), people)
    log = ("2024-05-02 10:14:07 ERROR payment gateway timeout (order 88123)\n"
           "2024-05-02 10:14:09 ERROR payment gateway timeout (order 88124)\n").encode()
    png = ("checkout-error.png", "image/png", tiny_png())
    b.request("demo", "The web shop checkout fails with a timeout", cat["technical"], pri["high"], OPEN, 1.2, [
        ("demo", "Since this morning our customers cannot pay: the checkout spins and then says "
                 "“timeout”. The log and a screenshot are attached.", True,
         [("gateway.log", "text/plain", log), png]),
        ("agent", "Payment provider had an incident at 10:00; checking whether it explains this.", False, []),
    ], custom={"product": "webshop", "occurred_on": b.ago(1.2).date().isoformat(), "production_down": True})
    b.request("demo", "Invoice 2024-117 is charged twice", cat["billing"], pri["normal"], WAITING, 4, [
        ("demo", "We were charged twice for invoice 2024-117. Can you refund one of the payments?", True, []),
        ("agent", "Confirmed with finance: the second payment is a duplicate.", False, []),
        ("agent", "You are right, the invoice was paid twice. Shall we refund the money or credit your next "
                  "invoice?", True, []),
    ], custom={"invoice": "2024-117", "amount": "1490.00"})
    b.request("demo", "How do I add a colleague to our account?", cat["account"], pri["low"], CLOSED, 12, [
        ("demo", "A new colleague starts on Monday. How do I give her access to the portal?", True, []),
        ("agent", "Your company manager (Mona) can add her; I have sent Mona the steps.", True, []),
        ("demo", "Done, thank you!", True, []),
    ], rating=(5, "Quick and clear answer."))
    b.request("demo", "Export of orders to our ERP stops at 1,000 lines", cat["integrations"], pri["normal"],
              CLOSED, 30, [
                  ("demo", "The nightly export stops after 1,000 lines. See the attached sample.", True,
                   [("orders-sample.csv", "text/csv", b"order,amount\n88001,120.00\n88002,75.50\n")]),
                  ("agent", "Known limit of the old export job; raised to 100,000 in release 4.2.", True, []),
                  ("agent", "Customer is on a legacy plan: check the contract before offering the new job.",
                   False, []),
              ])
    b.request("demo", "The app logs me out every few minutes", cat["technical"], pri["normal"], OPEN, 20, [
        ("demo", "The mobile app logs me out several times an hour.", True, []),
        ("agent", "Fixed in app version 3.8; please update and tell us if it happens again.", True, []),
        ("demo", "It happens again with 3.8, I am afraid. Reopening.", True, []),
    ], custom={"product": "app", "production_down": False})
    b.request("demo", "Can we get the price list for 2025?", cat["general"], pri["low"], OPEN, 0.3, [
        ("demo", "Please send us the price list for next year when it is ready.", True, []),
    ])
    b.request("colleague", "Delivery address on orders is wrong", cat["general"], pri["normal"], OPEN, 2, [
        ("colleague", "Orders still go to our old address in Storgata 9.", True, []),
        ("agent", "Address is stored on the customer card; the CRM shows the old one.", False, []),
    ])
    b.request("colleague", "Password reset mail does not arrive", cat["account"], pri["high"], CLOSED, 9, [
        ("colleague", "I asked for a password reset twice but got no mail.", True, []),
        ("agent", "Your mail server rejected our messages; it accepts them now.", True, []),
    ])
    b.request("manager", "Contract renewal for 2025", cat["general"], pri["normal"], WAITING, 6, [
        ("manager", "Our contract ends in December. What are the options for renewal?", True, []),
        ("agent", "I have attached the two offers; which one suits you?", True,
         [("offers-2025.txt", "text/plain", b"Offer A: 12 months\nOffer B: 36 months\n")]),
    ])
    b.request("other", "API returns 500 for large orders", cat["technical"], pri["high"], OPEN, 3, [
        ("other", "Orders with more than 200 lines fail with HTTP 500.", True, []),
        ("agent", "Reproduced; escalated to the API team.", False, []),
    ], custom={"product": "api", "production_down": False})
    b.request("other", "Invoice in pounds instead of euros", cat["billing"], pri["normal"], CLOSED, 15, [
        ("other", "Our last invoice was in GBP; our contract is in EUR.", True, []),
        ("agent", "Corrected, a new invoice in EUR has been sent.", True, []),
    ], custom={"invoice": "2024-090"}, rating=(4, ""))
    dbsession.flush()
