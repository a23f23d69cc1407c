"""The sanitiser: known XSS payloads never reach a page as markup."""
import pytest
from bs4 import BeautifulSoup

from cc_faq import markup, service

pytestmark = pytest.mark.cc_plugins("faq")

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<svg onload=alert(1)><circle r=1></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "![img](javascript:alert(1))",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<div onmouseover=\"alert(1)\">hover</div>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<details open ontoggle=alert(1)>",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<style>@import 'javascript:alert(1)';</style>",
    "<a href=\"http://ok.example\" onclick=\"alert(1)\">ok</a>",
    "\"><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!--<script>alert(1)</script>-->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "`<script>alert(1)</script>`",
]
DANGEROUS_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "button",
                  "base", "meta", "link", "body", "details", "noscript"}


def assert_harmless(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in DANGEROUS_TAGS, html
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), html
            assert name.lower() != "style", html
            if name in ("href", "src"):
                assert value.split(":")[0].lower().strip() in ("http", "https", "mailto") or ":" not in value, html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised(payload):
    assert_harmless(markup.render(payload))
    assert_harmless(markup.render(f"Some **text** before.\n\n{payload}\n\nAnd after."))


def test_markdown_still_renders():
    html = markup.render("# Title\n\nSome **bold**, a [link](https://example.com) and\n\n- a\n- b\n\n"
                         "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode <b>\n```")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h2.text == "Title"  # the page's h1 is the question
    assert soup.strong.text == "bold"
    link = soup.a
    assert link["href"] == "https://example.com" and "noopener" in link["rel"]
    assert [li.text for li in soup.select("li")] == ["a", "b"]
    assert soup.table is not None
    assert soup.pre.code.text == "code <b>\n"


def test_plain_text_has_words_only():
    text = markup.plain_text("**Reset** the <em>password</em> &amp; log in.\n\n<script>steal()</script>\x02")
    assert text == "Reset the password & log in."


@pytest.mark.parametrize("payload", PAYLOADS[:12] + PAYLOADS[16:20])
def test_article_page_shows_payloads_harmlessly(testapp, dbsession, payload):
    folder = service.create_folder(dbsession, "Security")
    article = service.create_article(dbsession, folder, f"Question with {payload}?", payload)
    page = testapp.get(f"/faq/articles/{article.id}")
    assert_harmless(str(page.html.select_one(".faq-answer")))
    # The question is text, escaped, wherever it is shown.
    assert page.html.select_one("#faq-question").text == " ".join(f"Question with {payload}?".split())
    for tag in page.html.find_all(True):
        assert tag.name not in ("iframe", "object", "embed", "svg", "math", "style"), tag
        assert tag.name != "script" or tag.get("src", "").startswith("/"), tag
        assert not any(name.startswith("on") for name in tag.attrs), tag
        assert not tag.get("href", "").lower().startswith(("javascript", "data")), tag
