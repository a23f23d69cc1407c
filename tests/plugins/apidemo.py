"""A plugin module registered directly by tests: a small API over the core's companies.

``GET /api/v1/demo/companies/{id}`` shows a company only to its own
people (404 to anyone else); ``POST /api/v1/demo/companies`` makes one,
its body validated by :class:`CompanyForm`, the form a page would use.
"""
import colander
import sqlalchemy as sa

from cc_core import api

COMPANY = {"type": "object", "required": ["id", "name", "city"],
           "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "city": {"type": "string"}}}


class CompanyForm(api.Form):
    id = "demo-company"

    def schema(self):
        return api.schema_of(
            api.text_node("name", "Name", max_length=100),
            api.text_node("city", "City", max_length=100, missing=""),
            colander.SchemaNode(colander.Integer(), name="employees", title="Employees", missing=1,
                                validator=colander.Range(1, 1000)),
        )

    def check(self, values, state):
        if values["name"].lower() == "taken":
            return {"name": "That name is taken."}
        return None


def company_json(company):
    return {"id": company.id, "name": company.name, "city": company.city}


def get_company(request):
    company_id = api.parse_id(request.matchdict["id"])
    person = request.api_caller.person
    if company_id is None or person.company_id != company_id:
        raise api.ApiProblem(404)
    return company_json(request.dbsession.get(api.Company, company_id))


def create_company(request):
    values = request.api_values
    company = api.Company(name=values["name"], city=values["city"])
    request.dbsession.add(company)
    request.dbsession.flush()
    return api.ApiResult(company_json(company), status=201,
                         headers={"Location": f"{request.application_url}/api/v1/demo/companies/{company.id}"})


def count_companies(request):
    return {"count": request.dbsession.scalar(sa.select(sa.func.count()).select_from(api.Company))}


@api.hookimpl
def cc_api_endpoints(settings):
    return [
        api.ApiComponent("DemoCompany", COMPANY),
        api.Endpoint("demo.companies.get", "GET", r"/demo/companies/{id:\d+}", get_company, "One company",
                     responses={200: {"$ref": "#/components/schemas/DemoCompany"}}, tags=("demo",)),
        api.Endpoint("demo.companies.create", "POST", "/demo/companies", create_company, "Make a company",
                     form=CompanyForm, responses={201: {"$ref": "#/components/schemas/DemoCompany"}},
                     tags=("demo",)),
        api.Endpoint("demo.companies.count", "GET", "/demo/companies/count", count_companies,
                     "How many companies there are", anonymous=True, tags=("demo",),
                     responses={200: {"type": "object", "required": ["count"],
                                      "properties": {"count": {"type": "integer"}}}}),
    ]
