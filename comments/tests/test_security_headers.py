"""Headers that keep a sanitizer miss from running script, and the outage page."""

import html5lib
import pytest
from django.db import OperationalError
from django.test import RequestFactory

from blog.tests.factories import BlogPageFactory
from comments.tests.factories import CommentFactory
from config.errors import server_error
from config.middleware import database_unavailable, is_database_outage

pytestmark = pytest.mark.django_db


def test_public_page_forbids_inline_and_third_party_script(client, article):
    policy = client.get(article.url)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"


def test_public_page_sends_security_headers(client, article):
    response = client.get(article.url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


# Script elements a page may have: external files, and JSON-LD, which browsers treat as data
# (never run, so the CSP does not apply to it).
DATA_SCRIPT_TYPES = {"application/ld+json"}


def inline_scripts(html: str) -> list[str]:
    """Every <script> a browser would see that is neither an external file nor JSON-LD data."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return [
        html5lib.serialize(script, tree="etree")
        for script in document.iter("script")
        if not script.get("src") and script.get("type", "").strip().lower() not in DATA_SCRIPT_TYPES
    ]


@pytest.mark.parametrize(
    "script",
    [
        "<script>alert(1)</script>",
        '<script type="text/javascript">alert(1)</script>',
        '<script type="module">alert(1)</script>',
        '<script type="application/json">{}</script>',
        '<SCRIPT TYPE="application/ld+json "></SCRIPT><script>alert(1)</script>',
        '<script src="">alert(1)</script>',
    ],
)
def test_inline_script_check_catches_any_script_but_json_ld(script):
    assert inline_scripts(f"<p>x</p>{script}")


def test_inline_script_check_allows_files_and_json_ld():
    html = '<script src="/static/js/comments.js" defer></script><script type="application/ld+json">{}</script>'
    assert inline_scripts(html) == []


def test_public_pages_have_no_inline_script_or_style(client):
    article = BlogPageFactory()
    CommentFactory(content_object=article, comment="</script><script>alert(1)</script>")
    for url in ("/", article.url):
        html = client.get(url).content.decode()
        assert inline_scripts(html) == []
        assert " style=" not in html and "<style" not in html


def test_admin_keeps_its_own_scripts(admin_client):
    assert "Content-Security-Policy" not in admin_client.get("/admin/")


def test_outage_page_is_503_with_readers_text():
    request = RequestFactory().post("/comments/post/", {"comment": "Words I must not lose"})
    response = database_unavailable(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Words I must not lose</textarea>" in response.content.decode()


def test_server_error_during_outage_answers_503():
    request = RequestFactory().post("/comments/post/", {"comment": "kept"})
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503


def test_only_connection_errors_count_as_outage():
    assert is_database_outage(OperationalError("server closed the connection unexpectedly"))
    assert not is_database_outage(ValueError("a bug"))
