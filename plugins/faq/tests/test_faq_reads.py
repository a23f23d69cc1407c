"""The index's and the article page's combined reads give what the separate ones gave, to the right viewer."""
import pytest
import sqlalchemy as sa

from cc_faq import reads, service, versions
from cc_faq.access import LEVELS
from cc_faq.models import Article
from cc_faq.votes import record_vote
from faq_testing import TIERS, VIEWERS, build_matrix

pytestmark = pytest.mark.cc_plugins("faq")


def ids(rows) -> list[int]:
    return [row.id for row in rows]


@pytest.mark.parametrize("level", sorted(set(VIEWERS.values())))
def test_the_index_in_one_statement_lists_what_the_three_reads_list(dbsession, sql_statements, level):
    build_matrix(dbsession)
    folder = service.create_folder(dbsession, "Index order", description="Described.", position=0)
    for number in range(7):
        article = service.create_article(dbsession, folder, f"Index order question {number}?", "A.")
        article.view_count = 1000 + number
    dbsession.flush()
    with sql_statements() as statements:
        lists = reads.index_lists(dbsession, level)
    assert len(statements) == 1
    assert ids(lists.folders) == ids(reads.subfolders(dbsession, None, level))
    assert ids(lists.most_read) == ids(reads.most_read(dbsession, level)) != []
    assert ids(lists.latest) == ids(reads.latest(dbsession, level)) != []
    assert len(lists.most_read) == len(lists.latest) == reads.SHORT_LIST
    shown = {row.id: row for row in lists.folders}[folder.id]
    assert (shown.name, shown.description) == ("Index order", "Described.")
    assert lists.most_read[0].question == "Index order question 6?"
    names = {row.name for row in lists.folders}
    for tier in TIERS:
        assert (f"Matrix {tier}" in names) is (LEVELS[tier] <= level)
    visible = set(dbsession.scalars(sa.select(Article.id).where(Article.access_level <= level)))
    assert set(ids(lists.most_read)) | set(ids(lists.latest)) <= visible


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_the_article_page_reads_only_what_the_viewer_may_see(dbsession, viewer):
    level = VIEWERS[viewer]
    for (folder_tier, article_tier), article in build_matrix(dbsession).items():
        row = reads.article_page(dbsession, article.id, level, None, None)
        visible = max(LEVELS[folder_tier], LEVELS[article_tier]) <= level
        assert (row is not None) is visible
        if visible:
            assert (row.id, row.folder_id, row.question, row.answer) == (
                article.id, article.folder_id, article.question, article.answer)
    assert reads.article_page(dbsession, 10**9, 2, None, None) is None


def test_the_readers_own_vote_is_read_for_that_reader_only(dbsession):
    folder = service.create_folder(dbsession, "Own votes")
    article = service.create_article(dbsession, folder, "Whose vote?", "Theirs.")
    record_vote(dbsession, article.id, "person:1", True)
    record_vote(dbsession, article.id, "browser:abc", False)
    assert reads.article_page(dbsession, article.id, 0, None, "person:1").my_vote is True
    assert reads.article_page(dbsession, article.id, 0, None, "browser:abc").my_vote is False
    assert reads.article_page(dbsession, article.id, 0, None, "person:2").my_vote is None
    assert reads.article_page(dbsession, article.id, 0, None, None).my_vote is None


def test_the_page_shows_a_vote_to_its_voter_and_to_nobody_else(testapp, new_testapp, login, dbsession):
    folder = service.create_folder(dbsession, "Shown votes")
    article = service.create_article(dbsession, folder, "Shown to whom?", "The voter.")
    url = f"/faq/articles/{article.id}"
    login(testapp, "demo@example.com")
    testapp.get(url).forms["faq-vote"].submit("helpful", value="no")
    assert "You answered no." in testapp.get(url).text
    agent = new_testapp("192.0.2.60")
    login(agent, "agent@example.com")
    anonymous = new_testapp("192.0.2.61")
    for other in (agent, anonymous):
        page = other.get(url)
        assert not page.html.select(".faq-my-vote") and "0 of 1 found this helpful." in page.text


