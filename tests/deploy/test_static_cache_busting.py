"""Static files under content-hashed URLs, cached a year; every asset a real page names resolves."""
from urllib.parse import parse_qs, urlsplit

import pytest
import webtest
from bs4 import BeautifulSoup
from pyramid.config import Configurator

from cc_core.static_assets import IMMUTABLE, bust_static_views
from cc_core.testing import create_person, do_login

pytestmark = pytest.mark.cc_plugins("requests", "faq", "preferences", "example_crm_view", "desk")


def folder_app(folder):
    """A Pyramid app serving ``folder`` as the core serves its static files."""
    config = Configurator(settings={})
    config.include("cc_core.static_assets")
    config.add_static_view("files", str(folder), cache_max_age=3600)

    def page(request):
        request.response.text = request.static_path(str(folder / "site.css"))
        return request.response

    config.add_route("page", "/page")
    config.add_view(page, route_name="page")
    bust_static_views(config)
    return webtest.TestApp(config.make_wsgi_app())


def test_the_url_changes_with_the_content_and_is_computed_at_start_up(tmp_path):
    (tmp_path / "site.css").write_text("body { color: black }")
    before = folder_app(tmp_path)
    first = before.get("/page").text
    assert first.startswith("/files/site.css?v=")
    (tmp_path / "site.css").write_text("body { color: navy }")
    # A running portal keeps the hash it computed at start: it reads no file per page.
    assert before.get("/page").text == first
    after = folder_app(tmp_path)
    second = after.get("/page").text
    assert second.startswith("/files/site.css?v=") and second != first
    assert folder_app(tmp_path).get("/page").text == second  # the same bytes, the same URL


def test_a_current_hash_is_cached_a_year_other_names_an_hour(tmp_path):
    (tmp_path / "site.css").write_text("body { color: black }")
    app = folder_app(tmp_path)
    url = app.get("/page").text
    hashed = app.get(url)
    assert hashed.headers["Cache-Control"] == IMMUTABLE
    assert hashed.text == "body { color: black }"
    plain = app.get("/files/site.css")  # the old name keeps working, briefly cached
    assert plain.headers["Cache-Control"] == "max-age=3600"
    stale = app.get("/files/site.css?v=0123456789abcdef")  # a page from a host not yet upgraded
    assert stale.headers["Cache-Control"] == "max-age=3600"
    app.get("/files/missing.css?v=0123456789abcdef", status=404)
    app.get("/files/..%2f..%2fetc%2fpasswd?v=x", status=404)


def asset_urls(page) -> list[str]:
    soup = BeautifulSoup(page.text, "html.parser")
    urls = [tag["href"] for tag in soup.select("link[href]")] + [tag["src"] for tag in soup.select("script[src]")]
    assert urls, "the page names no stylesheet or script"
    return urls


def check_assets(testapp, path):
    page = testapp.get(path)
    assert page.status_int == 200
    for url in asset_urls(page):
        assert url.startswith("/"), url
        query = parse_qs(urlsplit(url).query)
        assert len(query.get("v", [""])[0]) == 16, f"{path} links {url} without its content hash"
        answer = testapp.get(url)
        assert answer.status_int == 200, url
        assert answer.headers["Cache-Control"] == IMMUTABLE, url
    return asset_urls(page)


def test_every_stylesheet_and_script_of_real_pages_resolves(testapp, dbsession):
    seen = set(check_assets(testapp, "/"))
    seen |= set(check_assets(testapp, "/login"))
    create_person(dbsession, email="staff-assets@example.com", name="Staff Assets", is_staff=True)
    dbsession.flush()
    do_login(testapp, "staff-assets@example.com")
    for path in ("/", "/requests", "/requests/new", "/faq", "/preferences", "/desk"):
        seen |= set(check_assets(testapp, path))
    names = {urlsplit(url).path.rsplit("/", 1)[-1] for url in seen}
    # The layout's, a plugin's, and a page's own script.
    assert {"favicon.svg", "cc.css", "requests.css", "faq.css", "desk.css", "suggest.js"} <= names


def test_a_themes_file_is_hashed_by_its_own_content(tmp_path, cc_settings, dbconnection):
    from cc_core.testing import build_app

    theme = tmp_path / "theme"
    (theme / "static").mkdir(parents=True)
    (theme / "static" / "cc.css").write_text("body { background: #fee }")
    themed = webtest.TestApp(build_app({**cc_settings, "cc.theme": str(theme)}, ()),
                             extra_environ={"HTTP_HOST": "localhost"})
    stock = webtest.TestApp(build_app(cc_settings, ()), extra_environ={"HTTP_HOST": "localhost"})
    themed_css = next(url for url in asset_urls(themed.get("/login")) if "cc.css" in url)
    stock_css = next(url for url in asset_urls(stock.get("/login")) if "cc.css" in url)
    assert themed_css != stock_css
    answer = themed.get(themed_css)
    assert answer.text == "body { background: #fee }"
    assert answer.headers["Cache-Control"] == IMMUTABLE
