"""The ranking window: the first matches by id, found block by block, the same on both databases.

PostgreSQL looks for the window in the first blocks of ids one after the
other and only then in the rest of the table (``cc_faq.dialects``);
SQLite's FTS5 index lists matches by id.  Articles are placed at chosen
ids so that matches lie in the first block, in a later first block and
past the first blocks.
"""
import pytest
import sqlalchemy as sa

from cc_faq import dialects, service
from cc_faq.models import Article
from cc_faq.search import search

pytestmark = pytest.mark.cc_plugins("faq")

BLOCK = dialects.BLOCK_ROWS
#: Ids after the demo's articles: one in the first block, one in the last of
#: the first blocks, two past them.
FREE = 2000
SPREAD = (FREE + 7, BLOCK * (dialects.FIRST_BLOCKS - 1) + 3, BLOCK * dialects.FIRST_BLOCKS + 5,
          BLOCK * (dialects.FIRST_BLOCKS + 9) + 11)


def _place(dbsession, folder, article_id: int, question: str, answer: str, visibility: str = "public") -> int:
    """An article at ``article_id`` (made like the service makes one, then given that id)."""
    made = service.create_article(dbsession, folder, question, answer, visibility=visibility)
    dbsession.add(Article(id=article_id, folder_id=folder.id, slug=f"{made.slug}-{article_id}", question=question,
                          answer=made.answer, answer_text=made.answer_text, visibility=visibility,
                          access_level=made.access_level, position=made.position + 1))
    service.delete_article(dbsession, made)
    dbsession.flush()
    return article_id


@pytest.fixture
def spread(dbsession):
    assert dbsession.scalar(sa.select(sa.func.max(Article.id))) < FREE
    folder = service.create_folder(dbsession, "Spread")
    ids = [_place(dbsession, folder, i, f"Wombat care number {n}", "Feed the wombat at dusk.")
           for n, i in enumerate(SPREAD[:-1])]
    # The best answer (the word twice in the question) has the highest id, past the first blocks.
    ids.append(_place(dbsession, folder, SPREAD[-1], "Wombat burrows: where a wombat sleeps", "Wombat burrow."))
    return ids


def test_matches_in_every_block_are_found_and_ranked(dbsession, spread):
    hits = [hit.id for hit in search(dbsession, "wombat", 0).hits]
    assert sorted(hits) == sorted(spread)
    assert hits[0] == spread[-1]


def test_a_rare_title_word_past_the_first_blocks_ranks_first(dbsession, spread):
    hits = [hit.id for hit in search(dbsession, "wombat burrows", 0).hits]
    assert hits == [spread[-1]]


def test_the_window_is_the_first_matches_by_id(dbsession, spread, monkeypatch):
    monkeypatch.setattr(dialects, "RANK_WINDOW", 3)
    assert sorted(hit.id for hit in search(dbsession, "wombat", 0).hits) == sorted(spread[:3])
    monkeypatch.setattr(dialects, "RANK_WINDOW", 1)
    assert [hit.id for hit in search(dbsession, "wombat", 0).hits] == [spread[0]]


def test_hidden_matches_do_not_take_the_window(dbsession, spread, monkeypatch):
    folder = service.create_folder(dbsession, "Staff spread")
    hidden = _place(dbsession, folder, FREE + 1, "Wombat internal note", "Staff wombat.", visibility="internal")
    monkeypatch.setattr(dialects, "RANK_WINDOW", 2)
    assert sorted(hit.id for hit in search(dbsession, "wombat", 0).hits) == sorted(spread[:2])
    assert hidden in [hit.id for hit in search(dbsession, "wombat", 2).hits]


def test_phrases_are_found_past_the_first_blocks(dbsession, spread):
    assert [hit.id for hit in search(dbsession, '"where a wombat"', 0).hits] == [spread[-1]]
    assert sorted(hit.id for hit in search(dbsession, '"feed the wombat"', 0).hits) == sorted(spread[:-1])
