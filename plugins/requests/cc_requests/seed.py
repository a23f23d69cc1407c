"""Benchmark data for ``cc seed``: requests, their threads and search documents.

``cc seed`` has inserted the companies and persons (``…@bench.example``);
this adds :data:`REQUESTS` requests with :data:`MESSAGES_PER_REQUEST`
messages each over those persons, in bulk (no ORM objects).  The mix is
what a support portal accumulates over three years: most requests closed,
some open, some waiting for the customer; threads that alternate between
the customer and support with an internal note among them; titles and
messages built from support vocabulary so free-text search has real words
to find, common and rare.  One person, the *heavy* customer (the first
seeded person), owns :data:`HEAVY_REQUESTS` requests: the benchmark reads
their list and their requests, so page 1 and deep pages are measured on a
list that long whatever the size of the whole table.

Deterministic for a given ``sizes.random_seed``.  Rows are written in the
order of the list's indexes (owner by owner) so the index pages fill in
sequence instead of at random.
"""
from __future__ import annotations

import datetime as dt
import itertools
import random

import sqlalchemy as sa

from cc_core import api

from .models import Category, Message, Priority, Request, SearchDocument
from .search import MAX_DOCUMENT, normalise

#: The counts this plugin adds to ``cc seed`` (``--requests``, ``--messages-per-request``).
REQUESTS = api.SeedCount("requests", 1_000_000, "requests over the seeded persons")
MESSAGES_PER_REQUEST = api.SeedCount("messages_per_request", 4, "messages in each request's thread", scales=False)
from .statuses import CLOSED, OPEN, WAITING

HEAVY_REQUESTS = 5_000
AGENTS = 20
#: One request in this many quotes an order reference found in no other
#: request: the rare words a search must find without reading every document.
REFERENCE_EVERY = 1_000
REFERENCE_SENTENCE = "Our order reference is {reference}."
HISTORY = dt.timedelta(days=3 * 365)

THINGS = ("the invoice module", "the customer portal", "our mailbox", "the shared calendar", "the backup job",
          "the VPN client", "the label printer", "the payroll report", "the warehouse scanner", "the CRM",
          "the webshop", "the time sheets", "the firewall", "the booking system", "the mobile app",
          "the dashboard", "the document archive", "the order import", "the phone system", "the e-signature")
SYMPTOMS = ("does not start", "is very slow", "shows an error", "stopped syncing", "shows the wrong totals",
            "asks for a new licence", "cannot be reached", "lost its settings", "duplicates entries",
            "rejects my password", "crashes when printing", "cannot export to spreadsheets")
PLACES = ("in the Oslo office", "since the update", "for new employees", "after the password change",
          "on Monday mornings", "for one customer", "on the tablets", "since yesterday", "at month end",
          "for the sales team", "in the Bergen warehouse", "when working from home")
CUSTOMER_SENTENCES = (
    "We noticed it this morning and it affects {n} users.", "Restarting the computer did not help.",
    "The error message says {thing} is not available.", "It worked fine until last week.",
    "Could you please look into it as soon as possible?", "Attached is a screenshot of the error.",
    "We have tried clearing the browser cache.", "This blocks our invoicing for the month.",
    "Only users {place} are affected.", "Is there a known workaround?",
    "Thanks, that fixed it for most users, but two still see the problem.",
    "The problem came back after the latest update.", "Yes, we run the current version.")
AGENT_SENTENCES = (
    "Thank you for reporting this.", "We have reproduced the problem on our side.",
    "Please try signing out and in again, then tell us whether {thing} works.",
    "A fix is scheduled for the next maintenance window.", "Could you send us the exact time it happened?",
    "We have reset the configuration for your account.", "The certificate has been renewed.",
    "This was caused by a change in {thing}; it is rolled back now.",
    "Please check the settings page and confirm the region is correct.", "We are still investigating.")
NOTE_SENTENCES = ("Customer is on the premium plan.", "Escalated to second line.", "Same issue as last month.",
                  "Waiting for the vendor to answer.", "Check the logs from the night batch.",
                  "Linked to the incident in the status page.")
CATEGORIES = (("Accounts and access", "Kontoer og tilgang"), ("Billing", "Fakturering"),
              ("Email and calendar", "E-post og kalender"), ("Hardware", "Maskinvare"),
              ("Network", "Nettverk"), ("Software", "Programvare"), ("Other", "Annet"))
