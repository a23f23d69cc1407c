"""The job handlers and recurring jobs the plugins declare, checked once at start-up.

Plugins return :class:`JobHandler` and :class:`RecurringJob` values from
the ``cc_job_handlers`` and ``cc_recurring_jobs`` hooks.  Two plugins
claiming one name, or a recurring job naming no handler, stop the portal
and the worker from starting with a message naming the plugin: a mistake
shows up when it is deployed, not hours later in a failed job.
"""
from __future__ import annotations

import dataclasses
import threading
from typing import Callable


_BUILD_LOCK = threading.Lock()


class JobConfigurationError(Exception):
    """A plugin declared its jobs wrongly (raised while starting)."""


@dataclasses.dataclass(frozen=True)
class JobHandler:
    """Runs jobs called ``name``: ``run(job)`` gets a :class:`~cc_core.jobs.claim.JobContext`.

    Raise :class:`JobFailed` for an error no retry can mend; any other
    exception is retried with backoff up to ``max_attempts`` (default
    ``cc.jobs.max_attempts``).  A handler that needs no database (one that
    only talks to another server) sets ``uses_database=False``: it then
    runs outside any transaction and ``job.dbsession`` is ``None``.
    """

    name: str
    run: Callable
    max_attempts: int | None = None
    uses_database: bool = True


@dataclasses.dataclass(frozen=True)
class RecurringJob:
    """Enqueue the job ``name`` (a registered handler) every ``every_seconds`` seconds.

    ``every_seconds`` of 0 or less switches the recurring job off (a
    setting can do that).
    """

    name: str
    every_seconds: float
    payload: dict = dataclasses.field(default_factory=dict)


class JobFailed(Exception):
    """A job's error that retrying cannot mend: it is failed at once, with this message."""


@dataclasses.dataclass
class JobRegistry:
    handlers: dict[str, JobHandler]
    owners: dict[str, str]
    recurring: list[RecurringJob]
    settings: dict
    plugin_manager: object = None
    #: The web application's Pyramid registry, when the jobs run in its process.
    app_registry: object = None
    #: Builds the application from the settings, for a worker outside the web process
    #: (``cc worker`` passes one; the job system itself never imports the application).
    app_factory: Callable[[dict], object] | None = None

    def pyramid_registry(self):
        """The application's Pyramid registry (routes, translations, settings), built once if needed.

        Handlers that render what a request would (a mail with links) need
        it; a ``cc worker`` process builds the application for them the
        first time one asks.
        """
        with _BUILD_LOCK:
            if self.app_registry is None:
                if self.app_factory is None:
                    raise JobConfigurationError("this job needs the application, and the worker was started "
                                                "without a way to build it")
                settings = {**self.settings, "cc.jobs.embedded_worker": "false"}
                self.app_registry = self.app_factory(settings).registry
        return self.app_registry

    def handler(self, name: str) -> JobHandler | None:
        return self.handlers.get(name)

    def check_name(self, name: str) -> JobHandler:
        """The handler of ``name``; enqueuing a job nobody handles fails in the caller, now."""
        handler = self.handlers.get(name)
        if handler is None:
            raise JobConfigurationError(f"no job handler is registered for {name!r} (hook cc_job_handlers)")
        return handler


def _impls_with_results(hook, **kwargs):
    """(plugin name, result) for each implementation, so errors can name the plugin."""
    for impl in hook.get_hookimpls():
        yield impl.plugin_name, impl.function(**{k: kwargs[k] for k in impl.argnames})


def registry_from_plugins(plugin_manager, settings: dict) -> JobRegistry:
    handlers: dict[str, JobHandler] = {}
    owners: dict[str, str] = {}
    for plugin, result in _impls_with_results(plugin_manager.hook.cc_job_handlers, settings=settings):
        for handler in result or []:
            if not isinstance(handler, JobHandler):
                raise JobConfigurationError(f"plugin {plugin!r}: cc_job_handlers must return JobHandler values,"
                                            f" not {handler!r}")
            if handler.name in handlers:
                raise JobConfigurationError(f"plugin {plugin!r} registers the job {handler.name!r},"
                                            f" which plugin {owners[handler.name]!r} registers already")
            handlers[handler.name] = handler
            owners[handler.name] = plugin
    recurring: list[RecurringJob] = []
    for plugin, result in _impls_with_results(plugin_manager.hook.cc_recurring_jobs, settings=settings):
        for job in result or []:
            if job.name not in handlers:
                raise JobConfigurationError(f"plugin {plugin!r} declares the recurring job {job.name!r},"
                                            f" but no plugin registers a handler by that name")
            if job.every_seconds > 0:
                recurring.append(job)
    return JobRegistry(handlers, owners, sorted(recurring, key=lambda job: job.name), dict(settings),
                       plugin_manager=plugin_manager)
