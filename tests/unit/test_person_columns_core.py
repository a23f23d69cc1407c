"""Values loaded with the person: read back only when they are known to be current, and only for that person."""
import types

import pytest
import sqlalchemy as sa

from cc_core.person_columns import ENVIRON_KEY, PersonColumn, forget_values, person_statement, person_value


def fake_request(method="GET", person_id=7, kept=(7, {"x_count": 3})):
    request = types.SimpleNamespace(method=method, environ={},
                                    person=None if person_id is None else types.SimpleNamespace(id=person_id))
    if kept is not None:
        request.environ[ENVIRON_KEY] = kept
    return request


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_a_safe_request_reads_the_value_loaded_with_its_person(method):
    assert person_value(fake_request(method), "x_count") == 3


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_request_that_may_change_data_gets_none_and_asks_the_database(method):
    assert person_value(fake_request(method), "x_count") is None


def test_values_of_another_person_are_never_answered():
    # The person changed during the request (a login): what was loaded belongs to someone else.
    assert person_value(fake_request(person_id=8), "x_count") is None
    assert person_value(fake_request(person_id=None), "x_count") is None


def test_unknown_names_and_forgotten_values_are_none():
    request = fake_request()
    assert person_value(request, "y_count") is None
    forget_values(request)
    assert person_value(request, "x_count") is None


def plugin_manager(*contributions):
    """A stand-in with plugins' ``cc_person_columns`` answers, one list per plugin."""
    def cc_person_columns():
        return list(contributions)

    return types.SimpleNamespace(hook=types.SimpleNamespace(cc_person_columns=cc_person_columns))


def test_the_statement_is_built_once_with_every_plugins_columns():
    registry = {"cc.plugin_manager": plugin_manager([PersonColumn("a_one", sa.literal(1))],
                                                    [PersonColumn("b_two", sa.literal(2))])}
    statement, names = person_statement(registry)
    assert names == ("a_one", "b_two")
    assert person_statement(registry)[0] is statement
    assert {"a_one", "b_two", "revoked"} <= set(statement.selected_columns.keys())


def test_a_request_that_may_change_data_loads_the_person_without_the_plugins_columns():
    registry = {"cc.plugin_manager": plugin_manager([PersonColumn("a_one", sa.literal(1))])}
    statement, names = person_statement(registry, with_columns=False)
    assert names == ()
    assert "revoked" in statement.selected_columns.keys() and "a_one" not in statement.selected_columns.keys()
    assert person_statement(registry, with_columns=False)[0] is statement
    assert person_statement(registry)[1] == ("a_one",)


def test_two_plugins_cannot_claim_one_name():
    registry = {"cc.plugin_manager": plugin_manager([PersonColumn("same", sa.literal(1))],
                                                    [PersonColumn("same", sa.literal(2))])}
    with pytest.raises(ValueError, match="same name"):
        person_statement(registry)
