"""A reader with a cookie jar who reads an article and posts its comment form over HTTP, as a
browser without JavaScript would.

Standard library only (psycopg aside), no Django: spawned client processes import it too. (So it reads the form's hidden fields with a regular expression; the unit tests
build their POST bodies with comments.tests.helpers.comment_form_data, which needs Django.)
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from system_tests.net import Response, request

HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


@dataclass
class Reader:
    """A reader with a cookie jar who reads an article and posts its comment form."""

    base_url: str
    cookies: dict = field(default_factory=dict)
    user_agent: str = "Mozilla/5.0 (Tribune load test)"

    def _headers(self) -> dict:
        headers = {"User-Agent": self.user_agent}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep_cookies(self, response: Response) -> None:
        for line in response.headers.get("set-cookie", "").splitlines():
            name, _, value = line.split(";", 1)[0].partition("=")
            if name.strip():
                self.cookies[name.strip()] = value.strip()

    def get(self, path: str, timeout: float = 20) -> Response:
        response = request("GET", self.base_url, path, headers=self._headers(), timeout=timeout)
        self._keep_cookies(response)
        return response

    def post(self, path: str, fields: dict, timeout: float = 20) -> Response:
        headers = {**self._headers(), "Content-Type": "application/x-www-form-urlencoded"}
        body = urlencode(fields).encode()
        response = request("POST", self.base_url, path, body, headers, timeout)
        self._keep_cookies(response)
        return response

    def comment_form(self, article_url: str) -> dict:
        """The hidden fields of the article's comment form (CSRF token, security hash)."""
        page = self.get(article_url)
        if page.status != 200:
            raise RuntimeError(f"GET {article_url} answered {page.status}")
        form = page.body.split('id="comment-form"', 1)[1].split("</form>", 1)[0]
        fields = {name: html.unescape(value) for name, value in HIDDEN_INPUT.findall(form)}
        if not fields.get("csrfmiddlewaretoken") or "csrftoken" not in self.cookies:
            # The shared (cached) copy carries no usable token and sets no cookie: fetch
            # both, as static/js/comments.js does.
            token = self.get("/comments/csrf/")
            fields["csrfmiddlewaretoken"] = json.loads(token.body)["token"]
        return fields


def comment_fields(form: dict, text: str, email: str, reply_to: int = 0, **extra) -> dict:
    """The POST body of the comment form: its hidden fields plus what the reader typed."""
    return {
        **form,
        "name": email.split("@")[0].title(),
        "email": email,
        "url": "",
        "comment": text,
        "reply_to": str(reply_to),
        "honeypot": "",
        **extra,
    }


def posted_id(response: Response) -> int | None:
    """The id of the published comment a successful post redirects to: its permalink
    (/c/<id>/), or a page at its anchor (…#c<id>)."""
    match = re.search(r"/c/(\d+)/$|#c(\d+)$", response.location)
    if match:
        return int(match.group(1) or match.group(2))
    return None
