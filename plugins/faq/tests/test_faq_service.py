"""The write side: derived access levels, moves, keys."""
import pytest

from cc_faq import service
from cc_faq.models import Article, Folder

pytestmark = pytest.mark.cc_plugins("faq")


def levels(dbsession, *rows):
    dbsession.expire_all()
    return [dbsession.get(type(row), row.id).access_level for row in rows]


def test_levels_follow_folder_changes_through_the_subtree(dbsession):
    top = service.create_folder(dbsession, "Top")
    child = service.create_folder(dbsession, "Child", parent=top)
    grandchild = service.create_folder(dbsession, "Grandchild", parent=child, visibility="customers")
    a = service.create_article(dbsession, child, "A?", "a")
    b = service.create_article(dbsession, grandchild, "B?", "b")
    c = service.create_article(dbsession, grandchild, "C?", "c", visibility="internal")
    assert levels(dbsession, top, child, grandchild, a, b, c) == [0, 0, 1, 0, 1, 2]
    service.update_folder(dbsession, top, visibility="internal")
    assert levels(dbsession, top, child, grandchild, a, b, c) == [2, 2, 2, 2, 2, 2]
    service.update_folder(dbsession, dbsession.get(Folder, top.id), visibility="public")
    assert levels(dbsession, top, child, grandchild, a, b, c) == [0, 0, 1, 0, 1, 2]


def test_moving_a_folder_takes_the_new_parent_level(dbsession):
    public = service.create_folder(dbsession, "Public")
    secret = service.create_folder(dbsession, "Secret", visibility="internal")
    moving = service.create_folder(dbsession, "Moving", parent=public)
    article = service.create_article(dbsession, moving, "Q?", "a")
    service.move_folder(dbsession, moving, secret)
    assert levels(dbsession, moving, article) == [2, 2]
    service.move_folder(dbsession, dbsession.get(Folder, moving.id), None)
    assert levels(dbsession, moving, article) == [0, 0]


def test_a_folder_cannot_move_into_its_own_subtree(dbsession):
    top = service.create_folder(dbsession, "Top")
    child = service.create_folder(dbsession, "Child", parent=top)
    with pytest.raises(service.FaqError):
        service.move_folder(dbsession, top, child)
    with pytest.raises(service.FaqError):
        service.move_folder(dbsession, top, top)


def test_moving_an_article(dbsession):
    public = service.create_folder(dbsession, "Public")
    customers = service.create_folder(dbsession, "Customers", visibility="customers")
    article = service.create_article(dbsession, public, "Q?", "a")
    service.move_article(dbsession, article, customers)
    assert levels(dbsession, article) == [1]


def test_keys_are_unique_per_parent_and_generated_from_names(dbsession):
    folder = service.create_folder(dbsession, "Faktura på e-post?")
    assert folder.slug == "faktura-pa-e-post"
    first = service.create_article(dbsession, folder, "Hvordan får jeg fakturaen?", "Svar.")
    second = service.create_article(dbsession, folder, "Hvordan får jeg fakturaen?", "Annet svar.")
    assert (first.slug, second.slug) == ("hvordan-far-jeg-fakturaen", "hvordan-far-jeg-fakturaen-2")
    with pytest.raises(service.FaqError):
        service.create_article(dbsession, folder, "X?", "y", slug=first.slug)
    with pytest.raises(service.FaqError):
        service.create_article(dbsession, folder, "X?", "y", slug="Not A Slug")


@pytest.mark.parametrize("kwargs,message", [
    ({"question": " ", "answer": "a"}, "question is empty"),
    ({"question": "q" * 301, "answer": "a"}, "longer than 300"),
    ({"question": "q", "answer": ""}, "answer is empty"),
    ({"question": "q", "answer": "a", "visibility": "secret"}, "visibility must be one of"),
])
def test_invalid_articles_are_refused(dbsession, kwargs, message):
    folder = service.create_folder(dbsession, "F")
    with pytest.raises(service.FaqError, match=message):
        service.create_article(dbsession, folder, **kwargs)


def test_update_reports_whether_anything_changed_and_keeps_text_in_step(dbsession):
    folder = service.create_folder(dbsession, "F")
    article = service.create_article(dbsession, folder, "Q?", "**Bold** answer")
    assert article.answer_text == "Bold answer"
    stamp = article.updated_at
    assert not service.update_article(dbsession, article, question="Q?", answer="**Bold** answer")
    assert article.updated_at == stamp
    assert service.update_article(dbsession, article, answer="*New* answer")
    assert dbsession.get(Article, article.id).answer_text == "New answer"


def test_demo_data_is_not_added_twice(dbsession):
    from cc_faq.demo import create_demo
    import sqlalchemy as sa

    before = dbsession.scalar(sa.select(sa.func.count()).select_from(Article))
    create_demo(dbsession)
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(Article)) == before > 0
