"""The FAQ's tables: a tree of folders, the articles in them, and votes.

``access_level`` on folders and articles is derived (see :mod:`.access`)
and kept right by :mod:`.service`; ``answer_text`` is the answer as plain
text, derived from the Markdown, and is what the full-text index reads.
The dialect-specific search index itself (SQLite FTS5 table and triggers,
PostgreSQL ``tsvector`` column and GIN index) is created by the migration
through :mod:`.dialects` and is deliberately not part of this metadata.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cc_core import api


def _among_siblings(table: str, container: str) -> tuple:
    """A key unique among the rows in one container, and the index that lists them in order."""
    short = container.removesuffix("_id")
    return (sa.UniqueConstraint(container, "slug", name=f"uq_{table}_{short}_slug"),
            sa.Index(f"ix_{table}_{short}_position", container, "position"))


class _Placed:
    """What folders and articles share, and the service changes alike.

    A ``slug`` unique among its siblings (the key in URLs and exports), a
    ``position`` among them, who may see it (``visibility``) and the
    ``access_level`` derived from it and the folders above.
    """

    slug: Mapped[str] = mapped_column(sa.String(100))
    visibility: Mapped[str] = mapped_column(sa.String(20))
    access_level: Mapped[int] = mapped_column(sa.SmallInteger)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)


class Folder(_Placed, api.Base):
    """A folder of the FAQ tree; ``position`` orders siblings."""

    __tablename__ = "faq_folder"
    __table_args__ = _among_siblings(__tablename__, "parent_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("faq_folder.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)

    parent: Mapped[Folder | None] = relationship(remote_side=[id], lazy="raise")

    def __repr__(self) -> str:
        return f"<Folder {self.id} {self.name!r}>"


class Article(_Placed, api.Base):
    """A question and its answer (Markdown), in one folder."""

    __tablename__ = "faq_article"
    __table_args__ = _among_siblings(__tablename__, "folder_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    folder_id: Mapped[int] = mapped_column(sa.ForeignKey("faq_folder.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(sa.String(300))
    answer: Mapped[str] = mapped_column(sa.Text)
    answer_text: Mapped[str] = mapped_column(sa.Text)
    view_count: Mapped[int] = mapped_column(default=0, index=True)
    helpful_yes: Mapped[int] = mapped_column(default=0)
    helpful_no: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow, index=True)

    folder: Mapped[Folder] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.question!r}>"


class Vote(api.Base):
    """One "was this helpful?" answer; ``voter`` is a person or a browser.

    The unique constraint is what makes a vote count once, even when two
    posts from the same voter arrive at the same time.
    """

    __tablename__ = "faq_vote"
    __table_args__ = (sa.UniqueConstraint("article_id", "voter", name="uq_faq_vote_article_voter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("faq_article.id", ondelete="CASCADE"))
    voter: Mapped[str] = mapped_column(sa.String(80))
    helpful: Mapped[bool] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)


class ArticleVersion(api.Base):
    """An article's question and answer in another of the portal's languages.

    The article itself is in the portal's default language; a customer
    whose language has a version reads that, everyone else the article.
    ``search_config`` is the PostgreSQL text search configuration of the
    language (``norwegian``, ``english``, ``simple``...), chosen when the
    version is saved, so the index stems each version in its own language
    (see :mod:`.version_index`); SQLite keeps it but does not use it.
    """

    __tablename__ = "faq_article_version"
    __table_args__ = (sa.UniqueConstraint("article_id", "language", name="uq_faq_article_version_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("faq_article.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(sa.String(10))
    search_config: Mapped[str] = mapped_column(sa.String(40), default="simple")
    question: Mapped[str] = mapped_column(sa.String(300))
    answer: Mapped[str] = mapped_column(sa.Text)
    answer_text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)

    def __repr__(self) -> str:
        return f"<ArticleVersion {self.article_id} {self.language}>"
