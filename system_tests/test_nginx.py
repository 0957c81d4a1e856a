"""The shipped nginx configuration (deploy/nginx/tribune.conf), run by Debian's nginx in front
of a live Tribune: it caches what Django marks cacheable, bypasses readers with a session,
gzips, and serves static files."""

import shutil
import urllib.request
from pathlib import Path

import pytest
from django.core.cache import cache

from blog.tests.factories import BlogPageFactory
from comments.tests.factories import CommentFactory
from system_tests.nginx import Nginx, nginx_installed

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    if not nginx_installed():
        pytest.skip("nginx is not installed (apt-get install nginx)")
    settings.TRIBUNE_SHARED_CACHE_SECONDS = 60
    cache.clear()  # Wagtail's cached site paths outlive a transactional test's flush
    upstream = live_server.url.removeprefix("http://")
    server = Nginx([upstream], tmp_path, Path(settings.BASE_DIR) / "static")
    yield server.base_url
    server.stop()


def _get(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_anonymous_article_is_served_from_nginx_cache(nginx):
    article = BlogPageFactory()
    CommentFactory(content_object=article, comment="Cached words")
    _status, first, body = _get(nginx + article.url)
    assert first["X-Cache-Status"] == "MISS"
    assert b"Cached words" in body
    _status, second, body = _get(nginx + article.url)
    assert second["X-Cache-Status"] == "HIT"
    assert b"Cached words" in body


@pytest.mark.parametrize("cookie", ["sessionid=abc", "tribune_own=1:abc"])
def test_reader_with_a_session_or_own_comments_bypasses_nginx_cache(nginx, cookie):
    article = BlogPageFactory()
    _get(nginx + article.url)
    _status, headers, _body = _get(nginx + article.url, Cookie=cookie)
    assert headers["X-Cache-Status"] == "BYPASS"


def test_pages_django_does_not_mark_cacheable_are_not_kept(nginx):
    listing = BlogPageFactory().get_parent().url
    _get(nginx + listing)
    _status, headers, _body = _get(nginx + listing)
    assert headers["X-Cache-Status"] != "HIT"


def test_static_files_are_served_gzipped(nginx):
    status, headers, _body = _get(nginx + "/static/css/site.css", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"


def test_the_shipped_site_with_its_tls_server_passes_nginx_own_check(tmp_path):
    """The file as shipped (TLS, redirect, upstream), with a self-signed certificate."""
    import re
    import subprocess

    from system_tests.nginx import CONF, NGINX

    if not nginx_installed() or not shutil.which("openssl"):
        pytest.skip("nginx or openssl is not installed")
    key, cert = str(tmp_path / "key.pem"), str(tmp_path / "cert.pem")
    openssl = [
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
    ]
    subprocess.run(
        [*openssl, "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    site = (
        CONF.read_text()
        .replace("/etc/ssl/tribune/fullchain.pem", str(tmp_path / "cert.pem"))
        .replace("/etc/ssl/tribune/privkey.pem", str(tmp_path / "key.pem"))
        .replace("/var/cache/nginx/tribune", str(tmp_path / "cache"))
    )
    # Ports nginx -t may bind as any user; the directives are what is checked.
    site = re.sub(r"listen \[::\]:\d+[^;]*;", "", site)
    site = site.replace("listen 80;", "listen 127.0.0.1:18080;")
    site = site.replace("listen 443 ssl http2;", "listen 127.0.0.1:18443 ssl http2;")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ include /etc/nginx/mime.types; include {tmp_path}/site.conf; }}\n"
    )
    done = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
