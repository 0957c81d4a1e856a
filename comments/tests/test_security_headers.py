"""Headers that keep a sanitizer miss from running script, and the outage page."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory

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


def test_public_pages_have_no_inline_script_or_style(client, article):
    html = client.get(article.url).content.decode()
    assert "<script>" not in html and "<script " not in html.replace('<script src="', "")
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
