"""cc_core.pagination (through the api): keyset pages over a small table of their own (no app needed)."""
import datetime as dt

import pytest
import sqlalchemy as sa

from cc_core import api

Order, keyset_page = api.Order, api.keyset_page
encode_cursor, decode_cursor, AFTER = api.encode_cursor, api.decode_cursor, api.Cursor.AFTER

SECRET = "pagination-test-secret-0123456789abcdef"
metadata = sa.MetaData()
items = sa.Table("items", metadata, sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("score", sa.Integer, nullable=False), sa.Column("name", sa.String(20), nullable=False),
                 sa.Column("at", sa.DateTime, nullable=False))


@pytest.fixture(scope="module")
def session():
    from sqlalchemy.orm import Session

    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    start = dt.datetime(2024, 1, 1)
    with engine.begin() as conn:
        conn.execute(items.insert(), [{"id": n, "score": n % 4, "name": f"n{(n * 7) % 23:02d}",
                                       "at": start + dt.timedelta(hours=n // 3)} for n in range(1, 24)])
    with Session(engine) as session:
        yield session
    engine.dispose()


def walk(session, order, size, backwards_check=True):
    """Every page forward, then back again from the last: the rows in order."""
    stmt = sa.select(items.c.id)
    pages, cursor = [], None
    while True:
        page = keyset_page(session, stmt, order, cursor=cursor, size=size, secret=SECRET, purpose="t")
        pages.append(page)
        if page.next is None:
            break
        cursor = page.next
    if backwards_check:
        back = [pages[-1]]
        while back[-1].previous is not None:
            back.append(keyset_page(session, stmt, order, cursor=back[-1].previous, size=size, secret=SECRET,
                                    purpose="t"))
        assert [p.rows for p in reversed(back)] == [p.rows for p in pages]
    return [row[0] for page in pages for row in page.rows]


def expected(session, order_by):
    return [row[0] for row in session.execute(sa.select(items.c.id).order_by(*order_by))]


@pytest.mark.parametrize("size", [1, 4, 5, 23, 50])
@pytest.mark.parametrize(("order", "order_by"), [
    ([Order(items.c.id)], [items.c.id]),
    ([Order(items.c.id, True)], [items.c.id.desc()]),
    ([Order(items.c.score), Order(items.c.id)], [items.c.score, items.c.id]),
    ([Order(items.c.at, True), Order(items.c.id, True)], [items.c.at.desc(), items.c.id.desc()]),
    ([Order(items.c.score, True), Order(items.c.id)], [items.c.score.desc(), items.c.id]),  # mixed
    ([Order(items.c.name), Order(items.c.score, True), Order(items.c.id)],
     [items.c.name, items.c.score.desc(), items.c.id]),
])
def test_pages_visit_every_row_once_in_order_both_ways(session, order, order_by, size):
    assert walk(session, order, size) == expected(session, order_by)


def test_first_and_last_pages_have_no_link_beyond_them(session):
    order = [Order(items.c.id)]
    first = keyset_page(session, sa.select(items.c.id), order, cursor=None, size=10, secret=SECRET, purpose="t")
    assert first.previous is None and first.next is not None and first.is_first
    whole = keyset_page(session, sa.select(items.c.id), order, cursor=None, size=100, secret=SECRET, purpose="t")
    assert whole.next is None and whole.previous is None and len(whole.rows) == 23


def test_filters_of_the_statement_are_kept(session):
    stmt = sa.select(items.c.id).where(items.c.score == 2)
    page = keyset_page(session, stmt, [Order(items.c.id)], cursor=None, size=3, secret=SECRET, purpose="t")
    rest = keyset_page(session, stmt, [Order(items.c.id)], cursor=page.next, size=30, secret=SECRET, purpose="t")
    assert [r[0] for r in page.rows + rest.rows] == [n for n in range(1, 24) if n % 4 == 2]


def test_cursors_are_signed_typed_and_bound_to_their_order(session):
    order = [Order(items.c.at), Order(items.c.id)]
    at = dt.datetime(2024, 1, 1, 5)
    token = encode_cursor(SECRET, "t", order, AFTER, (at, 7))
    cursor = decode_cursor(SECRET, "t", order, token)
    assert cursor.values == (at, 7) and cursor.direction == AFTER
    assert decode_cursor("another-secret-0123456789abcdefghijkl", "t", order, token) is None
    assert decode_cursor(SECRET, "other-purpose", order, token) is None
    assert decode_cursor(SECRET, "t", [Order(items.c.name), Order(items.c.id)], token) is None
    assert decode_cursor(SECRET, "t", [Order(items.c.at, True), Order(items.c.id, True)], token) is None
    assert decode_cursor(SECRET, "t", order, token[:-2] + "xx") is None
    assert decode_cursor(SECRET, "t", order, "x" * 5000) is None
    assert decode_cursor(SECRET, "t", order, None) is None


def test_a_bad_cursor_gives_the_first_page(session):
    order = [Order(items.c.id)]
    page = keyset_page(session, sa.select(items.c.id), order, cursor="garbage", size=5, secret=SECRET, purpose="t")
    assert [r[0] for r in page.rows] == [1, 2, 3, 4, 5] and page.previous is None


def test_one_query_per_page(session):
    from sqlalchemy import event

    seen = []
    engine = session.get_bind()
    listener = lambda conn, cursor, statement, params, *rest: seen.append((statement, params))  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        for size in (1, 20):
            seen.clear()
            keyset_page(session, sa.select(items.c.id), [Order(items.c.score), Order(items.c.id)],
                        cursor=None, size=size, secret=SECRET, purpose="t")
            [(statement, params)] = seen
            # SQLite's compiler always writes an OFFSET: it must be zero.
            assert "LIMIT" in statement and tuple(params)[-2:] == (size + 1, 0)
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def test_an_order_needs_a_column():
    with pytest.raises(ValueError):
        keyset_page(None, sa.select(items.c.id), [], cursor=None, size=5, secret=SECRET, purpose="t")
