"""The example CRM view: a customer's company page, its records and an edit form.

``includeme`` adds the routes under the prefix the plugin hook gives
(``/company``), the static files, the translations and the data source
factory an installer may name in the settings (see :mod:`.datasource`).
"""
from .datasource import DATA_SOURCE_KEY
from .resources import CompanyResource


def includeme(config):
    settings = config.get_settings()
    configured = settings.get(DATA_SOURCE_KEY)
    if configured:
        config.registry[DATA_SOURCE_KEY] = config.maybe_dotted(configured)
    config.add_route("example_crm_view.company", "", factory=CompanyResource, inherit_slash=True)
    config.add_route("example_crm_view.edit", "/edit", factory=CompanyResource)
    config.add_static_view("static", "cc_example_crm_view:static/", cache_max_age=3600)
    config.add_translation_dirs("cc_example_crm_view:locale/")
    config.scan()
