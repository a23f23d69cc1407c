"""A plugin module registered directly by tests: forms that exercise the pipeline."""
import colander
import sqlalchemy as sa
from pyramid.view import view_config

from cc_core import api


class GreetingSchema(colander.Schema):
    text = colander.SchemaNode(colander.String(), title="Greeting", validator=colander.Length(min=2, max=100))
    secret = colander.SchemaNode(colander.String(), title="Secret", widget="password", missing="")
    count = colander.SchemaNode(colander.Integer(), title="Count", widget="number", missing=1,
                                validator=colander.Range(1, 10))
    attachment = colander.SchemaNode(api.FileUpload(), title="File", widget="file", missing=None,
                                     max_bytes=1000, allowed_types=["text/plain", "image/*"])


class GreetingForm(api.Form):
    id = "greeting"
    template = "cc_test_hello:templates/form.pt"
    success_message = "Greeting saved."

    def schema(self):
        return GreetingSchema()

    def initial_state(self):
        return {"version": 7}

    def check(self, values, state):
        if values["text"] == "conflict":
            return {"": "Somebody else changed it."}
        return None

    def apply(self, values, state):
        text = values["text"]
        if values["attachment"]:
            text += f" [{values['attachment'].filename} {values['attachment'].size}]"
        text += f" v{state['version']}"
        self.request.dbsession.execute(
            sa.text("INSERT INTO hello_greeting (text) VALUES (:t)"), {"t": text})
        return self.request.route_path("formsdemo", _query={"saved": "1"})


@view_config(route_name="formsdemo", permission="public")
def greeting_view(request):
    return api.process_form(GreetingForm(request))


@api.hookimpl
def cc_configure(config):
    config.add_route("formsdemo", "/formsdemo")
    import sys

    config.scan(sys.modules[__name__])
