"""From the top of an article: jump links to its discussion and form; and how it prints."""

import pytest

from comments.tests.factories import CommentFactory


@pytest.mark.django_db
def test_article_top_links_to_the_comment_count_and_the_form(client, article):
    CommentFactory(content_object=article)
    CommentFactory(content_object=article)
    html = client.get(article.url).content.decode()
    tools = html.index('class="article-tools"')
    assert tools < html.index('class="article-body"')
    assert '<a href="#comments">2 Comments</a>' in html[tools:]
    assert '<a href="#respond">Write a comment</a>' in html[tools:]
    assert 'id="respond"' in html and 'id="comments"' in html


@pytest.mark.django_db
def test_article_without_comments_says_so_at_the_top(client, article):
    html = client.get(article.url).content.decode()
    assert '<a href="#comments">No comments yet</a>' in html


def _printed(page, selector: str) -> bool:
    return page.eval_on_selector(selector, "e => e.checkVisibility()")


@pytest.mark.browser  # as comments.tests.browser.BROWSER_TEST_MARKS: the live server
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # needs committed data
@pytest.mark.parametrize("with_comments", [False, True])
def test_print_shows_the_article_and_comments_only_when_chosen(
    browser, live_server, article, with_comments
):
    CommentFactory(content_object=article)
    page = browser.new_page()
    page.goto(live_server.url + article.url)
    if with_comments:
        page.get_by_label("Print with comments").check()
    page.emulate_media(media="print")
    shown = {
        name: _printed(page, selector)
        for name, selector in {
            "article": ".article-body",
            "comments": ".comment-list",
            "navigation": ".site-header",
            "form": "#comment-form",
            "tools": ".article-tools",
            "footer": ".site-footer",
        }.items()
    }
    page.close()
    assert shown == {
        "article": True,
        "comments": with_comments,
        "navigation": False,
        "form": False,
        "tools": False,
        "footer": False,
    }
