"""Proof by pictures: the public pages at 375, 768 and 1280 px, light and dark.

Each page is photographed into test-artifacts/screenshots/ (kept by CI, named in the README)
and checked for what a reader would notice: sideways scrolling, comment boxes drawn over one
another, tap targets under 24 × 24 px (WCAG 2.2), layout shift after load (CLS), and text
colours axe finds too faint, in both colour schemes.

Needs Debian's Chromium and `npm ci` (axe-core); skipped without them unless REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from comments.tests.browser import BROWSER_TEST_MARKS

pytestmark = BROWSER_TEST_MARKS

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
WIDTHS = (375, 768, 1280)
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
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
    browser, live_server, reading_site, scheme
):
    problems: dict[str, list] = {}
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme, reduced_motion="reduce"
        )
        page = context.new_page()
        for name, path in reading_site.items():
            page.goto(live_server.url + path, wait_until="load")
            problems.update(_shoot(page, name, width, scheme))
        page.goto(live_server.url + reading_site["article"])
        with page.expect_navigation():
            page.locator("#comment-form button[type=submit]").click()
        problems.update(_shoot(page, "error-form", width, scheme))
        context.close()
    assert not problems, json.dumps(problems, indent=2)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_colours_pass_axe_contrast_in_both_schemes(browser, live_server, reading_site, scheme):
    if not AXE.exists():
        pytest.skip("no axe-core in node_modules: run `npm ci`")
    axe_source = AXE.read_text(encoding="utf-8")
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    found = {}
    for name, path in reading_site.items():
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


def test_reply_form_keeps_the_answered_comment_in_view(browser, live_server, reading_site):
    context = browser.new_context(viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto(live_server.url + reading_site["article"])
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
