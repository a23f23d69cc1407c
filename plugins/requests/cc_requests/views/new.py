"""``/requests/new`` and the suggestions its script asks for while a title is typed."""
from pyramid.view import view_config

from cc_core import api

from ..forms import NewRequestForm, suggestions

MAX_SUGGESTIONS = 5


new_request = view_config(route_name="requests.new", permission="customer", request_method=("GET", "POST"))(
    api.form_view(NewRequestForm))


@view_config(route_name="requests.suggestions", permission="customer", request_method="GET", renderer="json",
             http_cache=0)
def suggestion_list(request):
    """``{"suggestions": [{"title", "url", "snippet"}]}`` for ``?q=`` (JSON; the page escapes it)."""
    text = request.GET.get("q", "")
    return {"suggestions": suggestions(request, text if isinstance(text, str) else "", MAX_SUGGESTIONS)}
