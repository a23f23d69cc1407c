"""The core's demo data: two companies and the four demo logins."""
import sqlalchemy as sa

from .models import Company, Person
from .passwords import hash_password

DEMO_PASSWORD = "demo-password"


def create_core_demo(dbsession) -> None:
    if dbsession.scalar(sa.select(Person).where(Person.email == "demo@example.com")) is not None:
        return
    password = hash_password(DEMO_PASSWORD)
    example = Company(name="Example Ltd", org_number="987 654 321", address="Storgata 1", postcode="0155",
                      city="Oslo", country="Norway", phone="+47 22 00 00 00", website="https://example.com")
    other = Company(name="Other Corp", org_number="912 345 678", address="1 High Street", postcode="EC1A 1AA",
                    city="London", country="United Kingdom", phone="+44 20 7946 0000",
                    website="https://example.net")
    dbsession.add_all([example, other])
    dbsession.add_all([
        Person(email="demo@example.com", name="Dana Demo", company=example, password_hash=password,
               phone="+47 400 00 001", language="en", timezone="Europe/Oslo"),
        Person(email="manager@example.com", name="Mona Manager", company=example, password_hash=password,
               company_access=True, is_manager=True, language="en", timezone="Europe/Oslo"),
        Person(email="colleague@example.com", name="Colin Colleague", company=example, password_hash=password,
               language="nb", timezone="Europe/Oslo"),
        Person(email="agent@example.com", name="Alex Agent", password_hash=password, is_staff=True,
               language="en", timezone="Europe/Oslo"),
        Person(email="other@example.net", name="Oscar Other", company=other, password_hash=password,
               language="en", timezone="Europe/London"),
    ])
    dbsession.flush()
