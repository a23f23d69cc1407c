"""Every hook the core offers to plugins, one module per family.

Each specification says when the core calls it, with which arguments, and
what it expects back.  Hook families:

* lifecycle hooks (``cc_configure``, ``cc_add_hookspecs``,
  ``cc_migration_locations``, ``cc_demo_data``, ``cc_cli_commands``) run while
  the application or the command line starts;
* collector hooks (``cc_navigation``, ``cc_user_menu``, ``cc_home_panels``,
  ``cc_assets``, ``cc_principals``) return lists that the core merges and
  sorts by an explicit ``order``, because pluggy's own call order (last
  registered first) is not something anybody should depend on.  Those that
  build shared pages are called one implementation at a time
  (:func:`cc_core.collectors.collect`): one that raises is logged with its
  plugin's name and left out, so it cannot take the page down;
* ``cc_person_columns`` adds values to the one statement that loads the
  logged-in person (:mod:`cc_core.person_columns`), called once;
* the validation hook (``cc_validate_form``) lets any plugin refuse a form
  submission with a message shown next to a field;
* ``cc_referenced_files`` collects the storage keys plugins' rows point
  at, so the orphan sweep (:mod:`cc_core.storage_sweep`) keeps them;
* sign-in hooks (``cc_sign_in_entries``, ``cc_password_sign_in_redirect``,
  ``cc_sign_out_redirect``) let a plugin add a way of signing in
  (:mod:`cc_core.sign_in` keeps what every way shares);
* ``cc_api_endpoints`` contributes a plugin's resources to the JSON API
  under ``/api/v1`` and to its OpenAPI document (docs/api.md);
* notification hooks (``cc_on_*``) tell plugins that something happened;
  their return value is ignored;
* job hooks (``cc_job_handlers``, ``cc_recurring_jobs``) declare the
  background work a plugin does (docs/jobs.md).

``docs/plugin_hooks.md`` has a section with an example for every hook here,
and a test fails when one is missing.
"""
from .lifecycle import (cc_add_hookspecs, cc_cli_commands, cc_configure, cc_demo_data, cc_migration_locations,
                        cc_seed, cc_seed_counts)
from .pages import (cc_assets, cc_home_actions, cc_home_panels, cc_navigation, cc_person_columns, cc_principals,
                    cc_search_sections, cc_user_menu, cc_validate_form)
from .services import cc_api_endpoints, cc_job_handlers, cc_mail_received, cc_recurring_jobs, cc_referenced_files
from .sign_in import (cc_on_login, cc_on_logout, cc_password_sign_in_redirect, cc_sign_in_entries,
                      cc_sign_out_redirect)

__all__ = sorted(name for name in dir() if name.startswith("cc_"))
