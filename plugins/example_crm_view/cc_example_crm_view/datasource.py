"""The seam where an integrator plugs in a real CRM: ``CompanyDataSource``.

The pages never query tables themselves.  They ask the data source the
application registry holds for the request, so a deployment can read
the company, its contacts and its records from the CRM's API instead of
the example's own tables, and tests can hand in a fake.

Register a factory ``factory(request) -> CompanyDataSource`` in one of
two ways:

* in the settings, by dotted name (no code change in the portal)::

      example_crm_view.data_source = acme_crm.client:company_source

* from code, for example in another plugin's ``cc_configure``::

      config.registry[DATA_SOURCE_KEY] = acme_company_source

Without either, :class:`.sqlsource.SqlCompanyDataSource` serves the
example's own tables.  Everything a source returns is one of the frozen
dataclasses below, so templates never see an ORM object (and never lazy
load).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import typing

#: The registry key (and settings name) of the data source factory.
DATA_SOURCE_KEY = "example_crm_view.data_source"

#: The company fields the page shows and managers edit, in form order.
COMPANY_FIELDS = ("name", "org_number", "address", "postcode", "city", "country", "phone", "website")

#: Columns the records table sorts by: URL name → record attribute.
RECORD_SORTS = {"reference": "reference", "name": "name", "kind": "kind", "status": "status",
                "renewal": "renewal_date"}
DEFAULT_RECORD_SORT = "renewal"


@dataclasses.dataclass(frozen=True)
class CompanyDetails:
    """The company as the data source knows it, with its edit ``version``."""

    id: int
    name: str
    org_number: str
    address: str
    postcode: str
    city: str
    country: str
    phone: str
    website: str
    version: int

    def values(self) -> dict[str, str]:
        """The editable fields, as the form and the history compare them."""
        return {field: getattr(self, field) or "" for field in COMPANY_FIELDS}


@dataclasses.dataclass(frozen=True)
class Contact:
    """A person of the company as colleagues may see them: no private data."""

    name: str
    is_manager: bool
    company_access: bool


@dataclasses.dataclass(frozen=True)
class Record:
    """One CRM record: a licence, subscription, support plan or contract."""

    id: int
    reference: str
    name: str
    kind: str
    status: str
    quantity: int
    start_date: dt.date
    renewal_date: dt.date | None


@dataclasses.dataclass(frozen=True)
class Sort:
    """A validated sort order: a key of :data:`RECORD_SORTS` and a direction."""

    column: str = DEFAULT_RECORD_SORT
    descending: bool = False

    @classmethod
    def parse(cls, value: str | None) -> "Sort":
        """``name`` or ``-name`` from the query string; anything else → default."""
        value = (value or "").strip()
        descending = value.startswith("-")
        column = value[1:] if descending else value
        if column not in RECORD_SORTS:
            return cls()
        return cls(column, descending)

    def __str__(self) -> str:
        return ("-" if self.descending else "") + self.column


@dataclasses.dataclass(frozen=True)
class RecordPage:
    """One page of records, and how many there are in all."""

    items: tuple[Record, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


@dataclasses.dataclass(frozen=True)
class KeyFigures:
    """What the home-page panel shows at a glance."""

    active_records: int
    next_renewal: dt.date | None
    contacts: int


@dataclasses.dataclass(frozen=True)
class FieldChange:
    """One field that changed, with its value before and after."""

    field: str
    old: str
    new: str


@dataclasses.dataclass(frozen=True)
class ChangeSet:
    """The fields one person saved together."""

    version: int
    author: str
    changed_at: dt.datetime
    changes: tuple[FieldChange, ...]
    company_id: int | None = None


class VersionConflict(Exception):
    """Somebody else saved the company since the form was shown.

    ``current`` is the company as it is now; ``changed_by`` names who saved
    last, when the source knows.
    """

    def __init__(self, current: CompanyDetails, changed_by: str = ""):
        super().__init__(f"company {current.id} is at version {current.version}")
        self.current = current
        self.changed_by = changed_by


class CompanyDataSource(typing.Protocol):
    """What the company pages need from wherever the company data lives.

    Each method is one round trip (one query, or one API call): the pages
    call each at most once per request.  ``company_id`` is always the
    viewer's own company; access checks happen before the source is asked.
    """

    def company(self, company_id: int) -> CompanyDetails | None:
        """The company, or ``None`` when the source does not know it."""

    def contacts(self, company_id: int) -> list[Contact]:
        """The company's active persons, sorted by name."""

    def records(self, company_id: int, sort: Sort, page: int, per_page: int) -> RecordPage:
        """One page (1-based) of the company's records in ``sort`` order."""

    def key_figures(self, company_id: int, today: dt.date) -> KeyFigures:
        """Active records, the next renewal on or after ``today``, contacts."""

    def history(self, company_id: int, limit: int) -> list[ChangeSet]:
        """The ``limit`` most recent saves, newest first."""

    def saves_by(self, author_id: int) -> list[ChangeSet]:
        """Every save the person made, of any company, oldest first (the download of their data)."""

    def update_company(self, company_id: int, version: int, values: dict[str, str], author_id: int,
                       author_name: str) -> tuple[CompanyDetails, list[FieldChange]]:
        """Save ``values`` if the company is still at ``version``.

        Returns the company as saved and the fields that changed (none
        when nothing differed; the version is then unchanged).  Raises
        :class:`VersionConflict` when somebody saved in between: the check
        and the write must be one atomic step, so two workers cannot both
        win.
        """


DataSourceFactory = typing.Callable[[typing.Any], CompanyDataSource]


def default_factory(request) -> CompanyDataSource:
    """The example's own tables, through the request's transaction."""
    from .sqlsource import SqlCompanyDataSource

    return SqlCompanyDataSource(request.dbsession)


def data_source(request) -> CompanyDataSource:
    """The data source registered for this application, for this request."""
    factory: DataSourceFactory = request.registry.get(DATA_SOURCE_KEY, default_factory)
    return factory(request)
