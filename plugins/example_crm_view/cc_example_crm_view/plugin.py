"""Hook implementations of the example CRM view (nothing else lives here)."""
import datetime as dt

from cc_core import api

from . import hookspecs
from .i18n import _


cc_configure = api.include_package_hook("cc_example_crm_view", route_prefix="/company")
cc_add_hookspecs = api.add_hookspecs_hook(hookspecs)
cc_migration_locations = api.migrations_hook("cc_example_crm_view")


def _has_company(request) -> bool:
    person = request.person
    return person is not None and person.company_id is not None


@api.hookimpl
def cc_navigation(request):
    if not _has_company(request):
        return []
    return [api.NavItem(label=_("Company"), route="example_crm_view.company", order=60, name="company")]


@api.hookimpl
def cc_home_panels(request):
    if not _has_company(request):
        return []
    from .datasource import data_source

    today = dt.datetime.now(request.fmt.tz).date()
    figures = data_source(request).key_figures(request.person.company_id, today)
    return [api.Panel(title=_("Your company"), template="cc_example_crm_view:templates/panel.pt",
                      values=(("figures", figures),), order=50, name="company")]


@api.hookimpl
def cc_assets(request):
    # The home page too, where a logged-in person sees the panel: its figures are laid out by the same stylesheet.
    if not api.is_under(request, "example_crm_view.company", or_home=request.person is not None):
        return []
    return [api.Asset(url=request.static_path("cc_example_crm_view:static/company.css"), kind="css", order=50)]


@api.hookimpl(trylast=True)
def cc_demo_data(dbsession, settings):
    # trylast: pluggy calls later-registered plugins first, and the records
    # belong to the core's demo companies, which must exist already.
    from .demo import create_demo_records

    create_demo_records(dbsession)


@api.hookimpl(optionalhook=True)
def cc_preferences_export(request, person):
    """The company details the person changed, for the download of their data."""
    from .datasource import data_source

    return {"example_crm_view_changes": [
        {"company_id": save.company_id, "version": save.version, "changed_at": save.changed_at.isoformat(),
         "fields": [{"field": c.field, "old": c.old, "new": c.new} for c in save.changes]}
        for save in data_source(request).saves_by(person.id)]}


@api.hookimpl
def cc_api_endpoints(settings):
    from .api_endpoints import endpoints

    return endpoints()
