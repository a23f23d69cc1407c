"""The pages themselves: index, folder paging, related questions, escaping."""
import pytest

from cc_faq import service

pytestmark = pytest.mark.cc_plugins("faq")


def test_index_shows_topics_most_read_and_latest(testapp, dbsession):
    folder = service.create_folder(dbsession, "Index topic", description="About the index.")
    read = service.create_article(dbsession, folder, "Read a lot?", "Yes.")
    read.view_count = 10**7
    fresh = service.create_article(dbsession, folder, "Brand new?", "Yes.")
    dbsession.flush()
    page = testapp.get("/faq")
    assert "Index topic" in [a.text for a in page.html.select(".faq-folder-list a")]
    assert "About the index." in page.text
    most_read = page.html.select_one('section[aria-labelledby="faq-most-read-title"]')
    assert most_read.select(".faq-list a")[0].text == read.question
    latest = page.html.select_one('section[aria-labelledby="faq-latest-title"]')
    assert latest.select(".faq-list a")[0].text == fresh.question


def test_folder_pages_through_its_questions(testapp, dbsession):
    folder = service.create_folder(dbsession, "Paged")
    child = service.create_folder(dbsession, "Paged child", parent=folder)
    for number in range(55):
        service.create_article(dbsession, folder, f"Paged question {number:02d}?", "A.")
    first = testapp.get(f"/faq/folders/{folder.id}")
    assert len(first.html.select(".faq-list a")) == 50
    assert first.html.select_one(f'.faq-folder-list a[href="/faq/folders/{child.id}"]')
    second = first.click(linkid=None, href=r"page=2")
    questions = [a.text for a in second.html.select(".faq-list a")]
    assert questions == [f"Paged question {n}?" for n in range(50, 55)]
    assert second.html.select_one('a[rel="prev"]') and not second.html.select_one('a[rel="next"]')
    testapp.get(f"/faq/folders/{folder.id}", {"page": "nonsense"})  # falls back to page 1


def test_related_questions_are_the_folders_most_read_others(testapp, dbsession):
    folder = service.create_folder(dbsession, "Related")
    article = service.create_article(dbsession, folder, "Main?", "A.")
    popular = service.create_article(dbsession, folder, "Popular neighbour?", "A.")
    service.create_article(dbsession, folder, "Quiet neighbour?", "A.")
    popular.view_count = 500
    dbsession.flush()
    page = testapp.get(f"/faq/articles/{article.id}")
    related = [a.text for a in page.html.select('section[aria-labelledby="faq-related-title"] a')]
    assert related == ["Popular neighbour?", "Quiet neighbour?"]


def test_names_are_escaped_everywhere(testapp, dbsession):
    folder = service.create_folder(dbsession, "<b>Bold</b> folder", description="<i>x</i>")
    article = service.create_article(dbsession, folder, "<script>alert(1)</script>?", "Fine.")
    for url in ("/faq", f"/faq/folders/{folder.id}", f"/faq/articles/{article.id}", "/faq/search?q=alert"):
        text = testapp.get(url).text
        assert "<script>alert(1)" not in text and "<b>Bold</b>" not in text