PRIORITIES = (("Low", "Lav", 10, True, False), ("Normal", "Normal", 20, True, True),
              ("High", "Høy", 30, True, False), ("Critical", "Kritisk", 40, False, False))


def _vocabulary(connection) -> tuple[list[int], list[int]]:
    """The category and priority ids, adding a stock set when there are none."""
    category_ids = list(connection.execute(sa.select(Category.id).order_by(Category.id)).scalars())
    if not category_ids:
        rows = [{"name": en, "names": {"en": en, "nb": nb}, "position": index, "active": True, "fields": [],
                 "parent_id": None} for index, (en, nb) in enumerate(CATEGORIES)]
        connection.execute(Category.__table__.insert(), rows)
        category_ids = list(connection.execute(sa.select(Category.id).order_by(Category.id)).scalars())
    priority_ids = list(connection.execute(sa.select(Priority.id).order_by(Priority.rank)).scalars())
    if not priority_ids:
        rows = [{"name": en, "names": {"en": en, "nb": nb}, "rank": rank, "customer_selectable": selectable,
                 "is_default": default, "active": True} for en, nb, rank, selectable, default in PRIORITIES]
        connection.execute(Priority.__table__.insert(), rows)
        priority_ids = list(connection.execute(sa.select(Priority.id).order_by(Priority.rank)).scalars())
    return category_ids, priority_ids


def _agents(connection, now) -> list[int]:
    """Support agents who answer the seeded threads (added once)."""
    person = api.Person.__table__
    existing = list(connection.execute(sa.select(person.c.id).where(
        person.c.email.like("agent%@support.bench.example")).order_by(person.c.id)).scalars())
    if existing:
        return existing
    password = connection.execute(sa.select(person.c.password_hash).where(
        person.c.email.like("%@bench.example")).limit(1)).scalar()
    rows = [{"company_id": None, "email": f"agent{n}@support.bench.example", "password_hash": password or "!",
             "name": f"Agent {n}", "phone": "", "mobile": "", "language": "en", "timezone": "Europe/Oslo",
             "company_access": False, "is_manager": False, "is_staff": True, "is_active": True,
             "email_confirmed": True, "session_version": 1, "preferences": {}, "created_at": now,
             "last_login_at": None} for n in range(1, AGENTS + 1)]
    connection.execute(person.insert(), rows)
    return _agents(connection, now)


