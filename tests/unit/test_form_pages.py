"""The pipeline's GET half, pages of several forms, and the state the schema sees."""
import colander
from pyramid import testing
from webob.multidict import MultiDict

from cc_core import api
from cc_core.forms import STATE_FIELD


class CountForm(api.Form):
    """A form whose schema depends on its signed state (how many fields to ask)."""

    id = "count"
    one_time = False

    def schema(self):
        schema = colander.Schema()
        schema.add(colander.SchemaNode(colander.Integer(), name="number"))
        for index in range(self.state.get("extra", 0)):
            schema.add(colander.SchemaNode(colander.String(), name=f"extra{index}"))
        return schema

    def initial(self):
        return {"number": 7}

    def initial_state(self):
        return {"extra": 1}

    def apply(self, values, state):
        self.applied = values
        return "/done"


class OtherForm(CountForm):
    id = "other"


def _request(method="GET", post=None):
    request = testing.DummyRequest(method=method, post=MultiDict(post or {}))
    request.registry.settings["cc.secret"] = "s" * 32
    return request


def test_prepare_gives_the_initial_state_and_the_schemas_serialised_values():
    with testing.testConfig():
        form = CountForm(_request()).prepare()
    assert form.state == {"extra": 1}
    assert form.values == {"number": "7", "extra0": ""}  # serialised: what the field shows
    assert form.errors == {}


def test_page_forms_keeps_the_posted_form_and_prepares_its_siblings():
    with testing.testConfig():
        request = _request()
        posted = CountForm(request)
        posted.values, posted.errors = {"number": "x"}, {"number": "Not a number"}
        forms = api.page_forms({"count": CountForm(request), "other": OtherForm(request)}, posted=posted)
    assert forms["count"] is posted and posted.values == {"number": "x"}
    assert forms["other"].values == {"number": "7", "extra0": ""}
    assert forms["other"].state == {"extra": 1}


def test_page_forms_without_a_posted_form_prepares_every_one():
    with testing.testConfig():
        request = _request()
        forms = api.page_forms({row: OtherForm(request) for row in (1, 2)})
    assert [form.values["number"] for form in forms.values()] == ["7", "7"]


def test_the_schema_is_built_from_the_verified_state(monkeypatch):
    """The posted state asks for two extra fields: the schema must know before it parses."""
    with testing.testConfig() as config:
        request = _request("POST")
        config.registry["cc.plugin_manager"] = _NoHooks()
        state = api.sign(request, "form.count", {"extra": 2})
        request.POST.update({STATE_FIELD: state, "number": "3", "extra0": "a", "extra1": "b"})
        form = CountForm(request)
        response = api.process_form(form)
    assert response.status_int == 303
    assert form.applied == {"number": 3, "extra0": "a", "extra1": "b"}


class _NoHooks:
    class hook:  # noqa: N801 - the shape of pluggy's ``pm.hook``
        @staticmethod
        def cc_validate_form(**kwargs):
            return []
