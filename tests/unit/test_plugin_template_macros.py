"""``api.add_template_macros``: a plugin's templates, and only they, get its macros under its name."""
from pyramid.config import Configurator
from pyramid.events import BeforeRender

from cc_core import api

MACROS = "cc_core:templates/widgets.pt"


def render_event(config, renderer_name: str, **values) -> BeforeRender:
    """The event as Pyramid sends it before rendering, with ``config``'s registry the current one."""
    event = BeforeRender({"renderer_name": renderer_name, **values}, {})
    config.begin()
    try:
        config.registry.notify(event)
    finally:
        config.end()
    return event


def config_with_macros(**kwargs):
    config = Configurator()
    config.include("pyramid_chameleon")
    api.add_template_macros(config, "acme", MACROS, **kwargs)
    config.commit()
    return config


def test_templates_of_the_package_get_the_macros_and_the_values():
    config = config_with_macros(status_label=str.upper)
    event = render_event(config, "cc_core:templates/home.pt")
    assert event["acme"].macros["search_box"]
    assert event["status_label"] is str.upper


def test_other_templates_get_nothing_and_a_name_given_already_is_kept():
    config = config_with_macros(templates="cc_core:templates/account/")
    assert "acme" not in render_event(config, "cc_core:templates/home.pt")
    assert "acme" not in render_event(config, "cc_faq:templates/account/login.pt")
    assert "acme" not in render_event(config, "")
    assert render_event(config, "cc_core:templates/account/login.pt", acme="mine")["acme"] == "mine"
    assert render_event(config, "cc_core:templates/account/login.pt")["acme"].macros["search_box"]
