"""A tiny plugin that uses every core hook, for the core's own tests."""
from pyramid.view import view_config


def includeme(config):
    config.add_route("hello.page", "/")
    config.add_route("hello.boom", "/boom")
    config.add_route("hello.private", "/private")
    config.add_route("hello.staff", "/staff-only")
    config.add_static_view("hello-static", "cc_test_hello:static/")
    config.scan(".")


@view_config(route_name="hello.page", renderer="cc_test_hello:templates/hello.pt", permission="public")
def hello_page(request):
    return {"greeting": "Hello from a plugin"}


@view_config(route_name="hello.boom", permission="public")
def boom(request):
    raise RuntimeError("the hello plugin fails on purpose")


@view_config(route_name="hello.private", renderer="cc_test_hello:templates/hello.pt", permission="customer")
def private_page(request):
    return {"greeting": "Only for customers"}


@view_config(route_name="hello.staff", renderer="cc_test_hello:templates/hello.pt", permission="staff")
def staff_page(request):
    return {"greeting": "Staff corner"}