class _Text:
    """Titles and message bodies from pools built once, so millions cost little."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.titles = [f"{thing[0].upper()}{thing[1:]} {symptom} {place}"
                       for thing in THINGS for symptom in SYMPTOMS for place in PLACES]
        self.customer = self._pool(CUSTOMER_SENTENCES, 4000)
        self.agent = self._pool(AGENT_SENTENCES, 4000)
        self.note = self._pool(NOTE_SENTENCES, 200)

    def _pool(self, sentences, size: int) -> list[str]:
        rng = self.rng
        return [s.format(n=rng.randint(2, 40), thing=rng.choice(THINGS), place=rng.choice(PLACES))
                for s in (rng.choice(sentences) for _ in range(size))]

    def title(self) -> str:
        return self.rng.choice(self.titles)

    def body(self, pool: list[str]) -> str:
        return " ".join(self.rng.choices(pool, k=self.rng.randint(2, 4)))


def _owners(connection) -> list[tuple[int, int | None]]:
    """(person id, company id) of the seeded customers, in id order."""
    person = api.Person.__table__
    return [tuple(row) for row in connection.execute(
        sa.select(person.c.id, person.c.company_id).where(
            person.c.email.like("%@bench.example"), person.c.is_staff.is_(False)).order_by(person.c.id))]


def _request_counts(owners: list, total: int, rng: random.Random) -> list[int]:
    """How many requests each owner gets: the first ``HEAVY_REQUESTS``, the rest spread at random."""
    heavy = min(HEAVY_REQUESTS, total // 2) if len(owners) > 1 else total
    counts = [0] * len(owners)
    counts[0] = heavy
    rest = len(owners) - 1
    for _ in range(total - heavy):
        counts[1 + rng.randrange(rest)] += 1
    return counts


def reference(request_id: int) -> str:
    """The order reference quoted in request ``request_id`` (one word, in that request alone)."""
    return f"po{request_id * 7919 % 10_000_019:08d}"


class _Writer:
    """Makes the rows of each request and its thread; ids are handed out in order."""

    def __init__(self, rng, text, category_ids, priority_ids, agents, per_request, next_request, next_message):
        self.rng, self.text = rng, text
        self.category_ids, self.priority_ids, self.agents = category_ids, priority_ids, agents
        self.per_request = per_request
        self.next_request, self.next_message = next_request, next_message
        self.now = api.utcnow()

    def request(self, owner_id: int, company_id: int | None) -> dict:
        rng = self.rng
        created = self.now - HISTORY * rng.random()
        updated = min(self.now, created + dt.timedelta(hours=rng.expovariate(1 / 30)))
        roll = rng.random()
        status = CLOSED if roll < 0.6 else OPEN if roll < 0.85 else WAITING
        rating = rng.randint(1, 5) if status == CLOSED and rng.random() < 0.3 else None
        row = {"id": self.next_request, "company_id": company_id, "owner_id": owner_id, "title": self.text.title(),
               "category_id": rng.choice(self.category_ids), "priority_id": rng.choice(self.priority_ids),
               "status": status, "is_open": status != CLOSED, "custom_values": {}, "created_at": created,
               "updated_at": updated, "closed_at": updated if status == CLOSED else None, "rating": rating,
               "rating_comment": "", "rated_at": updated if rating else None}
        self.next_request += 1
        return row

    def thread(self, req: dict, messages: list, documents: list) -> None:
        """The request's messages: customer and support in turn, every fourth an internal note."""
        text, rng = self.text, self.rng
        step = (req["updated_at"] - req["created_at"]) / self.per_request
        document = normalise(req["title"])
        for index in range(self.per_request):
            internal = index % 4 == 3
            from_customer = index % 2 == 0
            body = text.body(text.note if internal else text.customer if from_customer else text.agent)
            if index == 0 and req["id"] % REFERENCE_EVERY == 0:
                body = f"{body} {REFERENCE_SENTENCE.format(reference=reference(req['id']))}"
            if not internal and len(document) < MAX_DOCUMENT:
                document = f"{document}\n{normalise(body)}"[:MAX_DOCUMENT]
            messages.append({"id": self.next_message, "request_id": req["id"],
                             "author_id": req["owner_id"] if from_customer else rng.choice(self.agents),
                             "body": body, "is_external": not internal,
                             "created_at": req["created_at"] + step * index})
            self.next_message += 1
        documents.append({"request_id": req["id"], "document": document})


CHUNK = 20_000


def seed(engine, sizes) -> None:
    """Insert ``sizes.of(REQUESTS)`` requests and their threads over the seeded persons."""
    rng = random.Random(sizes.random_seed + 3)
    with engine.begin() as connection:
        category_ids, priority_ids = _vocabulary(connection)
        agents = _agents(connection, api.utcnow())
        owners = _owners(connection)
        next_request = connection.execute(sa.select(sa.func.coalesce(sa.func.max(Request.id), 0))).scalar() + 1
        next_message = connection.execute(sa.select(sa.func.coalesce(sa.func.max(Message.id), 0))).scalar() + 1
    total = sizes.of(REQUESTS)
    if not owners or total <= 0:
        return
    writer = _Writer(rng, _Text(rng), category_ids, priority_ids, agents, max(1, sizes.of(MESSAGES_PER_REQUEST)),
                     next_request, next_message)
    counts = _request_counts(owners, total, rng)
    # Owner by owner: rows arrive in the order of the list's indexes.
    pending = ((owner, company) for (owner, company), count in zip(owners, counts) for _ in range(count))
    with api.Progress("requests", sum(counts)) as progress:
        while True:
            chunk = list(itertools.islice(pending, CHUNK))
            if not chunk:
                break
            requests, messages, documents = [], [], []
            for owner_id, company_id in chunk:
                req = writer.request(owner_id, company_id)
                requests.append(req)
                writer.thread(req, messages, documents)
            with engine.begin() as connection:
                api.bulk_insert(connection, Request.__table__, requests)
                api.bulk_insert(connection, Message.__table__, messages)
                api.bulk_insert(connection, SearchDocument.__table__, documents)
            progress.advance(len(chunk))
