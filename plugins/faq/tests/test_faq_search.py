"""Search: ranked, highlighted, phrases and prefixes, in step with edits, never an error.

Run on SQLite by default and on PostgreSQL with ``CC_TEST_DATABASE_URL``:
the same assertions hold for FTS5 and for ``tsvector``.
"""
import pytest

from cc_faq import access, service
from cc_faq.models import Folder
from cc_faq.search import search
from faq_testing import result_links, result_titles

pytestmark = pytest.mark.cc_plugins("faq")

HOSTILE = [
    '"', '"unclosed phrase', "'", "' OR '1'='1", "1; DROP TABLE faq_article; --", "NEAR(reset password)",
    "reset AND OR NOT", "password*  *  **", "(password", "password)", "title:password", "{question}: x",
    "^password", "pass:*", "a & b | !c", "<->", "\\", "%", "_", "\x00", "\u202e\u200b", "ø" * 300,
    "x" * 10_240, "password " * 2000, "🙂 emoji 🙂", "SELECT * FROM cc_person",
]


@pytest.fixture
def kb(dbsession):
    folder = service.create_folder(dbsession, "Search tests")
    make = lambda q, a, **kw: service.create_article(dbsession, folder, q, a, **kw)  # noqa: E731
    return {
        "title": make("How do I rotate the zebrafish key?", "Open the settings page and choose Rotate."),
        "body": make("What is a settings page?", "You rotate the zebrafish key on the settings page."),
        "phrase": make("Offline mode", "Switch to offline mode with the airplane toggle."),
        "order": make("Toggle order", "The mode switches airplane offline automatically."),
        "prefix": make("Kaleidoscopes explained", "All about kaleidoscopic views."),
        "internal": make("Internal zebrafish runbook", "Staff only zebrafish notes.", visibility="internal"),
    }


def test_ranked_with_question_matches_first(dbsession, kb):
    hits = search(dbsession, "zebrafish key", access.ANONYMOUS_LEVEL).hits
    assert [hit.id for hit in hits] == [kb["title"].id, kb["body"].id]


def test_highlights_are_escaped_marks(dbsession, kb):
    hit = search(dbsession, "zebrafish", access.ANONYMOUS_LEVEL).hits[0]
    assert "<mark>zebrafish</mark>" in hit.question_html or "<mark>zebrafish</mark>" in hit.snippet_html
    service.update_article(dbsession, kb["title"], question="<b>zebrafish</b> & <script>x</script>?")
    hit = next(h for h in search(dbsession, "zebrafish", 0).hits if h.id == kb["title"].id)
    assert "<script>" not in hit.question_html and "&lt;b&gt;<mark>zebrafish</mark>" in hit.question_html


def test_phrase_matches_words_in_order_only(dbsession, kb):
    ids = [hit.id for hit in search(dbsession, '"offline mode"', 0).hits]
    assert kb["phrase"].id in ids and kb["order"].id not in ids
    both = [hit.id for hit in search(dbsession, "offline mode", 0).hits]
    assert {kb["phrase"].id, kb["order"].id} <= set(both)


def test_prefix(dbsession, kb):
    assert [hit.id for hit in search(dbsession, "kaleido*", 0).hits] == [kb["prefix"].id]
    assert not search(dbsession, "kaleido", 0).hits


def test_only_what_the_viewer_may_see(dbsession, kb):
    assert kb["internal"].id not in [h.id for h in search(dbsession, "zebrafish", access.CUSTOMER_LEVEL).hits]
    assert kb["internal"].id in [h.id for h in search(dbsession, "zebrafish", access.STAFF_LEVEL).hits]


def test_no_article_with_every_word_widens_to_any_word(dbsession, kb):
    result = search(dbsession, "zebrafish airplane", 0)
    assert result.widened
    assert {kb["title"].id, kb["phrase"].id} <= {hit.id for hit in result.hits}


def test_index_follows_edits_moves_and_deletes(dbsession, kb):
    article = kb["prefix"]
    service.update_article(dbsession, article, question="Periscopes explained", answer="All about periscopes.")
    assert not search(dbsession, "kaleido*", 0).hits
    assert [hit.id for hit in search(dbsession, "periscopes", 0).hits] == [article.id]
    hidden = service.create_folder(dbsession, "Hidden", visibility="internal")
    service.move_article(dbsession, article, hidden)
    assert not search(dbsession, "periscopes", 0).hits
    assert search(dbsession, "periscopes", access.STAFF_LEVEL).hits
    service.delete_article(dbsession, article)
    assert not search(dbsession, "periscopes", access.STAFF_LEVEL).hits


def test_folder_visibility_change_reaches_search(dbsession, kb):
    folder = dbsession.get(Folder, kb["title"].folder_id)
    service.update_folder(dbsession, folder, visibility="customers")
    assert not search(dbsession, "zebrafish", 0).hits
    assert search(dbsession, "zebrafish", access.CUSTOMER_LEVEL).hits


def test_paging(dbsession):
    folder = service.create_folder(dbsession, "Many")
    for number in range(25):
        service.create_article(dbsession, folder, f"Yak shaving number {number}", "About yaks.")
    first = search(dbsession, "yak", 0, limit=20)
    second = search(dbsession, "yak", 0, limit=20, offset=20)
    assert len(first.hits) == 20 and first.has_more
    assert len(second.hits) == 5 and not second.has_more
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_error(testapp, dbsession, kb, text):
    result = search(dbsession, text, 0)
    assert isinstance(result.hits, tuple)
    # The portal refuses a query parameter holding a control character (400).
    refused = any(ord(ch) < 32 for ch in text)
    page = testapp.get("/faq/search", {"q": text}, status=400 if refused else 200)
    assert "<script>x" not in page.text


def test_search_page_highlights_and_pages(testapp, dbsession, kb):
    page = testapp.get("/faq/search", {"q": "zebrafish"})
    assert page.html.select("ol.faq-results mark")
    assert result_links(page)[0] == f"/faq/articles/{kb['title'].id}"
    assert "How do I rotate the zebrafish key?" in result_titles(page)
    assert page.html.select_one("#faq-search-q")["value"] == "zebrafish"


def test_no_hits_suggests_topics_and_no_request_form_without_the_requests_plugin(testapp, kb):
    page = testapp.get("/faq/search", {"q": "nothingmatchesthis"})
    section = page.html.select_one(".faq-no-hits")
    assert "Nothing found" in section.text
    assert section.select(".faq-folder-list a")
    assert "/requests/new" not in page.text


def test_search_page_echoes_the_query_escaped(testapp):
    page = testapp.get("/faq/search", {"q": '<img src=x onerror=alert(1)> "'})
    assert "<img src=x" not in page.text
    assert page.html.select_one("#faq-search-q")["value"] == '<img src=x onerror=alert(1)> "'
