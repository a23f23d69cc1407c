"""The stable surface plugins import: ``from cc_core import api``.

Everything a plugin needs from the core is here; anything else in
``cc_core`` may change between releases.  A test fails when a shipped
plugin imports ``cc_core`` from anywhere but this module and
``cc_core.testing``.
"""
from pluggy import HookimplMarker, HookspecMarker
from pyramid.i18n import TranslationStringFactory

from .api_v1.access_tokens import create_api_token, person_tokens, revoke_api_token
from .api_v1.bodies import validated_values
from .api_v1.conditional import entity_tag, if_match_version, not_modified, tagged_result
from .api_v1.parameters import parameter_errors
from .api_v1.endpoints import ApiComponent, ApiResult, Endpoint
from .api_v1.json_schema import node_schema, object_schema
from .api_v1.problems import ApiProblem
from .collectors import collect
from .db import Base, UTCDateTime, utcnow
from .tm_session import mark_changed
from .dialect_script import DialectScript, UnsupportedDatabase
from .fields import (check_new_password, choice_node, email_node, language_node, name_node, new_password_nodes,
                     phone_node, schema_of, single_line, text_node, timezone_node)
from .fields import contact_nodes
from .file_safety import served_type as served_file_type
from .forms import (BadState, FileUpload, Form, KeptFile, UploadedFile, form_view, human_size, page_forms,
                    process_form, safe_filename, sign, unsign)
from .headers import allow_form_target
from .i18n import LANGUAGE_NAMES, available_languages, html_attribute, html_text
from .ids import MAX_ID, id_segment, matched_id, parse_id
from .jobs.enqueue import enqueue
from .jobs.registry import JobFailed, JobHandler, RecurringJob
from .jobs.status import QueueStatus, failed_jobs, queue_status, retry_jobs
from .layout import PANEL_ITEMS, Asset, NavItem, Panel, PreferenceGroup, flash
from .route_paths import fixed_path, id_path, is_under
from .link_pages import LinkForm, link_page, log_in, stale_page
from .mail import MAIL_JOB, mail_subject, send_mail
from .mail_inbound import (MailAttachment, ReceivedMail, answer_mail, is_support_address, parse_reply_address,
                           reply_address)
from .migrate import CORE_MIGRATION_BASE
from .models import ApiToken, Company, Person
from .person_columns import PersonColumn, person_value
from .pagination import Cursor, Order, Page, SortableList, decode_cursor, encode_cursor, keyset_page
from .password_policy import password_problem, verify_current_password
from .passwords import hash_password, verify_password
from .progress import Progress
from .seed import SeedCount, SeedSizes, bulk_insert, insert_batches, refresh_statistics
from .sessions import end_other_sessions
from .sign_in import (SignInEntry, admit_external_attempt, end_session, external_attempt_succeeded,
                      start_session)
from .site_search import MAX_QUERY as MAX_SEARCH_TEXT, SearchHit, SearchSection, search_text
from .standard_hooks import add_hookspecs_hook, include_package_hook, migrations_hook
from .template_macros import add_template_macros
from .storage import (FolderStorage, Storage, StorageConfigError, StorageError, StorageUnavailable, StoredFile,
                      StoredKey, get_storage, storage_from_settings)
from .tokens import LinkToken, TokenError, check_token, consume_token, issue_token, token_ttl, token_url
from .urls import safe_return_url

#: Decorates a plugin's hook implementations.
hookimpl = HookimplMarker("cc")
#: Decorates hook specifications a plugin offers to other plugins.
hookspec = HookspecMarker("cc")

__all__ = [
    "hookimpl", "hookspec", "TranslationStringFactory", "collect",
    "include_package_hook", "add_hookspecs_hook", "migrations_hook",
    "Base", "UTCDateTime", "utcnow", "mark_changed", "CORE_MIGRATION_BASE", "Company", "Person",
    "NavItem", "Panel", "PANEL_ITEMS", "Asset", "PreferenceGroup", "flash", "SearchSection", "SearchHit",
    "fixed_path", "id_path", "is_under",
    "add_template_macros", "MAX_SEARCH_TEXT", "search_text",
    "schema_of", "choice_node", "contact_nodes", "text_node", "email_node", "name_node", "phone_node", "language_node",
    "timezone_node", "single_line",
    "new_password_nodes", "check_new_password",
    "Form", "process_form", "form_view", "page_forms", "FileUpload", "UploadedFile", "KeptFile", "BadState", "sign",
    "unsign", "human_size", "safe_filename", "served_file_type", "safe_return_url", "send_mail", "plugin_manager",
    "Progress", "SeedCount", "SeedSizes", "insert_batches", "bulk_insert", "refresh_statistics",
    "PersonColumn", "person_value",
    "hash_password", "verify_password", "password_problem", "verify_current_password", "end_other_sessions",
    "available_languages", "LANGUAGE_NAMES", "html_text", "html_attribute",
    "issue_token", "token_url", "check_token", "consume_token", "token_ttl", "TokenError", "LinkToken",
    "LinkForm", "link_page", "stale_page", "log_in",
    "SignInEntry", "allow_form_target", "start_session", "end_session", "admit_external_attempt", "external_attempt_succeeded",
    "MAX_ID", "id_segment", "parse_id", "matched_id",
    "Order", "Page", "SortableList", "Cursor", "keyset_page", "encode_cursor", "decode_cursor",
    "enqueue", "JobHandler", "RecurringJob", "JobFailed", "queue_status", "QueueStatus", "failed_jobs",
    "retry_jobs", "MAIL_JOB", "mail_subject",
    "Storage", "FolderStorage", "StoredFile", "StoredKey", "StorageError", "StorageUnavailable",
    "StorageConfigError", "get_storage", "storage_from_settings",
    "ReceivedMail", "MailAttachment", "answer_mail", "reply_address", "parse_reply_address", "is_support_address",
    "Endpoint", "ApiComponent", "ApiResult", "ApiProblem", "validated_values", "node_schema", "object_schema",
    "create_api_token", "person_tokens", "revoke_api_token", "ApiToken",
    "entity_tag", "if_match_version", "not_modified", "tagged_result", "parameter_errors",
    "DialectScript", "UnsupportedDatabase",
]


def plugin_manager(request_or_config):
    """The running portal's plugin manager (to call a plugin's own hooks).

    Takes a request, or the Configurator while the portal starts (a plugin's
    ``cc_configure`` checking that a plugin it needs is there).
    """
    return request_or_config.registry["cc.plugin_manager"]
