"""The outside auditors, in CI: axe-core (accessibility) and the Nu HTML checker (markup) on the
public pages, axe on the moderation desk, and no sideways scrolling from long words.

Needs Chromium at /usr/bin/chromium, `npm ci` (axe-core and vnu-jar in node_modules) and Java.
Without them these tests are skipped, unless REQUIRE_BROWSER=1 is set (as in CI): then they
fail. Each page is fetched once; axe runs in the page, the checker once over all pages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from blog.tests.factories import BlogIndexPageFactory, BlogPageFactory
from comments.models import Status
from comments.moderation.facts import submission_for
from comments.moderation.pipeline import evaluate
from comments.moderation.record import record_decision
from comments.moderation.types import Facts, PolicySnapshot
from comments.redaction import comment_redact
from comments.tests.browser import BROWSER_TEST_MARKS
from comments.tests.factories import CommentFactory

pytestmark = BROWSER_TEST_MARKS

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LONG_WORD = "a" * 10_000
LONG_NAME = "N" * 50


def _require(condition: bool, why: str) -> None:
    if condition:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {why}: run `npm ci` (and install Java).")
    pytest.skip(why)


@pytest.fixture
def axe_source() -> str:
    _require(AXE.exists(), f"no {AXE.relative_to(settings.BASE_DIR)}")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def nu_checker() -> list[str]:
    java = shutil.which("java")
    _require(java is not None and VNU.exists(), "the Nu HTML checker (java, vnu.jar) is missing")
    return [java, "-jar", str(VNU), "--format", "json", "--errors-only"]


def axe_violations(page, axe_source: str, impacts=None) -> list[str]:
    """axe-core's violations on the loaded page, as 'rule (impact): targets' lines."""
    page.add_script_tag(content=axe_source)
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
        if impacts is None or v["impact"] in impacts
    ]


def nu_errors(command: list[str], pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """The Nu checker's errors per page, from one run over every page's HTML as served."""
    files = {}
    for n, (name, html) in enumerate(pages.items()):
        path = folder / f"page{n}.html"
        path.write_text(html, encoding="utf-8")
        files[path.resolve().as_uri()] = name
    run = subprocess.run([*command, *map(str, folder.glob("page*.html"))], capture_output=True)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors: dict[str, list[str]] = {name: [] for name in pages}
    for message in messages:
        name = files.get(message.get("url"), message.get("url"))
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} {message.get('extract', '')!r}"
        )
    return errors


@pytest.fixture
def public_site():
    """A blog with tagged articles, one with a deep thread; returns what the audit visits."""
    blog = BlogIndexPageFactory(slug="blog")
    article = BlogPageFactory(parent=blog, title="Trains of the Alps", standfirst="On funiculars.")
    article.tags.add("Transport")
    article.save_revision().publish()
    other = BlogPageFactory(parent=blog, title="More trains")
    other.tags.add("Transport")
    other.save_revision().publish()
    parent = None
    for depth in range(5):
        parent = CommentFactory(content_object=article, parent=parent, user_name=f"Reader {depth}")
        CommentFactory(content_object=article, parent=parent, user_name=f"Sibling {depth}")
    CommentFactory(content_object=article, status=Status.REMOVED, user_name="Removed")
    return article, parent


def test_public_pages_pass_axe_and_the_nu_checker(
    browser, live_server, public_site, axe_source, nu_checker, tmp_path
):
    article, deep_comment = public_site
    base = live_server.url
    context = browser.new_context(bypass_csp=True)  # lets axe-core be injected
    page = context.new_page()
    served: dict[str, str] = {}
    axe: dict[str, list[str]] = {}

    def audit(name: str, url: str) -> None:
        response = page.goto(base + url)
        served[name] = response.text()
        axe[name] = axe_violations(page, axe_source)

    audit("home", "/")
    audit("blog index", "/blog/")
    audit("article with a deep thread", article.url)
    audit("reply page", f"/comments/reply/{deep_comment.pk}/")
    audit("tag page", "/blog/tag/transport/")
    audit("search results", "/search/?q=trains")
    audit("404 page", "/no-such-page/")
    audit("report page", f"/comments/flag/{deep_comment.pk}/")
    audit("sign in", "/accounts/login/")
    audit("sign up", "/accounts/signup/")
    audit("password reset", "/accounts/password/reset/")
    audit("guest data request", "/comments/your-data/")
    page.goto(base + article.url)
    with page.expect_navigation() as navigation:
        page.locator("#comment-form button[type=submit]").click()
    served["form with errors"] = navigation.value.text()
    axe["form with errors"] = axe_violations(page, axe_source)
    context.close()

    nu = nu_errors(nu_checker, served, tmp_path)
    failures = {name: found for name, found in axe.items() if found}
    failures.update({f"{name} (Nu)": found for name, found in nu.items() if found})
    assert "Comment" in served["form with errors"]
    assert not failures, json.dumps(failures, indent=2)


@pytest.mark.parametrize("width", [1400, 375])
def test_moderation_desk_has_no_serious_accessibility_problems(
    browser, live_server, admin_client, admin_user, axe_source, width
):
    article = BlogPageFactory()
    parent = CommentFactory(content_object=article, user_email="held@example.com")
    held = CommentFactory(
        content_object=article,
        parent=parent,
        status=Status.HELD,
        user_name="Held",
        user_email="held@example.com",
        comment="Hi <b onclick=x()>there</b> <script>alert(1)</script>",
    )
    comment_redact(comment=parent, editor=admin_user, text="Edited words", note="Privacy")
    record_decision(
        evaluate(submission_for(held), Facts(now=timezone.now()), PolicySnapshot()),
        stage="posting",
        comment=held,
    )
    session = admin_client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    problems = {}
    for name, path in (
        ("queue", "/admin/moderation/?queue=pending"),
        ("detail", f"/admin/moderation/{held.pk}/?queue=pending"),
        ("redacted detail", f"/admin/moderation/{parent.pk}/"),
        ("edit", f"/admin/moderation/{held.pk}/edit/"),
        ("dashboard", "/admin/"),
    ):
        page.goto(live_server.url + path)
        assert "/admin/login/" not in page.url
        found = axe_violations(page, axe_source, impacts={"serious", "critical"})
        if found:
            problems[name] = found
    context.close()
    assert not problems, json.dumps(problems, indent=2)


@pytest.mark.parametrize("width", [375, 1280])
def test_long_words_and_names_never_widen_the_page(browser, live_server, width):
    article = BlogPageFactory(title="T" * 250)
    parent = CommentFactory(content_object=article, user_name=LONG_NAME, comment=LONG_WORD)
    CommentFactory(content_object=article, parent=parent, user_name=LONG_NAME, comment=LONG_WORD)
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + article.url)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    context.close()
    assert widths[0] <= widths[1] == width


def test_invalid_fields_are_outlined_in_red(browser, live_server):
    article = BlogPageFactory()
    page = browser.new_page()
    page.goto(live_server.url + article.url)
    page.locator("#id_email").fill("not-an-email")
    with page.expect_navigation():
        page.locator("#comment-form button[type=submit]").click()
    colours = {
        field: page.eval_on_selector(f"#id_{field}", "e => getComputedStyle(e).borderTopColor")
        for field in ("name", "email", "comment", "url")
    }
    page.close()
    assert colours["name"] == colours["email"] == colours["comment"] == "rgb(164, 0, 0)"
    assert colours["url"] != "rgb(164, 0, 0)"
