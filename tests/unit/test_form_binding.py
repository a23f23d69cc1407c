"""A form's schema bound to the request: what colander's ``bind`` gives, without its attribute scan."""
import colander

from cc_core.forms.binding import bind


def plain_schema():
    schema = colander.Schema()
    schema.add(colander.SchemaNode(colander.String(), name="title"))
    one = colander.SchemaNode(colander.String(), name="file", missing=colander.drop)
    schema.add(colander.SchemaNode(colander.Sequence(), one, name="attachment", missing=[]))
    return schema


def test_every_node_of_a_copy_is_bound_and_the_schema_given_stays_unbound():
    schema = plain_schema()
    bound = bind(schema, request="the request")
    assert bound is not schema
    nodes = [bound, bound["title"], bound["attachment"], bound["attachment"].children[0]]
    assert all(node.bindings == {"request": "the request"} for node in nodes)
    assert all(getattr(node, "bindings", None) is None
               for node in (schema, schema["title"], schema["attachment"], schema["attachment"].children[0]))


def test_after_bind_runs_children_first_as_colander_does():
    calls = []

    def after(name):
        return lambda node, kw: calls.append((name, kw["request"]))

    def schema():
        outer = colander.Schema(after_bind=after("outer"))
        outer.add(colander.SchemaNode(colander.String(), name="inner", after_bind=after("inner")))
        return outer

    bind(schema(), request=1)
    ours = list(calls)
    calls.clear()
    schema().bind(request=1)
    assert ours == calls == [("inner", 1), ("outer", 1)]


def test_a_deferred_value_is_resolved_as_by_colander():
    @colander.deferred
    def default_title(node, kw):
        return kw["request"].upper()

    schema = plain_schema()
    schema["title"].default = default_title
    assert bind(schema, request="abc")["title"].default == "ABC"
    assert schema["title"].default is default_title


def test_a_deferred_declared_on_a_node_class_is_resolved():
    class Titled(colander.SchemaNode):
        schema_type = colander.String

        @colander.deferred
        def missing(node, kw):
            return kw["request"]

    schema = colander.Schema()
    schema.add(Titled(name="title"))
    assert bind(schema, request="fallback")["title"].missing == "fallback"
