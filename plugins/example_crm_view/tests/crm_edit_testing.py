"""What the CRM edit-form tests share: the manager logged in, the company and its history."""
import pytest
import sqlalchemy as sa

from cc_core.testing import person_by_email
from cc_example_crm_view.models import CompanyChange

MANAGER = "manager@example.com"


def example_company(dbsession):
    """Example Ltd as the database has it now (it may have been renamed)."""
    dbsession.expire_all()
    return person_by_email(dbsession, MANAGER).company


def history_rows(dbsession, company_id):
    return dbsession.execute(
        sa.select(CompanyChange.version, CompanyChange.author_name, CompanyChange.field, CompanyChange.old_value,
                  CompanyChange.new_value).where(CompanyChange.company_id == company_id)
        .order_by(CompanyChange.id)).all()


@pytest.fixture
def manager(testapp, login):
    login(testapp, MANAGER)
    return testapp
