"""The core's own hook implementations, registered like any plugin's."""
from .i18n import _
from .layout import NavItem
from pluggy import HookimplMarker

hookimpl = HookimplMarker("cc")


@hookimpl
def cc_navigation(request):
    return [NavItem(label=_("Home"), route="home", order=0, match_prefix="/", name="home")]


@hookimpl
def cc_migration_locations():
    return ["cc_core:migrations/versions"]


@hookimpl
def cc_demo_data(dbsession, settings):
    from .demo import create_core_demo

    create_core_demo(dbsession)


@hookimpl
def cc_job_handlers(settings):
    from .jobs.purges import purge_handlers
    from .mail import MAIL_HANDLER
    from .mail_inbound.jobs import FETCH_HANDLER
    from .views.account.deferred import ACCOUNT_MAIL_HANDLER

    return [MAIL_HANDLER, ACCOUNT_MAIL_HANDLER, FETCH_HANDLER, *purge_handlers()]


@hookimpl
def cc_recurring_jobs(settings):
    from .jobs.purges import purge_schedule
    from .mail_inbound.jobs import fetch_schedule

    return [*purge_schedule(settings), *fetch_schedule(settings)]


@hookimpl
def cc_api_endpoints(settings):
    from .api_v1.me import ENDPOINTS
    from .api_v1.me_profile import ENDPOINTS as PROFILE_ENDPOINTS

    return [*ENDPOINTS, *PROFILE_ENDPOINTS]
