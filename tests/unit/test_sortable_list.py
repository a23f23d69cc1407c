"""api.SortableList: column headings' links, aria-sort and the keyset order of a list."""
import dataclasses

import sqlalchemy as sa

from cc_core import api

TABLE = sa.table("thing", sa.column("id"), sa.column("name"), sa.column("created"))


@dataclasses.dataclass(frozen=True)
class Filters(api.SortableList):
    sort: str = "name"
    q: str = ""

    descending_first = ("created",)

    def query(self, **changes):
        values = {"sort": self.sort, "q": self.q, **changes}
        return {key: value for key, value in values.items() if value}


def test_column_and_direction_come_from_the_sort():
    assert (Filters("name").column, Filters("name").descending) == ("name", False)
    assert (Filters("-created").column, Filters("-created").descending) == ("created", True)


def test_a_heading_turns_its_column_round_and_starts_others_fresh():
    filters = Filters("name", q="printer")
    assert filters.sort_link("name") == {"sort": "-name", "q": "printer"}
    assert Filters("-name").sort_link("name") == {"sort": "name"}
    assert filters.sort_link("id") == {"sort": "id", "q": "printer"}
    assert filters.sort_link("created") == {"sort": "-created", "q": "printer"}   # newest first


def test_only_the_sorted_column_has_aria_sort():
    filters = Filters("-created")
    assert filters.aria_sort("created") == "descending"
    assert filters.aria_sort("name") is None
    assert Filters("name").aria_sort("name") == "ascending"


def test_the_order_ends_with_the_unique_column_in_the_same_direction():
    order = Filters("-created").order_by(TABLE.c.created, TABLE.c.id)
    assert [(o.expression, o.descending) for o in order] == [(TABLE.c.created, True), (TABLE.c.id, True)]
    assert [(o.expression, o.descending) for o in Filters("id").order_by(TABLE.c.id, TABLE.c.id)] == [
        (TABLE.c.id, False)]
