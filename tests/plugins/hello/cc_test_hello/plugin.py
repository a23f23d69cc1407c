"""Hook implementations of the test plugin: one of each core hook."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from cc_core import api

CALLS = []


class Greeting(api.Base):
    __tablename__ = "hello_greeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(sa.String(100))


@api.hookimpl
def cc_configure(config):
    config.include("cc_test_hello", route_prefix="/hello")


@api.hookimpl
def cc_migration_locations():
    return ["cc_test_hello:migrations/versions"]


@api.hookimpl
def cc_demo_data(dbsession, settings):
    dbsession.add(Greeting(text="hello demo"))


@api.hookimpl
def cc_cli_commands(subparsers):
    parser = subparsers.add_parser("hello", help="say hello")
    parser.set_defaults(func=lambda args, env: print("hello from the plugin"))


@api.hookimpl
def cc_navigation(request):
    return [api.NavItem(label="Hello", route="hello.page", order=90, badge="1")]


@api.hookimpl
def cc_home_panels(request):
    return [api.Panel(title="Hello panel", template="cc_test_hello:templates/panel.pt",
                      values=(("count", 42),), order=10, name="hello")]


@api.hookimpl
def cc_assets(request):
    return [api.Asset(url=request.static_path("cc_test_hello:static/hello.css"), kind="css", order=10),
            api.Asset(url=request.static_path("cc_test_hello:static/hello.js"), kind="js", order=10)]


@api.hookimpl
def cc_principals(request, person):
    return ["hello:friend"] if person.email == "demo@example.com" else []


@api.hookimpl
def cc_validate_form(request, form_id, values):
    if form_id == "login" and values.get("email") == "refused@example.com":
        return {"email": "The hello plugin refuses this address."}
    return None


@api.hookimpl
def cc_on_login(request, person):
    CALLS.append(("login", person.email))


@api.hookimpl
def cc_on_logout(request, person):
    CALLS.append(("logout", person.email))


#: A count of the plugin's own in ``cc seed`` (``--hello-greetings N``).
GREETINGS = api.SeedCount("hello_greetings", 3, "extra greetings", scales=False)


@api.hookimpl
def cc_seed_counts():
    return [GREETINGS]


@api.hookimpl
def cc_seed(engine, settings, sizes):
    rows = ({"text": f"seeded {i}"} for i in range(sizes.companies))
    with engine.begin() as connection:
        api.insert_batches(connection, Greeting.__table__, rows, "greetings", sizes.companies)
        extra = [{"text": f"extra {i}"} for i in range(sizes.of(GREETINGS))]
        api.insert_batches(connection, Greeting.__table__, extra, "extra greetings", len(extra))