def test_the_version_is_read_in_the_readers_language_only(dbsession):
    folder = service.create_folder(dbsession, "Versions")
    article = service.create_article(dbsession, folder, "In English?", "Yes.")
    versions.save_version(dbsession, article, "nb", "På norsk?", "Ja.")
    norwegian = reads.article_page(dbsession, article.id, 0, "nb", None)
    assert (norwegian.version_question, norwegian.version_answer) == ("På norsk?", "Ja.")
    for language in (None, "de"):
        row = reads.article_page(dbsession, article.id, 0, language, None)
        assert (row.question, row.version_question, row.version_answer) == ("In English?", None, None)


def test_breadcrumbs_and_related_in_one_statement_match_the_separate_reads(dbsession, sql_statements):
    top = service.create_folder(dbsession, "Crumb top")
    middle = service.create_folder(dbsession, "Crumb middle", parent=top)
    article = service.create_article(dbsession, middle, "Deep?", "A.")
    for number, tier in enumerate(TIERS * 3):
        other = service.create_article(dbsession, middle, f"Neighbour {number}?", "A.", visibility=tier)
        other.view_count = number
    dbsession.flush()
    for level in sorted(set(VIEWERS.values())):
        with sql_statements() as statements:
            crumbs, related = reads.article_surroundings(dbsession, article.id, middle.id, level)
        assert len(statements) == 1
        assert [(row.id, row.name) for row in crumbs] == [tuple(row) for row in reads.breadcrumbs(dbsession, middle.id)]
        assert [row.name for row in crumbs] == ["Crumb top", "Crumb middle"]
        assert ids(related) == ids(reads.related(dbsession, article, level))
        assert article.id not in ids(related) and len(related) == min(reads.SHORT_LIST, 3 * (level + 1))
        assert all(row.question.startswith("Neighbour") for row in related)


def test_a_view_counts_once_and_a_refused_vote_or_a_head_not_at_all(testapp, dbsession):
    folder = service.create_folder(dbsession, "Counted")
    article = service.create_article(dbsession, folder, "Counted once?", "Per view.")

    def views():
        dbsession.expire_all()
        return dbsession.get(Article, article.id).view_count

    url = f"/faq/articles/{article.id}"
    form = testapp.get(url).forms["faq-vote"]
    assert views() == 1
    testapp.head(url)
    assert views() == 1
    fields = {name: found[0].value for name, found in form.fields.items() if name != "helpful"}
    refused = testapp.post(f"{url}/vote", {**fields, "helpful": "maybe"})
    assert refused.html.select_one("#faq-vote-errors") and refused.html.h1.get_text() == "Counted once?"
    assert views() == 1
    testapp.get(url)
    assert views() == 2


def test_the_view_count_waits_for_no_disk_and_costs_one_statement(testapp, dbsession, sql_statements):
    folder = service.create_folder(dbsession, "Durability")
    article = service.create_article(dbsession, folder, "Flushed?", "Not for a count.")
    postgresql = dbsession.get_bind().dialect.name == "postgresql"
    if postgresql:
        assert dbsession.execute(sa.text("SHOW synchronous_commit")).scalar() == "on"
    testapp.get(f"/faq/articles/{article.id}")  # after the page's transaction: the count
    with sql_statements() as statements:
        from cc_faq.counters import increment_views

        increment_views(dbsession.connection(), article.id)
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("UPDATE")
    if postgresql:  # relaxed by the UPDATE itself, for the rest of the transaction
        assert dbsession.execute(sa.text("SHOW synchronous_commit")).scalar() == "off"
    dbsession.expire_all()
    assert dbsession.get(Article, article.id).view_count == 2
