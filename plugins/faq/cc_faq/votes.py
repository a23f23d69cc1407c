"""The "was this helpful?" vote: one vote per person, or per browser for visitors.

A logged-in person votes as ``person:<id>``.  An anonymous visitor's
browser gets a random token in a long-lived, HttpOnly cookie the first
time it votes; the vote is stored under a hash of it, so the table holds
nothing a stolen database could replay as a cookie.  Voting again changes
the earlier answer rather than adding one: each voter counts once.
"""
from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from cc_core import api

from .models import Article, Vote

COOKIE = "cc_faq_voter"
COOKIE_MAX_AGE = 2 * 365 * 24 * 3600


def _browser_key(token: str) -> str:
    return "browser:" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:40]


def voter_key(request) -> str | None:
    """Who is voting, or ``None`` for a visitor whose browser has no token yet."""
    if request.person is not None:
        return person_key(request.person)
    token = request.cookies.get(COOKIE, "")
    if 20 <= len(token) <= 100 and token.isascii() and token.replace("-", "").replace("_", "").isalnum():
        return _browser_key(token)
    return None


def person_key(person) -> str:
    return f"person:{person.id}"


def votes_of(dbsession, person) -> list[dict]:
    """The person's votes, with the question each answered (one query)."""
    rows = dbsession.execute(
        sa.select(Vote.article_id, Article.question, Vote.helpful, Vote.created_at, Vote.updated_at)
        .join(Article, Article.id == Vote.article_id)
        .where(Vote.voter == person_key(person)).order_by(Vote.created_at, Vote.id)).all()
    return [{"article_id": article_id, "question": question, "helpful": helpful,
             "created_at": created.isoformat(), "updated_at": updated.isoformat()}
            for article_id, question, helpful, created, updated in rows]


def new_browser_token() -> tuple[str, str]:
    """A fresh cookie value and the voter key it stands for."""
    token = secrets.token_urlsafe(24)
    return token, _browser_key(token)


def set_browser_cookie(request, response, token: str) -> None:
    response.set_cookie(COOKIE, token, max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax",
                        secure=request.scheme == "https", path=request.route_path("faq.index"))


def previous_vote(dbsession, article_id: int, voter: str | None) -> bool | None:
    if voter is None:
        return None
    return dbsession.scalar(sa.select(Vote.helpful).where(Vote.article_id == article_id, Vote.voter == voter))


def _bump(dbsession, article_id: int, helpful: bool, amount: int) -> None:
    column = Article.helpful_yes if helpful else Article.helpful_no
    dbsession.execute(sa.update(Article).where(Article.id == article_id).values({column: column + amount})
                      .execution_options(synchronize_session=False))


def record_vote(dbsession, article_id: int, voter: str, helpful: bool) -> str:
    """Record the vote; returns ``"new"``, ``"changed"`` or ``"same"``.

    Counts are changed with ``column = column + 1`` in the database, so two
    voters at the same moment both count; the unique constraint on
    (article, voter) makes a voter's two simultaneous posts count once.
    """
    # Insert first: the unique constraint, not a prior read, decides whether
    # this voter has voted, so two simultaneous first votes cannot both count.
    try:
        with dbsession.begin_nested():
            dbsession.add(Vote(article_id=article_id, voter=voter, helpful=helpful))
    except sa.exc.IntegrityError:
        existing = dbsession.scalar(sa.select(Vote).where(Vote.article_id == article_id, Vote.voter == voter)
                                    .execution_options(populate_existing=True))
    else:
        _bump(dbsession, article_id, helpful, 1)
        return "new"
    if existing.helpful == helpful:
        return "same"
    _bump(dbsession, article_id, existing.helpful, -1)
    _bump(dbsession, article_id, helpful, 1)
    existing.helpful = helpful
    existing.updated_at = api.utcnow()
    dbsession.flush()
    return "changed"
