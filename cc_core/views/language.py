"""The layout's language switch; works for anonymous visitors through a cookie."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..i18n import LANGUAGE_COOKIE, available_languages
from ..urls import safe_return_url


@view_config(route_name="language", request_method="POST", permission="public")
def switch_language(request):
    language = request.POST.get("language", "")
    response = HTTPSeeOther(location=safe_return_url(request, request.POST.get("came_from")))
    if language in available_languages(request.registry.settings):
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=request.scheme == "https")
        person = request.person
        if person is not None:
            person.language = language
    return response
