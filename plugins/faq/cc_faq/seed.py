"""Benchmark data: many folders and articles, written with bulk inserts.

Used by ``cc seed`` (through the core's ``cc_seed`` hook) and by
``plugins/faq/bench/faq_bench.py``.  The text is generated from a vocabulary of real
support words plus product names, drawn with a skewed (Zipf-like)
distribution so that, as in a real knowledge base, a few words occur in
many articles and most in few: searches for common and for rare words are
both measured.  Deterministic for a given ``random_seed``.
"""
from __future__ import annotations

import itertools
import random

import sqlalchemy as sa

from cc_core import api

from .access import CUSTOMERS, INTERNAL, LEVELS, PUBLIC
from .models import Article, Folder

ACTIONS = ("reset", "configure", "export", "import", "install", "update", "delete", "restore", "connect",
           "share", "print", "sync", "archive", "renew", "cancel", "upgrade", "migrate", "verify", "enable",
           "disable", "schedule", "download", "upload", "invite", "approve", "merge", "rename", "encrypt")
OBJECTS = ("password", "invoice", "account", "report", "printer", "mailbox", "calendar", "backup", "licence",
           "certificate", "router", "firewall", "user", "group", "folder", "template", "dashboard", "contract",
           "payment", "subscription", "device", "token", "signature", "workflow", "ticket", "database",
           "domain", "server", "profile", "notification", "attachment", "budget", "order", "shipment",
           "warehouse", "timesheet", "project", "channel", "webhook", "integration", "catalogue", "voucher")
CONTEXT = ("settings", "menu", "administrator", "browser", "phone", "tablet", "network", "office", "customer",
           "supplier", "team", "department", "month", "invoice period", "login page", "error message",
           "screen", "keyboard shortcut", "time zone", "language", "region", "holiday", "weekend", "audit log")
FILLER = ("first", "then", "after", "before", "open", "choose", "select", "check", "make sure", "wait",
          "usually", "sometimes", "automatically", "manually", "again", "later", "each", "every", "new",
          "existing", "old", "current", "correct", "shown", "saved", "sent", "received", "within", "minutes",
          "hours", "days", "once", "twice", "only", "also", "still", "please", "contact", "support", "help",
          "page", "button", "link", "field", "list", "option", "tab", "window", "file", "email", "message")
SYLLABLES = ("ka", "lo", "ve", "tor", "mi", "nex", "ra", "sol", "qu", "din", "pa", "zen", "fi", "ber", "gul",
             "tra", "mon", "ix", "el", "vor", "sy", "lan", "dro", "cu")
QUESTION_FORMS = ("How do I {a} the {o} in {p}?", "Why can't I {a} my {o}?", "What happens when I {a} a {o}?",
                  "Can I {a} the {o} from the {c}?", "How long does it take to {a} a {o} in {p}?",
                  "Where do I {a} {p} {o}s?", "Who may {a} the {o} for our {c}?")

#: The counts this plugin adds to ``cc seed`` (``--faq-folders``, ``--faq-articles``).
FOLDERS = api.SeedCount("faq_folders", 2_000, "FAQ folders, three levels deep")
ARTICLES = api.SeedCount("faq_articles", 100_000, "FAQ articles")


def product_names(rng: random.Random, count: int = 1500) -> list[str]:
    names = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize())
    return sorted(names)


class TextMaker:
    """Questions and answers (Markdown and plain text) from a skewed vocabulary."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.products = product_names(rng)
        # Zipf-like weights: the n-th word is 1/n as likely as the first.
        self._product_weights = list(itertools.accumulate(1 / (n + 1) for n in range(len(self.products))))

    def product(self) -> str:
        return self.rng.choices(self.products, cum_weights=self._product_weights)[0]

    def question(self) -> tuple[str, str]:
        form = self.rng.choice(QUESTION_FORMS)
        product = self.product()
        return form.format(a=self.rng.choice(ACTIONS), o=self.rng.choice(OBJECTS), c=self.rng.choice(CONTEXT),
                           p=product), product

    def sentence(self, product: str) -> tuple[str, str]:
        rng = self.rng
        words = [rng.choice(FILLER), rng.choice(ACTIONS), "the", rng.choice(OBJECTS), "in the",
                 rng.choice(CONTEXT), rng.choice(FILLER), rng.choice((product, self.product())),
                 rng.choice(FILLER), rng.choice(OBJECTS), rng.choice(FILLER), rng.choice(CONTEXT)]
        text = " ".join(words).capitalize() + "."
        bold = rng.choice(OBJECTS)
        if bold in text and rng.random() < 0.3:
            return text.replace(bold, f"**{bold}**", 1), text
        return text, text

    def answer(self, product: str) -> tuple[str, str]:
        rng = self.rng
        paragraphs_md, plain = [], []
        for _ in range(rng.randint(2, 4)):
            pairs = [self.sentence(product) for _ in range(rng.randint(2, 4))]
            if rng.random() < 0.25:
                paragraphs_md.append("\n".join(f"- {md}" for md, _ in pairs))
            else:
                paragraphs_md.append(" ".join(md for md, _ in pairs))
            plain.append(" ".join(text for _, text in pairs))
        return "\n\n".join(paragraphs_md), " ".join(plain)


def _visibility(rng: random.Random) -> str:
    roll = rng.random()
    return PUBLIC if roll < 0.8 else CUSTOMERS if roll < 0.95 else INTERNAL


def seed(engine, folders: int = 2_000, articles: int = 100_000, random_seed: int = 42) -> None:
    """Insert ``folders`` folders (three levels deep) and ``articles`` articles."""
    rng = random.Random(random_seed)
    maker = TextMaker(rng)
    now = api.utcnow()
    with engine.begin() as connection:
        first_folder = connection.execute(sa.select(sa.func.coalesce(sa.func.max(Folder.id), 0))).scalar() + 1
        first_article = connection.execute(sa.select(sa.func.coalesce(sa.func.max(Article.id), 0))).scalar() + 1
        top = max(1, folders // 50)
        levels: dict[int, int] = {}
        rows = []
        for index in range(folders):
            folder_id = first_folder + index
            if index < top:
                parent = None
            elif index < top * 8:
                parent = first_folder + rng.randrange(top)
            else:
                parent = first_folder + rng.randrange(top, min(index, top * 8))
            visibility = _visibility(rng)
            levels[folder_id] = max(LEVELS[visibility], levels[parent] if parent else 0)
            rows.append({"id": folder_id, "parent_id": parent, "slug": f"topic-{folder_id}",
                         "name": f"{maker.product()} {rng.choice(OBJECTS)}s {folder_id}", "description": "",
                         "visibility": visibility, "access_level": levels[folder_id], "position": index,
                         "created_at": now, "updated_at": now})
        api.insert_batches(connection, Folder.__table__, rows, "faq folders", folders)
        folder_ids = list(levels)

        def article_rows():
            for index in range(articles):
                folder_id = folder_ids[index % len(folder_ids)]
                question, product = maker.question()
                answer, text = maker.answer(product)
                visibility = _visibility(rng)
                yield {"id": first_article + index, "folder_id": folder_id, "slug": f"q-{first_article + index}",
                       "question": question, "answer": answer, "answer_text": text, "visibility": visibility,
                       "access_level": max(LEVELS[visibility], levels[folder_id]), "position": index,
                       "view_count": int(rng.paretovariate(1.2)) - 1, "helpful_yes": 0, "helpful_no": 0,
                       "created_at": now, "updated_at": now}

        api.insert_batches(connection, Article.__table__, article_rows(), "faq articles", articles)
