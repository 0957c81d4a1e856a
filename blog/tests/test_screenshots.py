"""Proof by pictures: the public pages at 375, 768 and 1280 px, light and dark.

Each page is photographed into test-artifacts/screenshots/ (kept by CI, named in the README)
and checked for what a reader would notice: sideways scrolling, comment boxes drawn over one
another, tap targets under 24 × 24 px (WCAG 2.2), layout shift after load (CLS), and text
colours axe finds too faint, in both colour schemes.

Needs Debian's Chromium and `npm ci` (axe-core); skipped without them unless REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from blog.demo import DEMO_FILE
from blog.models import BlogPage
from blog.tests.factories import BlogPageFactory
from comments.models import Status
from comments.tests.browser import BROWSER_TEST_MARKS
from comments.tests.factories import CommentFactory

pytestmark = BROWSER_TEST_MARKS

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
WIDTHS = (375, 768, 1280)
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
NAMES = ["Urs", "Vreni", "Amira Haddad", "Tomás", "Li Wei", "Grace O'Neill", "Jonas", "Fatou"]
WORDS = (
    "The militias named in the report answer to commanders outside Syria, and the evidence "
    "for that is stronger than the article suggests. "
)

# Every target a reader taps in the places this checks (links inside running text are exempt).
TAP_TARGETS = (
    ".comment-actions a, .article-tools a, .article-tools input, .comment-form input:not([type=hidden]), "
    ".comment-form button, .comment-form textarea, .site-header a, .site-header input, "
    ".site-header button, .pagination a, .comment-pages a, .footer-links a"
)
SMALL_TARGETS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((e) => e.offsetParent !== null)
  .map((e) => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width < 24 || r.height < 24)
  .map(([e, r]) => `${e.outerHTML.slice(0, 80)} ${Math.round(r.width)}×${Math.round(r.height)}`)"""
# Boxes of one comment (avatar, name, date, text, actions) and sibling comments must not
# cross: any two that intersect by more than a pixel each way are reported.
OVERLAPS = """() => {
  const found = [];
  const cross = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const check = (elements, where) => {
    const boxes = elements.filter((e) => e.offsetParent !== null)
      .map((e) => [e, e.getBoundingClientRect()]);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        if (cross(boxes[i][1], boxes[j][1]))
          found.push(`${where}: ${boxes[i][0].className} × ${boxes[j][0].className}`);
  };
  for (const body of document.querySelectorAll(".comment-body")) {
    const id = body.parentElement.id;
    check([...body.children], id);
    const meta = body.querySelector(".comment-meta");
    if (meta) check([...meta.children], id + " meta");
    const actions = body.querySelector(".comment-actions");
    if (actions) check([...actions.children], id + " actions");
  }
  for (const list of document.querySelectorAll(".comment-list, .children"))
    check([...list.children], "siblings");
  return found;
}"""
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((entries) => {
    for (const e of entries.getEntries()) if (!e.hadRecentInput) total += e.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 300);
})"""


def _deep_thread(article) -> int:
    """Ten threads of replies three levels deep: 50 comments, with a staff answer, an edit by
    a moderator and a removed comment whose replies stay."""
    start = timezone.now() - timedelta(days=2)
    made = 0

    def comment(parent=None, **extra):
        nonlocal made
        made += 1
        return CommentFactory(
            content_object=article,
            parent=parent,
            user_name=NAMES[made % len(NAMES)],
            user_email=f"reader{made % len(NAMES)}@example.com",
            comment=WORDS * (1 + made % 3),
            submit_date=start + timedelta(minutes=7 * made),
            **extra,
        )

    for thread in range(10):
        top = comment(status=Status.REMOVED) if thread == 3 else comment()
        first = comment(top, is_staff_reply=thread == 1)
        second = comment(first, redacted_at=timezone.now() if thread == 2 else None)
        comment(second)
        comment(top)
    return made


@pytest.fixture
def pages():
    """The demo site, its reference article with a 50-comment thread, and an article with an
    image so that the home page's lead has one."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    call_command("load_demo", verbosity=0)
    reference = BlogPage.objects.get(slug=json.loads(DEMO_FILE.read_text())["articles"][0]["slug"])
    blog = reference.get_parent()
    image = Image.objects.create(title="Harbour", file=get_test_image_file(size=(1200, 675)))
    lead = BlogPageFactory(
        parent=blog,
        title="Night trains return to the Alps",
        image=image,
        standfirst="Sleeper services are back, and readers have views on the timetable.",
    )
    lead.save_revision().publish()
    assert _deep_thread(reference) == 50
    return {"home": "/", "blog-index": "/blog/", "article": reference.url}


def _shoot(page, name: str, width: int, scheme: str) -> dict[str, list]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}-{scheme}.png", full_page=True)
    thread = page.locator(".comment-list > li:has(.children .children .children)").nth(1)
    if name == "article" and thread.count():  # one deep thread, close up
        thread.screenshot(path=SCREENSHOTS / f"thread-{width}-{scheme}.png")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    problems = {
        "overflow": [f"{widths[0]} px wide at {widths[1]}"] if widths[0] > widths[1] else [],
        "overlap": page.evaluate(OVERLAPS),
        "small targets": page.evaluate(SMALL_TARGETS, TAP_TARGETS),
    }
    shift = page.evaluate(LAYOUT_SHIFT)
    problems["layout shift"] = [shift] if shift > 0 else []
    return {f"{name} {width} {scheme} {k}": v for k, v in problems.items() if v}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_fit_every_width_without_overlaps_small_targets_or_shifts(
    browser, live_server, pages, scheme
):
    problems: dict[str, list] = {}
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme, reduced_motion="reduce"
        )
        page = context.new_page()
        for name, path in pages.items():
            page.goto(live_server.url + path, wait_until="load")
            problems.update(_shoot(page, name, width, scheme))
        page.goto(live_server.url + pages["article"])
        with page.expect_navigation():
            page.locator("#comment-form button[type=submit]").click()
        problems.update(_shoot(page, "error-form", width, scheme))
        context.close()
    assert not problems, json.dumps(problems, indent=2)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_colours_pass_axe_contrast_in_both_schemes(browser, live_server, pages, scheme):
    if not AXE.exists():
        pytest.skip("no axe-core in node_modules: run `npm ci`")
    axe_source = AXE.read_text(encoding="utf-8")
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    found = {}
    for name, path in pages.items():
        page.goto(live_server.url + path)
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(
            "async () => (await axe.run(document, {runOnly: ['color-contrast']})).violations"
        )
        found[name] = [
            f"{n['target']}: {n['failureSummary'][:160]}" for v in violations for n in v["nodes"]
        ]
    context.close()
    assert not any(found.values()), json.dumps(found, indent=2)


def test_reply_form_keeps_the_answered_comment_in_view(browser, live_server, pages):
    context = browser.new_context(viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto(live_server.url + pages["article"])
    link = page.locator(".children .children .comment-reply-link").nth(3)
    answered = link.locator("xpath=ancestor::li[contains(@class,'comment')][1]")
    link.click()
    meta_top = answered.locator(".comment-meta").first.evaluate(
        "e => e.getBoundingClientRect().top"
    )
    focused = page.evaluate("() => document.activeElement.name")
    context.close()
    assert 0 <= meta_top < 700
    assert focused == "comment"
