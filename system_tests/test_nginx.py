"""The shipped nginx configuration (deploy/nginx/tribune.conf), run by Debian's nginx in front
of a live Tribune: it caches what Django marks cacheable, bypasses readers with a session,
gzips, and serves static files."""

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from blog.tests.factories import BlogPageFactory
from comments.tests.factories import CommentFactory

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONF = Path(settings.BASE_DIR) / "deploy" / "nginx" / "tribune.conf"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (apt-get install nginx)")
    settings.TRIBUNE_SHARED_CACHE_SECONDS = 60
    cache.clear()  # Wagtail's cached site paths outlive a transactional test's flush
    port = _free_port()
    upstream = live_server.url.removeprefix("http://")
    site = (
        CONF.read_text()
        .replace("/var/cache/nginx/tribune", str(tmp_path / "cache"))
        .replace("server 127.0.0.1:8000;", f"server {upstream};")
        .replace("listen 80;", f"listen 127.0.0.1:{port};")
        .replace("/srv/tribune/static_collected/", f"{settings.BASE_DIR}/static/")
        .replace("/srv/tribune/media/", f"{tmp_path}/media/")
    )
    (tmp_path / "tribune.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"""
        {"user root;" if hasattr(__import__("os"), "geteuid") and __import__("os").geteuid() == 0 else ""}
        worker_processes 1;
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/error.log;
        events {{ worker_connections 256; }}
        http {{
            include /etc/nginx/mime.types;
            access_log off;
            client_body_temp_path {tmp_path}/body;
            proxy_temp_path {tmp_path}/proxy;
            fastcgi_temp_path {tmp_path}/fastcgi;
            uwsgi_temp_path {tmp_path}/uwsgi;
            scgi_temp_path {tmp_path}/scgi;
            include {tmp_path}/tribune.conf;
        }}
        """
    )
    command = [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"]
    subprocess.run([*command, "-t"], check=True, capture_output=True)
    process = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


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


def test_reader_with_a_session_bypasses_nginx_cache(nginx):
    article = BlogPageFactory()
    _get(nginx + article.url)
    _status, headers, _body = _get(nginx + article.url, Cookie="sessionid=abc")
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
