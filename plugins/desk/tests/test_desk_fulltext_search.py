"""The queue's word search through the requests' full-text index, on every status.

Requests are filed and answered through the real forms, so the index is
checked the way it is kept: by the database's triggers on the search
documents, whatever code writes them.
"""
import pytest
import sqlalchemy as sa

from cc_requests import public as rq
from desk_testing import answer, new_request, titles

pytestmark = pytest.mark.cc_plugins("desk", "requests")


def search(agent, q, **params):
    return titles(agent.get("/desk", {"status": "all", "q": q, **params}))


@pytest.fixture
def customer(new_testapp, login):
    browser = new_testapp("192.0.2.21")
    login(browser, "demo@example.com")
    return browser


def test_a_rare_word_is_found_on_every_status_and_only_as_a_word(agent, customer, dbsession):
    request_id = new_request(customer, "Scanner jams", "The paper feeder of the quokkascan model jams.")
    assert search(agent, "quokkascan") == ["Scanner jams"]
    assert search(agent, "QUOKKASCAN feeder") == ["Scanner jams"]
    # A word matches whole words; a trailing * makes it a prefix.
    assert search(agent, "quokka") == []
    assert search(agent, "quokka*") == ["Scanner jams"]
    req = dbsession.get(rq.Request, request_id)
    req.status = rq.CLOSED
    dbsession.flush()
    assert search(agent, "quokkascan") == ["Scanner jams"]
    assert search(agent, "quokkascan", status="open") == []


def test_replies_of_both_sides_are_indexed_but_internal_notes_never(agent, customer, login):
    request_id = new_request(customer, "Mailbox full", "Our mailbox is full.")
    answer(agent, request_id, "Archived the wombatfolder for you.")
    answer(agent, request_id, "Customer mentioned the platypusplan on the phone.", kind="note")
    form = customer.get(f"/requests/{request_id}").forms["reply"]
    form["message"] = "The echidnarchive is still there."
    form.submit(status=303)
    assert search(agent, "wombatfolder") == ["Mailbox full"]
    assert search(agent, "echidnarchive") == ["Mailbox full"]
    assert search(agent, "platypusplan") == []
    # Nor does the customer find their request by the note's words.
    page = customer.get("/requests", {"q": "platypusplan", "status": "all"})
    assert "Mailbox full" not in page.text
    assert "Mailbox full" in customer.get("/requests", {"q": "wombatfolder", "status": "all"}).text


def test_a_common_word_pages_newest_first_without_gaps_or_repeats(agent, dbsession):
    owner = dbsession.scalars(sa.select(rq.Request.owner_id)).first()
    for number in range(57):
        req = rq.Request(owner_id=owner, title=f"Toner {number}", status=rq.OPEN if number % 2 else rq.CLOSED,
                         custom_values={})
        dbsession.add(req)
        dbsession.flush()
        dbsession.add(rq.SearchDocument(request_id=req.id, document=f"toner {number} the toner is empty"))
    dbsession.flush()
    first = agent.get("/desk", {"status": "all", "q": "toner"})
    assert titles(first) == [f"Toner {n}" for n in range(56, 6, -1)]
    assert first.html.select_one("th.col-id")["aria-sort"] == "descending"
    second = agent.get(first.html.select_one('a[rel="next"]')["href"])
    assert titles(second) == [f"Toner {n}" for n in range(6, -1, -1)]
    # Ascending by number is the other order the index reads; other sorts fall back to the newest first.
    assert search(agent, "toner", sort="id")[:2] == ["Toner 0", "Toner 1"]
    assert search(agent, "toner", sort="updated")[:2] == ["Toner 56", "Toner 55"]
    assert search(agent, "toner", status="open") == [f"Toner {n}" for n in range(55, 0, -2)][:50]


def test_a_changed_or_removed_document_leaves_the_index(agent, dbsession):
    req = dbsession.scalars(sa.select(rq.Request).where(rq.Request.title.contains("timeout"))).first()
    document = dbsession.get(rq.SearchDocument, req.id)
    document.document = "rewritten gnuthreshold"
    dbsession.flush()
    assert search(agent, "gnuthreshold") == [req.title]
    assert search(agent, "timeout") == [t for t in search(agent, "timeout") if t != req.title]
    dbsession.delete(document)
    dbsession.flush()
    assert search(agent, "gnuthreshold") == []


def test_words_are_split_as_the_index_splits_them():
    assert rq.fulltext.words("  E-mail  bounces, e-mail! 42 ") == ["e", "mail", "bounces", "42"]
    assert rq.fulltext.words("print* print") == ["print*", "print"]
    assert rq.fulltext.words("*** ' \" -") == []
    assert len(rq.fulltext.words("a b c d e f g h")) == rq.fulltext.MAX_WORDS


@pytest.mark.parametrize("q", ['"', "'", "a'b", "NEAR(", "x*y", "and or not", "''::*", "\\", "%_", "(", ")", "^",
                               "ø" * 300, "col:umn", "-"])
def test_hostile_queries_answer_a_page(agent, q):
    agent.get("/desk", {"status": "all", "q": q}, status=200)


def test_reindexing_an_existing_table_in_batches_finds_the_same(agent, dbsession):
    before = search(agent, "invoice")
    connection = dbsession.connection()
    rq.fulltext.uninstall(connection)
    rq.fulltext.install(connection, batch=2)
    assert before and search(agent, "invoice") == before


def test_few_and_many_matches_give_the_same_pages(agent, monkeypatch):
    # PostgreSQL looks a few matches up by id and walks the requests for many: same answer either way.
    few = search(agent, "invoice")
    monkeypatch.setattr(rq.fulltext, "FEW_MATCHES", 0)
    assert few and search(agent, "invoice") == few
